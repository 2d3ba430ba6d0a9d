from contextlib import contextmanager
from unittest.mock import patch

from odoo import Command

from ..sandbox import XCartSandbox
from .common import ConcurrentCase, storable


class TestStockRace(ConcurrentCase):
    """A stock change committed while its row is processed is published afterwards.

    Real transactions: every step commits on its own cursor, as the cron
    workers and the users' requests do.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.xcart = cls.enterClassContext(XCartSandbox().load_samples())

    def setUp(self):
        super().setUp()
        with self.env() as env:
            warehouse = env["stock.warehouse"].search([], limit=1)
            channel = env["storefront.channel"].create(
                {
                    "name": "Stock race",
                    "platform": "xcart",
                    "base_url": self.xcart.url,
                    "xcart_token": "rw-token",
                    "rate_limit": 0,
                    "stock_quiet_seconds": 0,
                    "warehouse_ids": [Command.set(warehouse.ids)],
                    "import_orders": False,
                    "poll_interval": 0,
                }
            )
            product = storable(env, "Race", "RACE-1")
            env["storefront.binding"]._bind(channel, product, "57")
            self.ids = {
                "channel": channel.id,
                "product": product.id,
                "stock": warehouse.lot_stock_id.id,
            }
        self.addCleanup(self._cleanup)
        self.set_stock(5)
        self.export_and_process()
        self.assertEqual(self.xcart.products[57]["amount"], 5)

    def _cleanup(self):
        with self.env() as env:
            env["storefront.channel"].browse(self.ids["channel"]).unlink()
            product = env["product.product"].browse(self.ids["product"])
            env["storefront.stock.dirty"].search([("product_id", "=", product.id)]).unlink()
            product.active = False

    @contextmanager
    def env(self):
        """A committed unit of work: ``with self.env() as env``."""
        with self.registry.cursor() as cr:
            yield self.env_of(cr)

    def set_stock(self, quantity):
        with self.env() as env:
            product = env["product.product"].browse(self.ids["product"])
            location = env["stock.location"].browse(self.ids["stock"])
            env["stock.quant"]._update_available_quantity(
                product,
                location,
                quantity - product.with_context(location=location.id).qty_available,
            )

    def export(self):
        with self.env() as env:
            env["storefront.export.stock"]._cron_export_stock()

    def process(self):
        with self.env() as env:
            return env["storefront.sync.log"]._cron_process()

    def export_and_process(self):
        self.export()
        for _run in range(5):
            if not self.process():
                break

    def test_change_committed_while_the_row_runs_is_published(self):
        self.set_stock(6)
        self.export()
        Export = self.registry["storefront.export.stock"]
        original = Export._process_log
        fired = []

        def racing(model, log):
            # Between the claim and the handler: a user validates a stock move,
            # then the export cron runs, each in its own committed transaction.
            if not fired:
                fired.append(log.id)
                self.set_stock(7)
                self.export()
            return original(model, log)

        with patch.object(Export, "_process_log", racing):
            self.process()
        self.assertTrue(fired)
        for _run in range(5):
            if not self.process():
                break
        self.assertEqual(self.xcart.products[57]["amount"], 7, "the last change reached the store")
        with self.env() as env:
            binding = env["storefront.binding"]._find(
                env["storefront.channel"].browse(self.ids["channel"]), "product.product", "57"
            )
            self.assertEqual(binding.last_sent_value, "7")
