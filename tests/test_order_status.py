"""Statuses that never confirm: refunded, failed, declined."""

from odoo import Command

from .import_common import ImportCase


class TestNeverConfirmed(ImportCase):
    def own_outbound(self):
        return self.Log.search([("channel_id", "=", self.channel.id), ("direction", "=", "out")])

    def test_an_order_refunded_before_its_import_comes_in_cancelled(self):
        log = self.run_event(self.xcart(payment_status={"code": "R", "name": "Refunded"}))
        order = self.order_of(log)
        self.assertEqual(order.state, "cancel")
        self.assertFalse(order.picking_ids, "no delivery for goods the store refunded")
        self.assertFalse(order.invoice_ids)
        self.assertIn("refunded on the storefront", log.response_summary)
        self.assertFalse(self.own_outbound(), "the store cancelled it: nothing is pushed back")
        refund = self.run_event({"order_id": 10452, "amount": 5}, event="refund.created")
        self.assertEqual(refund.state, "done", refund.error_message)
        self.assertIn("nothing to credit", refund.response_summary)
        self.assertFalse(order.invoice_ids)

    def test_a_declined_payment_leaves_a_quotation(self):
        value_map = self.channel._get_value_maps()
        self.assertNotIn("X", value_map.get("order_status", {}))
        status_map = self.env["storefront.value.map"].search(
            [("code", "=", "order_status"), ("platform", "=", "xcart")], limit=1
        )
        status_map.line_ids = [Command.create({"source_value": "X", "target_value": "declined"})]
        order = self.order_of(self.run_event(self.xcart(payment_status={"code": "X"})))
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)

    def test_a_confirmed_order_refunded_later_keeps_its_state(self):
        order = self.order_of(self.run_event(self.xcart()))
        self.assertEqual(order.state, "sale")
        pickings = order.picking_ids
        refunded = self.xcart(payment_status={"code": "R"}, update_date="2026-11-22T00:00:00+00:00")
        self.order_of(self.run_event(refunded, event="order.updated"))
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.picking_ids, pickings)
