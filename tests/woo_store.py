"""A real WooCommerce store for tests: the kit's start-store, run-queue and stop-store.

The kit (WordPress and WooCommerce, unmodified, with scripts that run them on
127.0.0.1) is found at ``$WOO_KIT``, else at ``../shared/woo`` beside the
checkout. Without it the real-store tests are skipped, and ``bin/test`` says so.
"""

import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
SKIP_REASON = (
    "WooCommerce real-store tests did not run: no store kit at {kit} "
    "(set WOO_KIT to the folder holding start-store, or put the kit at ../shared/woo)."
)


def kit_path():
    """The kit folder named by WOO_KIT, else ../shared/woo beside the checkout."""
    return Path(os.environ.get("WOO_KIT") or CHECKOUT.parent / "shared" / "woo")


def kit_found():
    return (kit_path() / "start-store").is_file()


def run_kit(script, *args, **options):
    """Run one of the kit's scripts, its output captured."""
    return subprocess.run(
        [str(kit_path() / script), *map(str, args)], capture_output=True, **options
    )


class WooStore:
    """One running store: its ``store.json`` facts and the kit's REST client (``rest``)."""

    def __init__(self, root, facts):
        self.root = root
        self.facts = facts
        self.url = facts["url"]
        spec = importlib.util.spec_from_file_location("woo_rest", kit_path() / "woo_rest.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        self.rest = module.Woo(self.url, facts["consumer_key"], facts["consumer_secret"])

    def channel_values(self, **values):
        """The values of a channel on this store, without rate limit."""
        return {
            "platform": "woocommerce",
            "base_url": self.url,
            "woocommerce_consumer_key": self.facts["consumer_key"],
            "woocommerce_consumer_secret": self.facts["consumer_secret"],
            "rate_limit": 0,
            **values,
        }

    @classmethod
    def start(cls, hook_port):
        """Start a store whose webhooks may reach ``hook_port`` on 127.0.0.1."""
        folder = tempfile.mkdtemp(prefix="woo-store-")
        root = Path(folder) / "store"
        result = run_kit(
            "start-store", root, "--hook-port", hook_port, text=True, timeout=300, check=False
        )
        if result.returncode:
            shutil.rmtree(folder, ignore_errors=True)
            raise RuntimeError(f"start-store failed: {result.stderr.strip()[-500:]}")
        return cls(root, json.loads(result.stdout.strip().splitlines()[-1]))

    def stop(self):
        run_kit("stop-store", self.root, timeout=60, check=False)
        shutil.rmtree(self.root.parent, ignore_errors=True)

    def run_queue(self):
        """Send the queued webhook deliveries now (returns when they are sent)."""
        run_kit("run-queue", self.root, timeout=120, check=True)

    def call(self, method, path, body=None, **params):
        """A REST v3 call (``path`` under /wc/v3); the parsed answer, or AssertionError."""
        status, answer, _headers = self.rest.request(
            method, f"/wc/v3{path}", body=body, params=params or None
        )
        if status >= 400:
            raise AssertionError(f"{method} {path} -> {status}: {answer}")
        return answer
