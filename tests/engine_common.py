"""The base of the engine tests on committed data."""

import uuid
from contextlib import contextmanager
from pathlib import Path
from unittest.mock import patch

from odoo import Command

from ..sandbox import XCartSandbox
from .common import ConcurrentCase, storable

WORKER = Path(__file__).resolve().parent.parent / "bin" / "sync_worker.py"
FIRST_ID = 7100


class CommittedCase(ConcurrentCase):
    """A channel on an X-Cart simulator, products bound to it, all committed."""

    products = 3

    def setUp(self):
        super().setUp()
        self.xcart = self.enterContext(XCartSandbox())
        tag = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = self.env_of(cr)
            warehouse = env["stock.warehouse"].search([], limit=1)
            channel = env["storefront.channel"].create(
                {
                    "name": f"Engine {tag}",
                    "platform": "xcart",
                    "base_url": self.xcart.url,
                    "xcart_token": "rw-token",
                    "rate_limit": 0,
                    "request_timeout": 2,
                    "retry_base_delay": 60,
                    "retry_max_delay": 600,
                    "max_attempts": 3,
                    "poll_interval": 0,
                    "warehouse_ids": [Command.set(warehouse.ids)],
                }
            )
            self.channel_id = channel.id
            self.product_ids = []
            for n in range(self.products):
                sku = f"ENG-{tag}-{n}"
                product = storable(env, sku, sku)
                self.product_ids.append(product.id)
                self.xcart.add_product({"id": FIRST_ID + n, "sku": sku, "amount": 99})
                env["storefront.binding"]._bind(channel, product, str(FIRST_ID + n))
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = self.env_of(cr)
            env["storefront.channel"].browse(self.channel_id).unlink()
            env["product.product"].browse(self.product_ids).unlink()

    def enqueue_rows(self, direction, event, count):
        """``count`` rows of ``event`` on the channel, committed; return their ids."""
        with self.registry.cursor() as cr:
            env = self.env_of(cr)
            channel = env["storefront.channel"].browse(self.channel_id)
            Log = env["storefront.sync.log"]
            return [Log._enqueue(channel, direction, event, {"n": n})[0].id for n in range(count)]

    @contextmanager
    def handler(self, fake):
        """Route every row, in any worker, to ``fake`` instead of the registered handler."""
        with patch.object(self.registry["storefront.sync.log"], "_get_handler", lambda log: fake):
            yield fake

    def queue_stock(self, count=None):
        """One stock row per product (the first ``count``), committed; return their ids."""
        with self.registry.cursor() as cr:
            env = self.env_of(cr)
            channel = env["storefront.channel"].browse(self.channel_id)
            Export = env["storefront.export.stock"]
            products = env["product.product"].browse(self.product_ids[:count])
            Export._queue(channel, products)
            return (
                env["storefront.sync.log"]
                .search([("channel_id", "=", self.channel_id)], order="id")
                .ids
            )

    def rows(self):
        """``{external id: (state, attempts)}`` as any worker sees them now."""
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT external_id, state, attempts FROM storefront_sync_log"
                " WHERE channel_id = %s",
                [self.channel_id],
            )
            return {ext: (state, attempts) for ext, state, attempts in cr.fetchall()}

    def process(self):
        """One call of the processing cron on a cursor of its own."""
        with self.registry.cursor() as cr:
            return self.env_of(cr)["storefront.sync.log"]._cron_process().ids

    def puts(self, product_id):
        path = f"/api/products/{product_id}"
        return [r for r in self.xcart.requests if r.method == "PUT" and r.path == path]
