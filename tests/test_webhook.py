import json
import threading
import time
import uuid

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, HttpCase, get_db_name, tagged

from ..sandbox import deliver_webhook, sign_webhook
from ..tools.webhook import compute_signature, normalize_event, signature_is_valid
from .common import load_sample

SECRET = "whsec-test-3b1f9c0a7d"
TOKEN = "0123456789abcdef0123456789abcdef"


def signed_headers(body, secret=SECRET, event="order.created", delivery=None, timestamp=None):
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "Content-Type": "application/json",
        "X-Storefront-Event": event,
        "X-Storefront-Timestamp": timestamp,
        "X-Storefront-Signature": compute_signature(secret, timestamp, body),
    }
    if delivery:
        headers["X-Storefront-Delivery"] = delivery
    return headers


class TestWebhookHelpers(BaseCase):
    """The pure contract helpers, without HTTP."""

    def test_event_names_and_aliases(self):
        cases = {
            "order.created": "order.created",
            "Order.created": "order.created",
            "Order Placed": "order.created",
            "ORDER_PLACED": "order.created",
            "  product updated ": "product.updated",
            "Profile Updated": "customer.updated",
            "Order.Canceled": "order.cancelled",
            "refund.created": "refund.created",
        }
        for name, expected in cases.items():
            self.assertEqual(normalize_event(name), expected, name)
        for name in (None, "", "order", "order.deleted", "stock.update", "x" * 500):
            self.assertIsNone(normalize_event(name), name)

    def test_signature_window_both_directions(self):
        body = b'{"id": 1}'
        now = 1_800_000_000
        for offset, valid in ((0, True), (-300, True), (300, True), (-301, False), (301, False)):
            ts = str(now + offset)
            signature = compute_signature(SECRET, ts, body)
            self.assertEqual(
                signature_is_valid(SECRET, ts, body, signature, 300, now=now), valid, offset
            )
        ts = str(now)
        signature = compute_signature(SECRET, ts, body)
        self.assertFalse(signature_is_valid(SECRET, ts, body + b" ", signature, 300, now=now))
        self.assertFalse(signature_is_valid("other", ts, body, signature, 300, now=now))
        self.assertFalse(signature_is_valid(SECRET, ts, body, signature[7:], 300, now=now))
        self.assertFalse(signature_is_valid(SECRET, "12.5", body, signature, 300, now=now))
        self.assertFalse(signature_is_valid(SECRET, ts, body, "sha256=\u00e9\u4e2d", 300, now=now))
        self.assertEqual(compute_signature(SECRET, ts, body), sign_webhook(SECRET, ts, body))


