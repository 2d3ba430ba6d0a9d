from datetime import datetime, timedelta

from odoo import fields

from ..connectors.base import parse_storefront_date
from .common import FakeHandler, load_sample
from .polling_common import PAST, ClarityPollingCase, PollingCase, iso


class TestXCartPolling(PollingCase):
    def test_missed_webhook_is_caught_by_the_next_poll(self):
        order = self.add_order(5001, datetime(2026, 11, 20, 14, 5, 42))
        self.assertEqual(self.channel._poll(), 1)
        log = self.own_logs()
        self.assertEqual(len(log), 1)
        self.assertEqual(
            (log.event_type, log.external_id, log.state), ("order.updated", "5001", "pending")
        )
        self.assertEqual(log.payload, order)
        self.assertEqual(self.channel.poll_watermark, datetime(2026, 11, 20, 14, 5, 42))
        self.assertFalse(self.channel.last_error)
        # the row is processed like a webhook delivery
        with self.handler(FakeHandler(result=self.channel)) as fake:
            self.Log._cron_process()
        self.assertEqual(fake.calls, [log.id])
        self.assertEqual(log.state, "done")

    def test_webhook_then_poll_is_stored_once(self):
        order = self.add_order(5002, datetime(2026, 11, 20, 15, 0, 0))
        log, created = self.channel._store_inbound("order.created", order, None)
        self.assertTrue(created)
        self.assertEqual(self.channel._poll(), 0)
        self.assertEqual(self.own_logs(), log)
        # a changed copy is new work
        self.xcart.orders[5002]["shipping_status"] = {"id": 3, "code": "S", "name": "Shipped"}
        self.xcart.orders[5002]["update_date"] = iso(datetime(2026, 11, 20, 16, 0, 0))
        self.assertEqual(self.channel._poll(), 1)
        self.assertEqual(len(self.own_logs()), 2)

    def test_watermark_advances_and_overlap_rereads_are_deduplicated(self):
        base = datetime(2026, 11, 20, 10, 0, 0)
        self.add_order(6001, base)
        self.add_order(6002, base + timedelta(minutes=10))
        self.assertEqual(self.channel._poll(), 2)
        self.assertEqual(self.channel.poll_watermark, base + timedelta(minutes=10))
        # the overlap re-reads 6002 (and 6001 is 10 minutes older than the window)
        self.xcart.clear_requests()
        self.assertEqual(self.channel._poll(), 0)
        self.assertEqual(self.channel.poll_watermark, base + timedelta(minutes=10))
        pages = [r for r in self.xcart.requests if r.path.rstrip("/").endswith("/orders")]
        self.assertEqual(len(pages), 1)
        self.assertEqual(pages[0].query.get("order[lastRenewDate]"), "desc")
        # a change inside the overlap is read, the watermark never goes back
        self.add_order(6003, base + timedelta(minutes=8))
        self.assertEqual(self.channel._poll(), 1)
        self.assertEqual(self.channel.poll_watermark, base + timedelta(minutes=10))
        self.add_order(6004, base + timedelta(minutes=30))
        self.assertEqual(self.channel._poll(), 1)
        self.assertEqual(self.channel.poll_watermark, base + timedelta(minutes=30))
        self.assertEqual(len(self.own_logs()), 4)

    def test_paging_over_several_pages(self):
        base = datetime(2026, 11, 21, 0, 0, 0)
        for n in range(230):
            self.add_order(7000 + n, base + timedelta(minutes=n))
        self.assertEqual(self.channel._poll(), 230)
        self.assertEqual(self.channel.poll_watermark, base + timedelta(minutes=229))
        self.assertEqual(len(set(self.own_logs().mapped("external_id"))), 230)

    def test_failed_poll_keeps_the_watermark(self):
        watermark = datetime(2026, 11, 1, 0, 0, 0)
        self.channel.poll_watermark = watermark
        self.add_order(8001, datetime(2026, 11, 20, 0, 0, 0))
        self.xcart.inject("503", count=4)  # the first try and the client's 3 retries
        self.assertIsNone(self.channel._poll())
        self.assertEqual(self.channel.poll_watermark, watermark)
        self.assertIn("Polling failed", self.channel.last_error)
        self.assertNotIn("rw-token", self.channel.last_error)
        self.assertFalse(self.own_logs())
        self.assertEqual(self.channel.health_state, "ok")
        # the storefront is back: the same window is read
        self.assertEqual(self.channel._poll(), 1)
        self.assertEqual(self.channel.poll_watermark, datetime(2026, 11, 20, 0, 0, 0))
        self.assertFalse(self.channel.last_error)

    def test_refused_credentials_turn_the_channel_auth_failed(self):
        self.add_order(8002, datetime(2026, 11, 20, 0, 0, 0))
        self.channel.xcart_token = "revoked"
        self.assertIsNone(self.channel._poll())
        self.assertEqual(self.channel.health_state, "auth_failed")
        self.assertEqual(self.channel.poll_watermark, PAST)
        self.assertNotIn("revoked", self.channel.last_error or "")

    def test_disabled_flows_are_not_polled(self):
        self.channel.write({"import_orders": False, "import_products": False})
        self.add_order(8003, datetime(2026, 11, 20, 0, 0, 0))
        self.assertEqual(self.channel._poll(), 0)
        self.assertFalse(self.xcart.requests)

    def test_products_polled_when_enabled(self):
        self.channel.import_products = True
        product = dict(load_sample("xcart55_product.json"), update_date=iso(datetime(2026, 11, 22)))
        self.xcart.add_product(product)
        self.assertEqual(self.channel._poll(), 1)
        log = self.own_logs()
        self.assertEqual((log.event_type, log.external_id), ("product.updated", str(product["id"])))

    def test_cron_polls_due_channels_and_sync_now(self):
        self.add_order(8004, datetime(2026, 11, 20, 0, 0, 0))
        self.channel.write({"poll_interval": 15, "last_poll_date": fields.Datetime.now()})
        self.env["storefront.channel"]._cron_poll()
        self.assertFalse(self.own_logs())
        action = self.channel.action_sync_now()
        self.assertEqual(action["tag"], "display_notification")
        self.assertFalse(self.xcart.requests, "the button itself calls no storefront")
        polled = self.env["storefront.channel"]._cron_poll()
        self.assertIn(self.channel, polled)
        self.assertEqual(len(self.own_logs()), 1)
        self.channel.last_poll_date = fields.Datetime.now() - timedelta(minutes=16)
        self.assertIn(self.channel, self.env["storefront.channel"]._cron_poll())

    def thin_row(self, order_id, event, failures):
        """A thin notification of a stored order whose next ``failures`` fetches fail."""
        self.channel.thin_notifications = True
        self.add_order(order_id, datetime(2026, 11, 20, 14, 5, 42))
        log, _created = self.channel._store_inbound(event, {"id": order_id}, None)
        self.xcart.inject("503", count=failures, method="GET", path=f"/api/orders/{order_id}")
        return log

    def test_flaky_storefront_during_a_thin_refetch(self):
        log = self.thin_row(10452, "order.created", failures=1)
        fetched = []
        with self.handler(FakeHandler(side_effect=lambda row: fetched.append(row._get_object()))):
            self.Log._cron_process()
            if log.state == "pending":  # the client gave up: the row retries as transient
                self.assertEqual(log.error_class, "transient")
                log.write({"next_attempt_at": PAST})  # the claim compares with the transaction time
                self.Log._cron_process()
        self.assertEqual(log.state, "done", log.error_message)
        self.assertEqual(fetched[-1]["id"], 10452)
        self.assertEqual(fetched[-1]["items"], self.xcart.orders[10452]["items"])
        gets = [r for r in self.xcart.requests if r.path.startswith("/api/orders/10452")]
        self.assertGreaterEqual(len(gets), 2)

    def test_thin_refetch_retried_as_transient_when_the_store_stays_down(self):
        log = self.thin_row(10453, "order.updated", failures=4)
        fetched = []
        with self.handler(FakeHandler(side_effect=lambda row: fetched.append(row._get_object()))):
            self.Log._cron_process()
            self.assertEqual((log.state, log.error_class), ("pending", "transient"))
            self.assertIn("503", log.error_message)
            self.assertNotIn("rw-token", log.error_message)
            self.assertTrue(log.next_attempt_at)
            log.write({"next_attempt_at": PAST})  # the claim compares with the transaction time
            self.Log._cron_process()
        self.assertEqual(log.state, "done", log.error_message)
        self.assertEqual([obj["id"] for obj in fetched], [10453])


