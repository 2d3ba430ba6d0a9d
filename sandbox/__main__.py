"""Run a storefront simulator in the foreground: python3 -m sandbox --platform xcart."""

import argparse
import signal
import threading

from . import ClaritySandbox, XCartSandbox


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--platform", choices=("xcart", "clarity"), default="xcart")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--samples", action="store_true", help="load the sample objects")
    args = parser.parse_args()
    sandbox = (XCartSandbox if args.platform == "xcart" else ClaritySandbox)(port=args.port)
    if args.samples:
        sandbox.load_samples()
    sandbox.start()
    if args.platform == "xcart":
        print(
            f"X-Cart sandbox on {sandbox.url} (token rw-token, legacy key legacy-rw)",
            flush=True,
        )
    else:
        print(
            f"Clarity sandbox on {sandbox.api_url} (client cid/csecret, user api/pw)",
            flush=True,
        )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()


if __name__ == "__main__":
    main()
