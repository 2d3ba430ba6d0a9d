"""Run a storefront simulator in the foreground: python3 -m sandbox --platform xcart."""

import argparse
import logging
import signal
import sys
import threading

from . import ClaritySandbox, XCartSandbox

_logger = logging.getLogger(__name__)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--platform", choices=("xcart", "clarity"), default="xcart")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--samples", action="store_true", help="load the sample objects")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    sandbox = (XCartSandbox if args.platform == "xcart" else ClaritySandbox)(port=args.port)
    if args.samples:
        sandbox.load_samples()
    sandbox.start()
    if args.platform == "xcart":
        _logger.info("X-Cart sandbox on %s", sandbox.url)
    else:
        _logger.info("Clarity sandbox on %s", sandbox.api_url)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    try:
        stop.wait()
    finally:
        sandbox.stop()


if __name__ == "__main__":
    main()