class TestLegacyPolling(PollingCase):
    def test_legacy_offset_paging(self):
        self.channel.write({"platform": "xcart_legacy", "xcart_legacy_key": "legacy-rw"})
        base = datetime(2026, 11, 21, 0, 0, 0)
        for n in range(150):
            self.add_order(9000 + n, base + timedelta(minutes=n))
        created = self.channel._poll()
        self.assertEqual(created, 150)
        offsets = [
            r.query.get("_cnd[limit][0]")
            for r in self.xcart.requests
            if r.query.get("_cnd[limit][0]") is not None
        ]
        self.assertGreaterEqual(len(offsets), 2)
        self.assertEqual(self.channel.poll_watermark.date(), base.date())


class TestClarityPolling(ClarityPollingCase):
    def test_one_based_paging_over_several_pages(self):
        self.clarity.sales_orders.clear()
        self.clarity.clear_requests()
        sample = load_sample("clarity_salesorder.json")
        base = datetime(2026, 11, 21, 8, 0, 0)
        for n in range(230):
            order = dict(sample, ID=100000 + n, CustomKey=f"SO-{n}")
            order["UpdatedDate"] = (base + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M:%SZ")
            self.clarity.sales_orders[order["ID"]] = order
        channel = self.clarity_channel
        self.assertEqual(channel._poll(), 230)
        logs = self.Log.search([("channel_id", "=", channel.id)])
        self.assertEqual(len(set(logs.mapped("external_id"))), 230)
        self.assertEqual(set(logs.mapped("event_type")), {"order.updated"})
        starts = [
            r.query.get("Paging.StartIndex")
            for r in self.clarity.requests
            if "Paging.StartIndex" in r.query
        ]
        self.assertEqual(starts, ["1", "2", "3"])
        self.assertEqual(channel.poll_watermark, base + timedelta(minutes=229))
        # the next poll asks only for what changed since the watermark minus the overlap
        self.clarity.clear_requests()
        self.assertEqual(channel._poll(), 0)
        since = [
            r.query.get("ModifiedSince")
            for r in self.clarity.requests
            if "ModifiedSince" in r.query
        ]
        self.assertTrue(since)
        expected = base + timedelta(minutes=229) - timedelta(seconds=channel.poll_overlap)
        self.assertEqual(parse_storefront_date(since[0]), expected)
