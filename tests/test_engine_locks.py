"""No business row stays locked while an outbound push waits for the storefront.

The storefront holds the request (a slow answer) while another transaction
takes ``FOR UPDATE NOWAIT`` on every business row the push involves: the
quant (reserved by a confirmed order), the binding, the product, the picking
and the sale order. Real transactions, committed, as the cron workers run them.
"""

import threading
import time

import psycopg2

from odoo import Command

from .engine_common import FIRST_ID, CommittedCase

SLOW_SECONDS = 3
ORDER_ID = "10452"


class TestNoLockAcrossStorefrontCalls(CommittedCase):
    products = 1

    def setUp(self):
        super().setUp()
        self.xcart.load_samples()
        with self.registry.cursor() as cr:
            env = self.env_of(cr)
            channel = env["storefront.channel"].browse(self.channel_id)
            product = env["product.product"].browse(self.product_ids)
            stock = channel.warehouse_ids[:1].lot_stock_id
            env["stock.quant"]._update_available_quantity(product, stock, 10)
            order = env["sale.order"].create(
                {
                    "partner_id": env["res.partner"].create({"name": "Lock probe"}).id,
                    "storefront_channel_id": channel.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 2})
                    ],
                }
            )
            env["storefront.binding"]._bind(channel, order, ORDER_ID)
            order.action_confirm()
            self.order_id, self.picking_id = order.id, order.picking_ids.id
            quants = env["stock.quant"].search([("product_id", "=", product.id)])
            self.assertTrue(sum(quants.mapped("reserved_quantity")), "the order reserved stock")
            self.business_rows = {
                "stock_quant": quants.ids,
                "storefront_binding": env["storefront.binding"]
                .search([("channel_id", "=", channel.id)])
                .ids,
                "product_product": self.product_ids,
                "stock_picking": [self.picking_id],
                "sale_order": [self.order_id],
            }

    def _cleanup(self):
        # A validated picking keeps its order and moves: the product is archived.
        with self.registry.cursor() as cr:
            env = self.env_of(cr)
            env["storefront.channel"].browse(self.channel_id).unlink()
            env["storefront.stock.dirty"].search([("product_id", "in", self.product_ids)]).unlink()
            env["product.product"].browse(self.product_ids).active = False

    def locked_tables(self):
        """The tables of which another transaction cannot lock the rows right now."""
        locked = []
        with self.registry.cursor() as cr:
            for table, ids in self.business_rows.items():
                try:
                    with cr.savepoint(flush=False):
                        cr.execute(
                            f'SELECT id FROM "{table}" WHERE id = ANY(%s) FOR UPDATE NOWAIT',
                            [ids],
                            log_exceptions=False,
                        )
                except psycopg2.errors.LockNotAvailable:
                    locked.append(table)
            cr.rollback()
        return locked

    def probe_during_call(self, method, path):
        """Process the queue in a worker thread; probe the locks while the store holds
        the call. Return the locked tables and the request."""
        self.xcart.inject("slow", method=method, path=path, delay=SLOW_SECONDS)
        worker = threading.Thread(target=self.process)
        worker.start()
        try:
            deadline = time.monotonic() + 30
            while not (
                calls := [r for r in self.xcart.requests if (r.method, r.path) == (method, path)]
            ):
                self.assertLess(time.monotonic(), deadline, "the push never reached the store")
                time.sleep(0.05)
            locked = self.locked_tables()
            self.assertIsNone(calls[0].status, "the probe ran while the call was in flight")
        finally:
            worker.join(60)
        self.assertEqual(calls[0].status, 200)
        return locked

    def test_probe_sees_a_lock_held_by_another_transaction(self):
        self.assertEqual(self.locked_tables(), [])
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT id FROM stock_quant WHERE id = ANY(%s) FOR UPDATE",
                [self.business_rows["stock_quant"]],
            )
            cr.execute("SELECT id FROM sale_order WHERE id = %s FOR NO KEY UPDATE", [self.order_id])
            self.assertEqual(self.locked_tables(), ["stock_quant", "sale_order"])
            cr.rollback()
        self.assertEqual(self.locked_tables(), [])

    def test_stock_push_holds_no_lock_during_the_call(self):
        self.queue_stock()
        self.assertEqual(self.probe_during_call("PUT", f"/api/products/{FIRST_ID}"), [])
        self.assertEqual(self.xcart.products[FIRST_ID]["amount"], 8, "10 on hand, 2 reserved")
        self.assertEqual(self.rows()[str(FIRST_ID)], ("done", 1))

    def test_shipment_push_holds_no_lock_during_the_call(self):
        with self.registry.cursor() as cr:
            picking = self.env_of(cr)["stock.picking"].browse(self.picking_id)
            picking.carrier_tracking_ref = "1Z-LOCK"
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
                move.picked = True
            picking._action_done()
        path = f"/api/orders/{ORDER_ID}/shipping_status"
        self.assertEqual(self.probe_during_call("PUT", path), [])
        self.assertEqual(self.xcart.orders[int(ORDER_ID)]["shipping_status"]["code"], "S")