@tagged("post_install", "-at_install")
class TestWebhookRoute(HttpCase):
    """Every row of the response table of the webhook contract, over real HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Log = cls.env["storefront.sync.log"]
        cls.channel = cls.env["storefront.channel"].create(
            {
                "name": "Webhook X-Cart",
                "platform": "xcart",
                "base_url": "http://127.0.0.1:9",
                "webhook_secret": SECRET,
                "payload_limit": 4096,
                "import_products": False,
            }
        )
        cls.channel.webhook_token = TOKEN
        cls.order = load_sample("xcart55_order.json")
        cls.order["items"] = cls.order["items"][:1]  # within the test's small payload limit
        cls.body = json.dumps(cls.order).encode()

    def post(self, body, headers, token=TOKEN):
        response = self.opener.post(
            f"{self.base_url()}/storefront/webhook/{token}",
            data=body,
            headers=headers,
            timeout=10,
        )
        self.assertNotIn(SECRET, response.text)
        return response

    def assertAnswer(self, response, status, body=None, error=None):
        self.assertEqual(response.status_code, status, response.text)
        self.assertEqual(response.headers["Content-Type"].split(";")[0], "application/json")
        data = response.json()
        if body is not None:
            self.assertEqual(data, body)
        if error is not None:
            self.assertEqual(data["error"], error)
            if status == 400:
                self.assertTrue(data["detail"])
        return data

    def own_logs(self):
        return self.Log.search([("channel_id", "=", self.channel.id)])

    def test_202_queued_then_200_duplicate_by_delivery_id(self):
        delivery = str(uuid.uuid4())
        first = self.post(self.body, signed_headers(self.body, delivery=delivery))
        data = self.assertAnswer(first, 202)
        self.assertEqual(data["status"], "queued")
        log = self.Log.browse(data["log_id"])
        self.assertEqual(log.channel_id, self.channel)
        self.assertEqual(log.state, "pending")
        self.assertEqual(log.direction, "in")
        self.assertEqual(log.event_type, "order.created")
        self.assertEqual(log.external_id, str(self.order["id"]))
        self.assertEqual(log.delivery_id, delivery)
        self.assertEqual(log.payload, self.order)
        # the same delivery again, even re-signed later: one row
        again = self.post(self.body, signed_headers(self.body, delivery=delivery))
        self.assertAnswer(again, 200, {"status": "duplicate", "log_id": log.id})
        self.assertEqual(len(self.own_logs()), 1)

    def test_processing_cron_is_woken_once_per_burst(self):
        cron = self.env.ref("storefront_connector.ir_cron_storefront_process")
        Trigger = self.env["ir.cron.trigger"]
        Trigger.search([("cron_id", "=", cron.id)]).unlink()
        self.assertAnswer(self.post(self.body, signed_headers(self.body)), 202)
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), 1)
        # a duplicate, and a new delivery while the wake-up is pending: no new one
        self.assertAnswer(self.post(self.body, signed_headers(self.body)), 200)
        other = json.dumps(dict(self.order, id=777)).encode()
        self.assertAnswer(self.post(other, signed_headers(other)), 202)
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), 1)
        # once the cron consumed it, the next delivery wakes it again
        Trigger.search([("cron_id", "=", cron.id)]).unlink()
        third = json.dumps(dict(self.order, id=778)).encode()
        self.assertAnswer(self.post(third, signed_headers(third)), 202)
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), 1)

    def test_200_duplicate_by_same_event_and_payload(self):
        first = self.assertAnswer(self.post(self.body, signed_headers(self.body)), 202)
        # the same object with another key order is the same payload
        reordered = json.dumps(dict(reversed(list(self.order.items())))).encode()
        second = self.post(reordered, signed_headers(reordered))
        self.assertAnswer(second, 200, {"status": "duplicate", "log_id": first["log_id"]})
        # another event about the same object is new work
        third = self.post(self.body, signed_headers(self.body, event="order.updated"))
        self.assertAnswer(third, 202)
        changed = json.dumps(dict(self.order, update_date="2026-11-21T00:00:00+00:00")).encode()
        self.assertAnswer(self.post(changed, signed_headers(changed)), 202)
        self.assertEqual(len(self.own_logs()), 3)

    def test_distinct_delivery_ids_are_distinct_rows(self):
        for _n in range(3):
            headers = signed_headers(self.body, delivery=str(uuid.uuid4()))
            self.assertAnswer(self.post(self.body, headers), 202)
        self.assertEqual(len(self.own_logs()), 3)

    def test_404_unknown_and_archived_channel(self):
        headers = signed_headers(self.body)
        for token in ("f" * 32, "not-a-token", "x"):
            response = self.post(self.body, headers, token=token)
            self.assertAnswer(response, 404, {"error": "unknown_channel"})
        self.channel.active = False
        self.assertAnswer(self.post(self.body, headers), 404, {"error": "unknown_channel"})
        self.channel.active = True
        self.assertAnswer(self.post(self.body, headers), 202)

    def test_401_missing_wrong_stale_future_signature(self):
        now = int(time.time())
        valid = signed_headers(self.body)
        cases = {
            "missing signature": {k: v for k, v in valid.items() if k != "X-Storefront-Signature"},
            "missing timestamp": {k: v for k, v in valid.items() if k != "X-Storefront-Timestamp"},
            "wrong secret": signed_headers(self.body, secret="not-the-secret"),
            "no prefix": dict(
                valid, **{"X-Storefront-Signature": valid["X-Storefront-Signature"][7:]}
            ),
            "other timestamp": dict(valid, **{"X-Storefront-Timestamp": str(now - 1)}),
            "stale": signed_headers(self.body, timestamp=now - 360),
            "future": signed_headers(self.body, timestamp=now + 360),
        }
        for case, headers in cases.items():
            with self.subTest(case=case):
                response = self.post(self.body, headers)
                self.assertAnswer(response, 401, {"error": "invalid_signature"})
        # a body changed after signing
        tampered = self.body.replace(b"Jane", b"Joan")
        self.assertAnswer(self.post(tampered, valid), 401, {"error": "invalid_signature"})
        self.assertFalse(self.own_logs())

    def test_replay_outside_tolerance_is_refused(self):
        headers = signed_headers(self.body, timestamp=int(time.time()) - 60)
        self.assertAnswer(self.post(self.body, headers), 202)
        self.channel.signature_tolerance = 30
        self.assertAnswer(self.post(self.body, headers), 401, {"error": "invalid_signature"})

    def test_signature_checked_before_parsing(self):
        garbage = b"\x00\xffnot json at all{"
        headers = {"Content-Type": "application/json", "X-Storefront-Event": "nonsense"}
        self.assertAnswer(self.post(garbage, headers), 401, {"error": "invalid_signature"})
        self.assertAnswer(
            self.post(b"[1, 2]", signed_headers(b"[1, 2]", secret="bad")),
            401,
            {"error": "invalid_signature"},
        )

    def test_400_not_json_array_unknown_event(self):
        cases = [
            (b"not json", "order.created", "invalid_json"),
            (b"", "order.created", "invalid_json"),
            (b'{"id": 1', "order.created", "invalid_json"),
            (b'{"id": NaN}', "order.created", "invalid_json"),
            (b'{"id": 1e999}', "order.created", "invalid_json"),
            (b"[" * 1500 + b"]" * 1500, "order.created", "invalid_json"),
            (b"\xff\xfe\x00", "order.created", "invalid_json"),
            (b"[1, 2]", "order.created", "invalid_payload"),
            (b'"text"', "order.created", "invalid_payload"),
            (b"null", "order.created", "invalid_payload"),
            (b'{"id": "a\\u0000b"}', "order.created", "invalid_payload"),
            (b'{"id": "\\ud800"}', "order.created", "invalid_payload"),
            (b'{"a":' * 100 + b"1" + b"}" * 100, "order.created", "invalid_payload"),
            (b'{"id": 1}', "order.deleted", "unknown_event"),
            (b'{"id": 1}', "", "unknown_event"),
            (b'{"id": 1}', "stock.update", "unknown_event"),
        ]
        for body, event, error in cases:
            with self.subTest(body=body[:30], event=event):
                response = self.post(body, signed_headers(body, event=event))
                self.assertAnswer(response, 400, error=error)
        headers = signed_headers(b'{"id": 2}', delivery="has space")
        self.assertAnswer(self.post(b'{"id": 2}', headers), 400, error="invalid_delivery_id")
        self.assertFalse(self.own_logs())

    def test_413_too_large(self):
        big = json.dumps({"id": 1, "notes": "x" * 5000}).encode()
        response = self.post(big, signed_headers(big))
        self.assertAnswer(response, 413, {"error": "payload_too_large"})

        # no Content-Length (chunked): still read at most limit + 1 bytes
        def chunks():
            yield big[:3000]
            yield big[3000:]

        response = self.post(chunks(), signed_headers(big))
        self.assertAnswer(response, 413, {"error": "payload_too_large"})
        # exactly at the limit is accepted
        exact = json.dumps({"id": 1, "notes": ""}).encode()
        exact = exact.replace(b'""', b'"' + b"x" * (4096 - len(exact)) + b'"')
        self.assertEqual(len(exact), 4096)
        self.assertAnswer(self.post(exact, signed_headers(exact)), 202)
        self.assertEqual(len(self.own_logs()), 1)

    def test_aliases_stored_under_canonical_names(self):
        for alias, canonical in (
            ("Order Placed", "order.created"),
            ("Order.updated", "order.updated"),
            ("Profile Updated", "customer.updated"),
            ("Order Refunded", "refund.created"),
        ):
            headers = signed_headers(self.body, event=alias)
            data = self.assertAnswer(self.post(self.body, headers), 202)
            self.assertEqual(self.Log.browse(data["log_id"]).event_type, canonical)

    def test_clarity_object_id(self):
        body = json.dumps(load_sample("clarity_salesorder.json")).encode()
        self.channel.payload_limit = 1024 * 1024
        data = self.assertAnswer(self.post(body, signed_headers(body, event="Order.created")), 202)
        self.assertEqual(self.Log.browse(data["log_id"]).external_id, "88214")

    def test_disabled_flow_accepted_and_cancelled(self):
        body = json.dumps({"id": 57, "sku": "TSHIRT-BLK-M", "amount": 3}).encode()
        data = self.assertAnswer(
            self.post(body, signed_headers(body, event="product.updated")), 202
        )
        log = self.Log.browse(data["log_id"])
        self.assertEqual(log.state, "cancelled")
        self.assertEqual(log.error_message, "Product import is disabled on this channel.")
        # cancelled rows are never claimed
        self.assertNotIn(log, self.Log._claim(limit=500))
        again = self.post(body, signed_headers(body, event="Product Updated"))
        self.assertAnswer(again, 200, {"status": "duplicate", "log_id": log.id})

    def test_only_post(self):
        response = self.opener.get(f"{self.base_url()}/storefront/webhook/{TOKEN}", timeout=10)
        self.assertEqual(response.status_code, 405)

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(
        body=st.one_of(
            st.binary(max_size=300),
            st.recursive(
                st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                lambda children: (
                    st.lists(children, max_size=4)
                    | st.dictionaries(st.text(max_size=8), children, max_size=4)
                ),
                max_leaves=15,
            ).map(lambda value: json.dumps(value).encode()),
        ),
        event=st.one_of(
            st.sampled_from(["order.created", "Order Placed", "product.updated", "x"]),
            st.text(max_size=30),
        ),
        delivery=st.one_of(st.none(), st.text(max_size=40)),
        sign=st.sampled_from(["good", "bad", "none", "stale"]),
        token=st.sampled_from([TOKEN, "0" * 32, "%00", "a/b"]),
        content_type=st.sampled_from(
            ["application/json", "text/plain", "application/x-www-form-urlencoded", ""]
        ),
    )
    def test_fuzz_never_5xx(self, body, event, delivery, sign, token, content_type):
        now = int(time.time())
        timestamp = str(now - 1000 if sign == "stale" else now)
        headers = {"Content-Type": content_type, "X-Storefront-Timestamp": timestamp}
        if sign != "none":
            secret = SECRET if sign in ("good", "stale") else "wrong"
            headers["X-Storefront-Signature"] = compute_signature(secret, timestamp, body)
        for name, value in (("X-Storefront-Event", event), ("X-Storefront-Delivery", delivery)):
            if value is not None:
                # a header value travels as latin-1, without line breaks
                headers[name] = value.encode("latin-1", "replace").decode("latin-1")
                headers[name] = headers[name].replace("\r", " ").replace("\n", " ")
        try:
            response = self.post(body, headers, token=token)
        except ValueError:
            return  # requests refuses the header itself: nothing reached the server
        self.assertLess(response.status_code, 500, response.text)
        self.assertIn(response.status_code, (200, 202, 400, 401, 404, 413))


class TestWebhookConcurrency(BaseCase):
    """Concurrent deliveries over real HTTP against committed data."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        self.token = uuid.uuid4().hex
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            channel = env["storefront.channel"].create(
                {
                    "name": "Webhook concurrency",
                    "platform": "xcart",
                    "base_url": "http://127.0.0.1:9",
                    "webhook_secret": SECRET,
                    "webhook_token": self.token,
                }
            )
            self.channel_id = channel.id
            cr.execute("SELECT coalesce(max(id), 0) FROM ir_cron_trigger")
            self.last_trigger = cr.fetchone()[0]
        self.addCleanup(self._drop_channel)
        from odoo.tools import config

        self.url = f"http://127.0.0.1:{config['http_port']}/storefront/webhook/{self.token}"
        self.body = json.dumps(load_sample("xcart55_order.json")).encode()

    def _drop_channel(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["storefront.channel"].browse(self.channel_id).unlink()
            cron = env.ref("storefront_connector.ir_cron_storefront_process")
            cr.execute(
                "DELETE FROM ir_cron_trigger WHERE cron_id = %s AND id > %s",
                (cron.id, self.last_trigger),
            )

    def deliver_concurrently(self, headers_list):
        barrier = threading.Barrier(len(headers_list))
        results = [None] * len(headers_list)

        def send(index, headers):
            with requests.Session() as session:
                barrier.wait(timeout=10)
                results[index] = session.post(self.url, data=self.body, headers=headers, timeout=30)

        threads = [
            threading.Thread(target=send, args=(n, headers))
            for n, headers in enumerate(headers_list)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        return results

    def log_ids(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT id FROM storefront_sync_log WHERE channel_id = %s", [self.channel_id]
            )
            return {row[0] for row in cr.fetchall()}

    def test_same_delivery_20_times_concurrently(self):
        headers = signed_headers(self.body, delivery=str(uuid.uuid4()))
        responses = self.deliver_concurrently([headers] * 20)
        statuses = sorted(response.status_code for response in responses)
        self.assertEqual(statuses, [200] * 19 + [202], [r.text for r in responses])
        ids = self.log_ids()
        self.assertEqual(len(ids), 1)
        self.assertEqual({response.json()["log_id"] for response in responses}, ids)

    def test_same_payload_without_delivery_id_20_times_concurrently(self):
        responses = self.deliver_concurrently([signed_headers(self.body)] * 20)
        self.assertEqual(sorted(r.status_code for r in responses), [200] * 19 + [202])
        self.assertEqual(len(self.log_ids()), 1)

    def test_sandbox_sender_is_accepted(self):
        """The demo's storefront sender and the route agree on the contract."""
        order = load_sample("xcart55_order.json")
        status, answer = deliver_webhook(self.url, SECRET, "Order Placed", order)
        self.assertEqual((status, answer["status"]), (202, "queued"))
        status, answer = deliver_webhook(self.url, "wrong", "Order Placed", order)
        self.assertEqual((status, answer), (401, {"error": "invalid_signature"}))
        self.assertEqual(len(self.log_ids()), 1)

    def test_20_distinct_deliveries_concurrently(self):
        headers = [signed_headers(self.body, delivery=str(uuid.uuid4())) for _n in range(20)]
        responses = self.deliver_concurrently(headers)
        self.assertEqual([r.status_code for r in responses], [202] * 20)
        ids = self.log_ids()
        self.assertEqual(len(ids), 20)
        self.assertEqual({r.json()["log_id"] for r in responses}, ids)

    def test_20_distinct_deliveries_import_one_sale_order(self):
        order = load_sample("xcart55_order.json")
        order["payment_status"] = {"id": 1, "code": "Q", "name": "Queued"}
        body = json.dumps(order).encode()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            for table in ("sale_order", "res_partner"):
                cr.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
                setattr(self, f"last_{table}", cr.fetchone()[0])
            shipping = env["product.product"].create({"name": "Shipping", "type": "service"})
            products = env["product.product"].create(
                [
                    {"name": item["name"], "default_code": item["sku"], "list_price": item["price"]}
                    for item in order["items"]
                ]
            )
            env["storefront.channel"].browse(self.channel_id).delivery_product_id = shipping
            self.product_ids = (products | shipping).ids
        self.addCleanup(self._drop_imported)
        headers = [signed_headers(body, delivery=str(uuid.uuid4())) for _n in range(20)]
        self.body = body
        responses = self.deliver_concurrently(headers)
        self.assertEqual([r.status_code for r in responses], [202] * 20)
        self.process_all()
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT state, count(*) FROM storefront_sync_log"
                " WHERE channel_id = %s GROUP BY state",
                [self.channel_id],
            )
            self.assertEqual(dict(cr.fetchall()), {"done": 20})
            cr.execute("SELECT count(*) FROM sale_order WHERE id > %s", [self.last_sale_order])
            self.assertEqual(cr.fetchone()[0], 1)

    def process_all(self, workers=2, deadline=30):
        """Run two processing workers on their own cursors until no row is left."""
        stop = time.monotonic() + deadline

        def worker():
            while time.monotonic() < stop:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    env["storefront.sync.log"]._cron_process(limit=5)
                    cr.execute(
                        "SELECT count(*) FROM storefront_sync_log "
                        "WHERE channel_id = %s AND state IN ('pending', 'running')",
                        [self.channel_id],
                    )
                    if not cr.fetchone()[0]:
                        return
                time.sleep(0.3)

        threads = [threading.Thread(target=worker) for _n in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(deadline + 10)

    def _drop_imported(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].search([("id", ">", self.last_sale_order)])
            orders.filtered(lambda o: o.state != "draft")._action_cancel()
            orders.unlink()
            env["storefront.binding"].search([("channel_id", "=", self.channel_id)]).unlink()
            env["res.partner"].search([("id", ">", self.last_res_partner)]).unlink()
            env["product.product"].browse(self.product_ids).unlink()
