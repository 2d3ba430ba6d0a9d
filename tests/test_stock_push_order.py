"""Pushes of one product are serialized: the store ends at Odoo's latest quantity."""

from ..connectors import errors
from .engine_common import FIRST_ID, CommittedCase


class TestStockPushOrder(CommittedCase):
    products = 1

    def set_quantity(self, quantity):
        with self.registry.cursor() as cr:
            env = self.env_of(cr)
            product = env["product.product"].browse(self.product_ids[0])
            location = env["stock.warehouse"].search([], limit=1).lot_stock_id
            env["stock.quant"]._update_available_quantity(
                product, location, quantity - product.qty_available
            )

    def remove_quants(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM stock_quant WHERE product_id = ANY(%s)", [self.product_ids])

    def test_a_row_read_before_a_newer_push_never_sends_its_older_quantity(self):
        self.addCleanup(self.remove_quants)
        self.set_quantity(5)
        older = self.queue_stock()
        with self.registry.cursor() as cr:  # claimed by worker A
            cr.execute("UPDATE storefront_sync_log SET state = 'running' WHERE id = %s", older)
        # Worker A is in its row's transaction: its snapshot sees 5.
        cr_a = self.registry.cursor()
        self.addCleanup(cr_a.close)
        env_a = self.env_of(cr_a)
        row_a = env_a["storefront.sync.log"].browse(older[0])
        cr_a.execute("SELECT count(*) FROM stock_quant")
        # Meanwhile the stock becomes 7 and worker B publishes it.
        self.set_quantity(7)
        newer = [i for i in self.queue_stock() if i not in older]
        with self.registry.cursor() as cr:
            env = self.env_of(cr)
            row_b = env["storefront.sync.log"].browse(newer)
            env["storefront.export.stock"]._process_log(row_b)
        self.assertEqual(self.xcart.products[FIRST_ID]["amount"], 7)
        # Worker A goes on: refused before any call, its row is retried.
        with self.assertRaises(errors.TransientError):
            env_a["storefront.export.stock"]._process_log(row_a)
            env_a.flush_all()
        cr_a.rollback()
        self.assertEqual(self.xcart.products[FIRST_ID]["amount"], 7, "5 never sent")
        self.assertEqual(len(self.puts(FIRST_ID)), 1)
