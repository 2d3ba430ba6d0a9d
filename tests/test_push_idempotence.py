from ..sandbox.clarity import API_PREFIX
from .shipment_common import ShipmentCase


class TestIdempotentShipments(ShipmentCase):
    """A retried push never doubles its effect on the store."""

    def setUp(self):
        super().setUp()
        self.clarity.shipments.clear()

    def shipment_log(self, picking):
        return self.Log.search(
            [
                ("event_type", "=", "shipment.shipped"),
                ("res_model", "=", "stock.picking"),
                ("res_id", "=", picking.id),
            ]
        )

    def retry_now(self, log):
        log.write({"next_attempt_at": False})
        self.Log._cron_process()

    def test_clarity_shipment_applied_but_answer_lost_is_created_once(self):
        order = self.bound_order(channel=self.clarity_channel, external_id="88214")
        picking = self.ship(order.picking_ids, tracking="DHL-9")
        # the store applies every attempt, the answers never come back
        self.clarity.inject("lost", count=4, method="POST", path=API_PREFIX + "/Shipping/")
        self.Log._cron_process()
        log = self.shipment_log(picking)
        self.assertEqual((log.state, log.error_class), ("pending", "transient"))
        self.retry_now(log)
        self.assertEqual(log.state, "done", log.error_message)
        self.assertEqual(len(self.clarity.shipments), 1, "one shipment whatever the retries")
        (shipment,) = self.clarity.shipments.values()
        self.assertEqual(shipment["TrackingNumber"], "DHL-9")
        self.assertEqual(shipment["SalesOrderIDs"], [88214])
        posts = [r for r in self.clarity.requests if r.path.endswith("/Shipping/Shipment/Upsert")]
        self.assertEqual(len(posts), 5)
        self.assertEqual(len({r.json["CustomKey"] for r in posts}), 1, "one stable key")
        self.assertEqual(self.clarity.sales_orders[88214]["StatusKey"], "SHIPPED")

    def test_tracking_corrected_later_updates_the_same_clarity_shipment(self):
        order = self.bound_order(channel=self.clarity_channel, external_id="88214")
        picking = self.ship(order.picking_ids, tracking="DHL-TYPO")
        self.Log._cron_process()
        picking.carrier_tracking_ref = "DHL-10"
        self.Log._cron_process()
        self.assertEqual([s["TrackingNumber"] for s in self.clarity.shipments.values()], ["DHL-10"])

    def test_clarity_answer_without_result_is_a_success(self):
        self.clarity.omit_result = True
        self.addCleanup(setattr, self.clarity, "omit_result", False)
        order = self.bound_order(channel=self.clarity_channel, external_id="88214")
        picking = self.ship(order.picking_ids, tracking="DHL-11")
        self.Log._cron_process()
        self.assertEqual(self.shipment_log(picking).state, "done")
        self.assertEqual(len(self.clarity.shipments), 1)

    def test_ship_on_an_already_shipped_clarity_order_is_a_success(self):
        self.clarity.sales_orders[88214]["StatusKey"] = "SHIPPED"
        order = self.bound_order(channel=self.clarity_channel, external_id="88214")
        picking = self.ship(order.picking_ids, tracking="DHL-12")
        self.Log._cron_process()
        log = self.shipment_log(picking)
        self.assertEqual(log.state, "done", log.error_message)
        ship = [r for r in self.clarity.requests if r.method == "PATCH"]
        self.assertEqual(len(ship), 1, "refused as already shipped, then read, not retried")

    def test_legacy_tracking_read_before_write_after_a_lost_answer(self):
        self.channel.write({"xcart_legacy_key": "legacy-rw", "retry_base_delay": 0})
        order = self.bound_order()
        picking = self.ship(order.picking_ids, tracking="TRACK-77")
        self.xcart.inject("lost", method="PUT", path="/admin.php")
        self.Log._cron_process()
        log = self.shipment_log(picking)
        self.assertEqual((log.state, log.error_class), ("pending", "transient"))
        legacy_puts = [
            r for r in self.xcart.requests if r.path == "/admin.php" and r.method == "PUT"
        ]
        self.assertEqual(len(legacy_puts), 1, "the appending PUT is not retried blindly")
        self.retry_now(log)
        self.assertEqual(log.state, "done", log.error_message)
        self.assertIn("already on the order", log.response_summary)
        self.assertEqual(self.xcart.orders[10452]["tracking_numbers"], [{"value": "TRACK-77"}])


class TestShipmentCompleteness(ShipmentCase):
    def test_cancelled_backorder_pushes_the_shipped_status(self):
        self.channel.xcart_legacy_key = "legacy-rw"
        order = self.bound_order(quantity=4)
        first = self.ship(order.picking_ids, quantity=1, tracking="PART-1")
        self.Log._cron_process()
        self.assertEqual(self.xcart.orders[10452]["shipping_status"]["code"], "N")
        backorder = order.picking_ids - first
        backorder.action_cancel()
        self.Log._cron_process()
        self.assertEqual(self.xcart.orders[10452]["shipping_status"]["code"], "S")
        self.assertEqual(self.xcart.orders[10452]["tracking_numbers"], [{"value": "PART-1"}])
        self.assertFalse(self.Log.search([("state", "!=", "done")]))

    def test_backorder_cancelled_with_the_order_sends_no_shipped_status(self):
        order = self.bound_order(quantity=4)
        self.ship(order.picking_ids, quantity=1, tracking="PART-1")
        self.Log._cron_process()
        order._action_cancel()
        self.Log._cron_process()
        codes = [r.json["code"] for r in self.writes(self.xcart) if r.json]
        self.assertNotIn("S", codes)

    def return_goods(self, picking, quantity):
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({})
        )
        wizard.product_return_moves.quantity = quantity
        return self.ship(wizard._create_return(), tracking=False)

    def test_partial_return_does_not_mark_the_order_returned(self):
        order = self.bound_order(quantity=4)
        picking = self.ship(order.picking_ids)
        self.Log._cron_process()
        self.return_goods(picking, 1)
        self.Log._cron_process()
        self.assertEqual(self.xcart.orders[10452]["shipping_status"]["code"], "S")
        self.assertFalse(self.Log.search([("event_type", "=", "order.status")]))
        self.return_goods(picking, 3)
        self.Log._cron_process()
        self.assertEqual(self.xcart.orders[10452]["shipping_status"]["code"], "R")
