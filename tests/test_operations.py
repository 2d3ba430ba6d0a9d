import json
from datetime import timedelta

from odoo import Command, fields

from ..sandbox import XCartSandbox
from .common import StorefrontCase, load_sample, storable


class TestWorkingDefaults(StorefrontCase):
    def test_channel_with_only_url_and_credentials_imports_paid_order_with_shipping(self):
        fixed = self.env["account.tax"].create(
            {"name": "Sales tax 3.00 per unit (defaults)", "amount": 3.0, "amount_type": "fixed"}
        )
        for code, price in (("TSHIRT-BLK-M", 19.99), ("MUG-0042", 69.99)):
            storable(self.env, code, code, list_price=price, taxes_id=[Command.set(fixed.ids)])
        channel = self.env["storefront.channel"].create(
            {
                "name": "Two-minute store",
                "platform": "xcart",
                "base_url": "http://127.0.0.1:9",
                "xcart_token": "token",
            }
        )
        self.assertTrue(channel.warehouse_ids)
        self.assertEqual(channel.payment_journal_id.type, "bank")
        self.assertTrue(channel.team_id)
        shipping = channel.delivery_product_id
        self.assertEqual(shipping.type, "service")
        self.assertFalse(shipping.taxes_id)
        self.assertEqual(shipping.name, "Storefront shipping")
        other = self.env["storefront.channel"].create({"name": "Second", "platform": "clarity"})
        self.assertEqual(other.delivery_product_id, shipping, "created once, then shared")

        order_obj = load_sample("xcart55_order.json")
        log, _created = self.Log._enqueue(
            channel, "in", "order.created", order_obj, external_id=str(order_obj["id"])
        )
        self.Log._cron_process()
        self.assertEqual(log.state, "done", log.error_message)
        order = self.env["sale.order"].browse(log.res_id)
        self.assertEqual(order.state, "sale")
        self.assertIn(shipping, order.order_line.product_id)
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertAlmostEqual(invoice.amount_total, order_obj["total"], places=2)

    def test_checklist_shows_what_is_missing_before_the_first_order(self):
        channel = self.env["storefront.channel"].create({"name": "Bare", "platform": "xcart"})
        self.assertFalse(channel.has_imported_order)
        checks = dict(channel._get_setup_checks())
        self.assertFalse(checks["Store URL"])
        self.assertFalse(checks["API credentials"])
        self.assertTrue(checks["Shipping product for shipping charges"])
        self.assertIn("fa-times", channel.setup_checklist)
        missing = channel.setup_missing_count
        channel.write({"base_url": "http://127.0.0.1:9", "xcart_token": "t"})
        self.assertEqual(channel.setup_missing_count, missing - 2)


