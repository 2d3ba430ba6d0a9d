from .import_common import RiskCase


class TestOrderRisk(RiskCase):
    """Orders scored before confirmation; held ones released or cancelled after review."""

    def test_twelve_times_the_usual_total_is_held_then_released_paid(self):
        log = self.run_event(self.xcart())
        order = self.order_of(log)
        self.assertEqual(order.partner_id, self.jane)
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.storefront_held)
        self.assertEqual(order.storefront_risk_level, "high")
        self.assertGreaterEqual(order.storefront_risk_score, 60)
        self.assertIn(
            "Total 131.47 is 12.0 times this customer's median of 11.00",
            order.storefront_risk_facts,
        )
        self.assertFalse(order.invoice_ids)
        self.assertIn("held for review", log.response_summary)
        self.assertIn("12.0 times", log.response_summary)
        activity = order.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.channel.user_id)
        self.assertEqual(self.channel.held_order_count, 1)

        self.release_paid(order, 131.47)
        self.assertFalse(order.activity_ids)
        # A later update of the released order does not hold it again.
        self.run_event(self.xcart(update_date="2026-11-21T09:00:00+00:00"), "order.updated")
        self.assertFalse(order.storefront_held)

    def test_update_of_a_held_order_keeps_it_held(self):
        order = self.order_of(self.run_event(self.xcart()))
        log = self.run_event(self.xcart(update_date="2026-11-21T09:00:00+00:00"), "order.updated")
        self.assertEqual(log.state, "done", log.error_message)
        self.assertIn("still held for review", log.response_summary)
        self.assertTrue(order.storefront_held)
        self.assertEqual(order.state, "draft")

    def test_cancel_held_order_pushes_the_cancellation(self):
        order = self.order_of(self.run_event(self.xcart()))
        order.action_storefront_cancel_held()
        self.assertEqual(order.state, "cancel")
        self.assertFalse(order.storefront_held)
        pushed = self.Log.search(
            [("event_type", "=", "order.status"), ("direction", "=", "out")]
        ).filtered(lambda row: row.payload.get("order_id") == order.id)
        self.assertEqual(pushed.payload["status"], "cancelled")
        self.assertEqual(pushed.external_id, "10452")

    def test_flag_only_channel_confirms_and_shows_the_risk(self):
        self.channel.risk_high_action = "flag"
        order = self.order_of(self.run_event(self.xcart()))
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.storefront_held)
        self.assertEqual(order.storefront_risk_level, "high")
        self.assertTrue(order.invoice_ids)

    def test_trusted_customer_is_never_held(self):
        self.channel.risk_whitelist_ids = self.jane
        order = self.order_of(self.run_event(self.xcart()))
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.storefront_risk_level, "none")
        self.assertIn("whitelist", order.storefront_risk_facts)

    def test_usual_order_is_not_held(self):
        self.env["sale.order"].search([("partner_id", "=", self.jane.id)]).order_line.write(
            {"price_unit": 130.0}
        )
        order = self.order_of(self.run_event(self.xcart()))
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.storefront_risk_level, "none")
        self.assertFalse(order.storefront_risk_facts)
