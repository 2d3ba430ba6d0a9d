from odoo import Command

from .shipment_common import ShipmentCase


class TestShipments(ShipmentCase):
    def test_xcart_shipped_without_legacy_key_notes_the_tracking_limit(self):
        order = self.bound_order()
        picking = self.ship(order.picking_ids)
        self.assertEqual(picking.storefront_sync_state, "pending")
        self.Log._cron_process()
        (put,) = self.writes(self.xcart)
        self.assertEqual((put.path, put.json), ("/api/orders/10452/shipping_status", {"code": "S"}))
        self.assertEqual(self.xcart.orders[10452]["shipping_status"]["code"], "S")
        log = self.Log.search([("res_model", "=", "stock.picking"), ("res_id", "=", picking.id)])
        self.assertEqual(log.state, "done")
        self.assertIn("not sent", log.response_summary)
        self.assertIn("1Z999", log.response_summary)
        picking.invalidate_recordset()
        self.assertEqual(picking.storefront_sync_state, "synced")
        self.assertEqual(order.storefront_sync_state, "synced")

    def test_xcart_tracking_through_the_legacy_key(self):
        self.channel.xcart_legacy_key = "legacy-rw"
        order = self.bound_order()
        self.ship(order.picking_ids, tracking="TRACK-42")
        self.Log._cron_process()
        tracking, status = self.writes(self.xcart)
        self.assertEqual(status.path, "/api/orders/10452/shipping_status")
        self.assertEqual((tracking.path, tracking.query["_path"]), ("/admin.php", "order/10452"))
        self.assertEqual(
            tracking.form, {"model": {"trackingNumbers": {"0": {"value": "TRACK-42"}}}}
        )
        self.assertEqual(self.xcart.orders[10452]["tracking_numbers"], [{"value": "TRACK-42"}])

    def test_tracking_set_after_validation_is_pushed(self):
        self.channel.xcart_legacy_key = "legacy-rw"
        order = self.bound_order()
        picking = self.ship(order.picking_ids, tracking=False)
        self.Log._cron_process()
        picking.carrier_tracking_ref = "LATE-1"
        self.Log._cron_process()
        self.assertEqual(self.xcart.orders[10452]["tracking_numbers"], [{"value": "LATE-1"}])

    def test_partial_shipment_then_backorder(self):
        self.channel.xcart_legacy_key = "legacy-rw"
        order = self.bound_order(quantity=4)
        first = self.ship(order.picking_ids, quantity=1, tracking="PART-1")
        self.Log._cron_process()
        self.assertEqual([r.path for r in self.writes(self.xcart)], ["/admin.php"])
        self.assertEqual(self.xcart.orders[10452]["shipping_status"]["code"], "N")
        log = self.Log.search([("res_model", "=", "stock.picking"), ("res_id", "=", first.id)])
        self.assertIn("Partial shipment", log.response_summary)
        backorder = order.picking_ids - first
        self.assertEqual(backorder.state, "assigned")
        self.ship(backorder, tracking="PART-2")
        self.Log._cron_process()
        self.assertEqual(self.xcart.orders[10452]["shipping_status"]["code"], "S")
        self.assertEqual(
            [t["value"] for t in self.xcart.orders[10452]["tracking_numbers"]], ["PART-1", "PART-2"]
        )

    def test_clarity_shipment_then_ship_action(self):
        order = self.bound_order(channel=self.clarity_channel, external_id="88214")
        self.ship(order.picking_ids, tracking="DHL-7")
        self.Log._cron_process()
        create, ship = self.writes(self.clarity)
        self.assertTrue(create.path.endswith("/Shipping/Shipment/Upsert"))
        self.assertEqual(create.json["SalesOrderIDs"], [88214])
        self.assertEqual(create.json["TrackingNumber"], "DHL-7")
        self.assertEqual((ship.method, ship.path.rsplit("/", 2)[-2:]), ("PATCH", ["Ship", "88214"]))
        self.assertEqual(self.clarity.sales_orders[88214]["StatusKey"], "SHIPPED")

    def test_unbound_orders_and_disabled_flow_queue_nothing(self):
        order = self.bound_order()
        self.channel.export_shipments = False
        self.ship(order.picking_ids)
        unbound = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        unbound.action_confirm()
        self.ship(unbound.picking_ids)
        self.assertFalse(self.Log.search([("event_type", "=", "shipment.shipped")]))
        self.assertEqual(unbound.picking_ids.storefront_sync_state, "none")

    def test_failure_shown_on_the_picking_then_retried(self):
        self.channel.write({"max_attempts": 2, "retry_base_delay": 0, "retry_max_delay": 0})
        order = self.bound_order()
        picking = self.ship(order.picking_ids)
        self.xcart.inject("503", count=8, method="PUT")
        self.Log._cron_process()
        self.Log._cron_process()
        picking.invalidate_recordset()
        self.assertEqual(picking.storefront_sync_state, "failed")
        self.assertIn("503", picking.storefront_sync_message)
        Picking = self.env["stock.picking"]
        self.assertIn(picking, Picking.search([("storefront_sync_state", "=", "failed")]))
        self.assertNotIn(picking, Picking.search([("storefront_sync_state", "=", "synced")]))
        self.assertNotIn(picking, Picking.search([("storefront_sync_state", "=", "none")]))
        picking.action_storefront_retry()
        picking.invalidate_recordset()
        self.assertEqual(picking.storefront_sync_state, "pending")
        self.Log._cron_process()
        picking.invalidate_recordset()
        self.assertEqual(picking.storefront_sync_state, "synced")
        self.assertEqual(
            picking.action_view_storefront_logs()["domain"][0][2],
            self.Log.search([("res_id", "=", picking.id), ("res_model", "=", "stock.picking")]).ids,
        )


class TestOrderStatus(ShipmentCase):
    def test_cancellation_is_pushed(self):
        order = self.bound_order()
        order._action_cancel()
        self.Log._cron_process()
        (put,) = self.writes(self.xcart)
        self.assertEqual(
            (put.path, put.json), ("/api/orders/10452/shipping_status", {"code": "WND"})
        )
        self.assertEqual(order.storefront_sync_state, "synced")

    def test_cancellation_from_the_storefront_is_not_pushed_back(self):
        order = self.bound_order()
        order.with_context(storefront_import=True)._action_cancel()
        self.assertFalse(self.Log.search([("event_type", "=", "order.status")]))

    def test_clarity_cancellation_voids(self):
        order = self.bound_order(channel=self.clarity_channel, external_id="88214")
        order._action_cancel()
        self.Log._cron_process()
        writes = [(r.method, r.path) for r in self.writes(self.clarity)]
        voids = [path for _method, path in writes if "/SalesOrder/Void/" in path]
        # Only the void is asserted: the order's other writes are other flows'.
        self.assertEqual(len(voids), 1, writes)
        self.assertTrue(voids[0].endswith("/Ordering/SalesOrder/Void/88214"))

    def test_return_is_pushed(self):
        order = self.bound_order()
        picking = self.ship(order.picking_ids)
        self.Log._cron_process()
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({})
        )
        wizard.product_return_moves.quantity = 4
        returned = wizard._create_return()
        self.ship(returned, tracking=False)
        self.Log._cron_process()
        self.assertEqual(self.xcart.orders[10452]["shipping_status"]["code"], "R")
        log = self.Log.search([("event_type", "=", "order.status")])
        self.assertEqual((log.state, log.res_model, log.res_id), ("done", "sale.order", order.id))
