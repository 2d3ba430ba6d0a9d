from odoo.tests import HttpCase, tagged

from ..connectors.http import count_api_call

TOKEN = "metrics-test-token"


@tagged("post_install", "-at_install")
class TestMetricsEndpoint(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel = cls.env["storefront.channel"].create(
            {"name": 'Metrics "store"', "platform": "xcart", "base_url": "http://127.0.0.1:9"}
        )
        Log = cls.env["storefront.sync.log"]
        for index, (state, duration) in enumerate((("done", 120), ("done", 4000), ("dead", 0))):
            log, _created = Log._enqueue(
                cls.channel, "in", "order.created", {"id": index}, external_id=str(index)
            )
            log.write({"state": state, "duration_ms": duration, "date_done": "2026-11-20 10:00:00"})
        cls.env["storefront.api.stat"]._flush_counts(
            {f"storefront.channel.{cls.channel.id}": (7, 2)}
        )

    def get(self, headers=None):
        return self.opener.get(f"{self.base_url()}/storefront/metrics", headers=headers or {})

    def test_not_found_without_a_configured_token(self):
        self.env["ir.config_parameter"].sudo().set_param("storefront_connector.metrics_token", "")
        self.assertEqual(self.get({"Authorization": "Bearer anything"}).status_code, 404)

    def test_wrong_or_missing_token_is_refused(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "storefront_connector.metrics_token", TOKEN
        )
        self.assertEqual(self.get().status_code, 401)
        response = self.get({"Authorization": "Bearer wrong"})
        self.assertEqual(response.status_code, 401)
        self.assertNotIn(TOKEN, response.text)

    def test_exposition_of_rows_backlog_api_and_durations(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "storefront_connector.metrics_token", TOKEN
        )
        response = self.get({"Authorization": f"Bearer {TOKEN}"})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertTrue(response.headers["Content-Type"].startswith("text/plain; version=0.0.4"))
        text = response.text
        name = 'channel="Metrics \\"store\\""'
        self.assertIn(f'storefront_sync_rows{{{name},direction="in",state="done"}} 2', text)
        self.assertIn(f"storefront_dead_letters{{{name}}} 1", text)
        self.assertIn(f"storefront_api_calls_total{{{name}}} 7", text)
        self.assertIn(f"storefront_api_errors_total{{{name}}} 2", text)
        self.assertIn(
            f'storefront_sync_duration_milliseconds_bucket{{{name},direction="in",le="250"}} 2',
            text,
        )
        self.assertIn(
            f'storefront_sync_duration_milliseconds_bucket{{{name},direction="in",le="+Inf"}} 3',
            text,
        )
        self.assertIn(
            f'storefront_sync_duration_milliseconds_sum{{{name},direction="in"}} 4120', text
        )
        self.assertIn(
            f'storefront_last_success_timestamp_seconds{{{name},flow="order.created"}} 1795168800',
            text,
        )
        self.assertIn("# TYPE storefront_sync_duration_milliseconds histogram", text)


@tagged("post_install", "-at_install")
class TestDashboardReadOnly(HttpCase):
    def test_dashboard_read_leaves_the_api_counts_for_a_writable_flush(self):
        channel = self.env["storefront.channel"].create(
            {"name": "Read-only card", "platform": "xcart", "base_url": "http://127.0.0.1:9"}
        )
        key = f"storefront.channel.{channel.id}"
        count_api_call(key)
        count_api_call(key, error=True)
        self.authenticate("admin", "admin")
        with self.assertNoLogs("odoo.sql_db", "ERROR"):
            result = self.make_jsonrpc_request(
                "/web/dataset/call_kw/storefront.channel/web_search_read",
                {
                    "model": "storefront.channel",
                    "method": "web_search_read",
                    "args": [[("id", "=", channel.id)], {"dash_api_calls_24h": {}}],
                    "kwargs": {},
                },
            )
        self.assertEqual(result["records"][0]["dash_api_calls_24h"], 0)
        self.env["storefront.api.stat"]._flush_counts()
        stat = self.env["storefront.api.stat"].search([("channel_id", "=", channel.id)])
        self.assertEqual((stat.calls, stat.errors), (2, 1))