class TestConnectionAndOperations(StorefrontCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.xcart = cls.enterClassContext(XCartSandbox(token="rw-token"))
        cls.xcart.load_samples()
        cls.channel.write(
            {"base_url": cls.xcart.url, "xcart_token": "rw-token", "request_timeout": 2}
        )

    def setUp(self):
        super().setUp()
        self.xcart.clear_requests()
        self.xcart.clear_faults()

    def test_test_connection_reports_products_and_last_order_read_only(self):
        self.env["storefront.api.stat"]._flush_counts()  # start from zero in this process
        action = self.channel.action_test_connection()
        params = action["params"]
        self.assertEqual(params["type"], "success", params["message"])
        self.assertIn(f"{len(self.xcart.products)} products", params["message"])
        self.assertIn("2026-11-20", params["message"])
        self.assertTrue(self.channel.last_test_date)
        self.assertEqual({r.method for r in self.xcart.requests}, {"GET"})
        calls = len(self.xcart.requests)
        self.env["storefront.api.stat"]._flush_counts()
        stat = self.env["storefront.api.stat"].search([("channel_id", "=", self.channel.id)])
        self.assertEqual(stat.calls, calls)
        self.assertEqual(self.channel.dash_api_calls_24h, calls)

    def test_test_connection_classifies_refused_credentials(self):
        self.channel.xcart_token = "wrong"
        action = self.channel.action_test_connection()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("Credentials refused", action["params"]["message"])
        self.assertNotIn("wrong", action["params"]["message"])
        self.assertFalse(self.channel.last_test_date)
        self.env["storefront.api.stat"]._flush_counts()
        stat = self.env["storefront.api.stat"].search([("channel_id", "=", self.channel.id)])
        self.assertEqual(stat.errors, 1)

    def test_wizard_tests_then_connects_and_indexes_the_catalogue(self):
        sku = self.xcart.products[next(iter(self.xcart.products))]["sku"]
        product = storable(self.env, sku, sku)
        wizard = self.env["storefront.setup.wizard"].create(
            {
                "name": "Wizard store",
                "platform": "xcart",
                "base_url": self.xcart.url,
                "xcart_token": "rw-token",
            }
        )
        wizard.action_test()
        self.assertEqual(wizard.test_state, "ok", wizard.test_message)
        self.assertFalse(self.env["storefront.channel"].search([("name", "=", "Wizard store")]))
        action = wizard.action_connect()
        channel = self.env["storefront.channel"].browse(action["res_id"])
        self.assertEqual(channel.name, "Wizard store")
        self.assertTrue(action["context"]["storefront_show_webhook_instructions"])
        self.assertTrue(channel.warehouse_ids and channel.delivery_product_id)
        self.assertEqual(channel.catalogue_index_ids.state, "running", "indexed in the cron")
        self.Log._cron_process()
        self.assertEqual(channel.catalogue_index_ids.state, "done")
        binding = self.env["storefront.binding"].search(
            [("channel_id", "=", channel.id), ("res_model", "=", "product.product")]
        )
        self.assertEqual(binding.res_id, product.id)
        wizard.xcart_token = "nope"
        wizard.action_test()
        self.assertEqual(wizard.test_state, "failed")


class TestDashboardAndAlerts(StorefrontCase):
    def make_log(self, state, direction="in", minutes_ago=0, duration=None, delivery=None):
        log = self.enqueue(
            payload={"id": f"{state}-{self.counter}"}, direction=direction, delivery_id=delivery
        )
        self.counter += 1
        values = {"state": state}
        if duration is not None:
            values["duration_ms"] = duration
        self.env.cr.execute(
            "UPDATE storefront_sync_log SET create_date = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(minutes=minutes_ago), log.id],
        )
        log.write(values)
        log.invalidate_recordset()
        return log

    def setUp(self):
        super().setUp()
        self.counter = 0

    def test_dashboard_figures_and_graph(self):
        self.make_log("done", duration=100, delivery="d1")
        self.make_log("done", duration=300)
        self.make_log("failed", duration=200)
        self.make_log("dead", direction="out")
        self.make_log("pending", minutes_ago=45)
        self.channel.invalidate_recordset()
        channel = self.channel
        self.assertEqual(channel.dash_in_24h, 4)
        self.assertEqual(channel.dash_out_24h, 1)
        self.assertEqual(channel.dash_error_rate, 50.0)  # 2 of the 4 finished rows
        # 100, 300 and 200 ms: interpolated in the (250, 500] bucket of the histogram.
        self.assertEqual(channel.dash_p95_ms, 462)
        self.assertEqual(channel.dash_pending_count, 1)
        self.assertGreaterEqual(channel.dash_oldest_pending_minutes, 44)
        self.assertEqual(channel.dash_dead_count, 1)
        self.assertTrue(channel.dash_last_webhook)
        self.assertEqual(channel.dash_health, "error")
        graph = json.loads(channel.kanban_dashboard_graph)
        self.assertEqual(len(graph[0]["values"]), 7)
        # all five rows are of the last hour: today, or yesterday for one just after midnight
        self.assertEqual(sum(day["value"] for day in graph[0]["values"][-2:]), 5)
        self.assertGreaterEqual(graph[0]["values"][-1]["value"], 4)
        action = channel.action_view_dead_logs()
        self.assertEqual(self.Log.search(action["domain"]).mapped("state"), ["dead"])

    def test_alerts_raise_once_and_resolve_themselves(self):
        Alert = self.env["storefront.alert"]
        discuss = self.env["discuss.channel"]._storefront_alert_channel(self.channel.company_id)
        messages = len(discuss.message_ids)
        self.channel.write(
            {"alert_dead_threshold": 0, "alert_backlog_minutes": 30, "alert_heartbeat_minutes": 0}
        )
        dead = self.make_log("dead")
        old = self.make_log("pending", minutes_ago=40, delivery="x1")
        Alert._cron_evaluate()
        Alert._cron_evaluate()
        alerts = Alert.search([("channel_id", "=", self.channel.id), ("state", "=", "open")])
        self.assertEqual(sorted(alerts.mapped("rule")), ["backlog", "dead_letters"])
        dead_alert = alerts.filtered(lambda a: a.rule == "dead_letters")
        self.assertEqual(dead_alert.activity_id.user_id, self.channel.user_id)
        self.assertEqual(len(discuss.message_ids), messages + 2)
        self.assertIn("Dead letters", self.channel.open_alert_summary)
        dead.action_cancel()
        old.write({"state": "done"})
        Alert._cron_evaluate()
        self.assertEqual(alerts.mapped("state"), ["resolved", "resolved"])
        self.assertFalse(dead_alert.activity_id.exists() and dead_alert.activity_id.active)
        self.assertEqual(len(discuss.message_ids), messages + 4)

    def test_silence_and_stale_processing_alerts(self):
        Alert = self.env["storefront.alert"]
        self.channel.write({"alert_silence_hours": 1, "alert_heartbeat_minutes": 10})
        self.env.cr.execute(
            "UPDATE storefront_channel SET create_date = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(hours=3), self.channel.id],
        )
        self.channel.invalidate_recordset()
        cron = self.env.ref("storefront_connector.ir_cron_storefront_process")
        cron.lastcall = fields.Datetime.now() - timedelta(hours=1)
        self.make_log("pending", minutes_ago=20)
        Alert._cron_evaluate()
        rules = Alert.search([("channel_id", "=", self.channel.id), ("state", "=", "open")]).mapped(
            "rule"
        )
        self.assertIn("silence", rules)
        self.assertIn("heartbeat", rules)
        self.make_log("done", delivery="fresh")
        cron.lastcall = fields.Datetime.now()
        Alert._cron_evaluate()
        rules = Alert.search([("channel_id", "=", self.channel.id), ("state", "=", "open")]).mapped(
            "rule"
        )
        self.assertNotIn("silence", rules)
        self.assertNotIn("heartbeat", rules)
