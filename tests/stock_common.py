"""The base of the stock export tests."""

from odoo import Command

from ..sandbox import XCartSandbox
from .common import StorefrontCase, storable


class StockCase(StorefrontCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.xcart = cls.enterClassContext(XCartSandbox().load_samples())
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.stock = cls.warehouse.lot_stock_id
        cls.channel.write(
            {
                "base_url": cls.xcart.url,
                "xcart_token": "rw-token",
                "rate_limit": 0,
                "warehouse_ids": [Command.set(cls.warehouse.ids)],
                "stock_quiet_seconds": 0,
            }
        )
        cls.tshirt = storable(cls.env, "T-shirt", "TSHIRT-BLK-M")
        cls.mug = storable(cls.env, "Mug", "MUG-0042")
        cls.unpublished = storable(cls.env, "Not sold online", "LOCAL-1")
        cls.Export = cls.env["storefront.export.stock"]
        cls.Dirty = cls.env["storefront.stock.dirty"]

    def setUp(self):
        super().setUp()
        self.xcart.load_samples()
        self.xcart.clear_requests()
        self.xcart.clear_faults()

    def commit_stock(self):
        """What a commit does: run the precommit hooks that write the dirty pairs."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def set_stock(self, product, quantity):
        self.env["stock.quant"]._update_available_quantity(
            product,
            self.stock,
            quantity - product.with_context(warehouse_id=self.warehouse.id).qty_available,
        )

    def export(self):
        self.Export._cron_export_stock()
        self.Log._cron_process()

    def puts(self):
        return [r for r in self.xcart.requests if r.method == "PUT"]
