"""The webhook route over real HTTP: status codes, signatures, storage."""

import json
import time
import uuid
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..tools.webhook import compute_signature, generate_secret
from .common import load_sample
from .webhook_common import SECRET, TOKEN, WebhookCase, signed_headers, wrap


@tagged("post_install", "-at_install")
class TestWebhookRoute(WebhookCase):
    """Every row of the response table of the webhook contract, over real HTTP."""

    channel_values = {"name": "Webhook X-Cart", "payload_limit": 4096, "import_products": False}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = load_sample("xcart55_order.json")
        cls.order["items"] = cls.order["items"][:1]  # within the test's small payload limit
        cls.body = wrap(cls.order)

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

    def test_202_queued_then_200_duplicate_by_webhook_id(self):
        msg_id = f"msg_{uuid.uuid4().hex}"
        first = self.post(self.body, signed_headers(self.body, webhook_id=msg_id))
        data = self.assertAnswer(first, 202)
        self.assertEqual(data["status"], "queued")
        log = self.Log.browse(data["log_id"])
        self.assertEqual(log.channel_id, self.channel)
        self.assertEqual(log.state, "pending")
        self.assertEqual(log.direction, "in")
        self.assertEqual(log.event_type, "order.created")
        self.assertEqual(log.external_id, str(self.order["id"]))
        self.assertEqual(log.delivery_id, msg_id)
        self.assertEqual(log.payload, self.order)
        # the same delivery retried later, re-signed with a fresh timestamp: one row
        later = signed_headers(self.body, webhook_id=msg_id, timestamp=int(time.time()) + 5)
        self.assertAnswer(
            self.post(self.body, later), 200, {"status": "duplicate", "log_id": log.id}
        )
        self.assertEqual(len(self.own_logs()), 1)

    def test_processing_cron_is_woken_once_per_burst(self):
        cron = self.env.ref("storefront_connector.ir_cron_storefront_process")
        Trigger = self.env["ir.cron.trigger"]
        Trigger.search([("cron_id", "=", cron.id)]).unlink()
        headers = signed_headers(self.body)
        self.assertAnswer(self.post(self.body, headers), 202)
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), 1)
        # a duplicate, and a new delivery while the wake-up is pending: no new one
        self.assertAnswer(self.post(self.body, headers), 200)
        other = wrap(dict(self.order, id=777))
        self.assertAnswer(self.post(other, signed_headers(other)), 202)
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), 1)
        # once the cron consumed it, the next delivery wakes it again
        Trigger.search([("cron_id", "=", cron.id)]).unlink()
        third = wrap(dict(self.order, id=778))
        self.assertAnswer(self.post(third, signed_headers(third)), 202)
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), 1)

    def test_distinct_webhook_ids_are_distinct_rows(self):
        for _n in range(3):
            self.assertAnswer(self.post(self.body, signed_headers(self.body)), 202)
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

    def test_401_standard_webhooks_vectors(self):
        now = int(time.time())
        valid = signed_headers(self.body)
        other_secret = signed_headers(self.body, secret=generate_secret())
        cases = {
            "missing signature": {k: v for k, v in valid.items() if k != "webhook-signature"},
            "missing timestamp": {k: v for k, v in valid.items() if k != "webhook-timestamp"},
            "missing id": {k: v for k, v in valid.items() if k != "webhook-id"},
            "wrong secret": other_secret,
            "no version": dict(valid, **{"webhook-signature": valid["webhook-signature"][3:]}),
            "v1 headers of version 1": {
                "Content-Type": "application/json",
                "X-Storefront-Event": "order.created",
                "X-Storefront-Timestamp": valid["webhook-timestamp"],
                "X-Storefront-Signature": "sha256=" + "0" * 64,
            },
            "other timestamp": dict(valid, **{"webhook-timestamp": str(now - 1)}),
            "stale": signed_headers(self.body, timestamp=now - 360),
            "future": signed_headers(self.body, timestamp=now + 360),
            "replay under a new id": dict(valid, **{"webhook-id": f"msg_{uuid.uuid4().hex}"}),
        }
        for case, headers in cases.items():
            with self.subTest(case=case):
                response = self.post(self.body, headers)
                self.assertAnswer(response, 401, {"error": "invalid_signature"})
        # a body changed after signing: another customer, or another event type
        for tampered in (
            self.body.replace(b"Jane", b"Joan"),
            self.body.replace(b'"order.created"', b'"order.cancelled"'),
        ):
            self.assertAnswer(self.post(tampered, valid), 401, {"error": "invalid_signature"})
        self.assertFalse(self.own_logs())
        # several signatures, one of them valid: accepted
        signatures = f"{other_secret['webhook-signature']} {valid['webhook-signature']}"
        several = dict(valid, **{"webhook-signature": signatures})
        self.assertAnswer(self.post(self.body, several), 202)

    def test_replay_of_a_captured_delivery(self):
        """Dedup is on the webhook-id; a new id needs a new valid signature."""
        captured = signed_headers(self.body)
        log_id = self.assertAnswer(self.post(self.body, captured), 202)["log_id"]
        # the exact capture again: a duplicate, nothing new runs
        again = self.post(self.body, captured)
        self.assertAnswer(again, 200, {"status": "duplicate", "log_id": log_id})
        # under a new id, or as another event, without the secret: refused
        cancelled = self.body.replace(b'"order.created"', b'"order.cancelled"')
        for body, headers in (
            (self.body, dict(captured, **{"webhook-id": "msg_other"})),
            (cancelled, captured),
            (cancelled, dict(captured, **{"webhook-id": "msg_other"})),
        ):
            self.assertAnswer(self.post(body, headers), 401, {"error": "invalid_signature"})
        self.assertEqual(self.own_logs().ids, [log_id])

    def test_rotated_secret_within_and_after_grace(self):
        channel = self.channel
        old = channel.webhook_secret
        channel.action_rotate_webhook_secret()
        new = channel.webhook_secret
        self.assertNotEqual(new, old)
        self.assertTrue(new.startswith("whsec_"))
        self.assertEqual(channel.webhook_previous_secret, old)
        self.assertGreater(channel.webhook_previous_secret_until, fields.Datetime.now())
        # the chatter tells about the rotation, never the secrets
        messages = channel.message_ids.mapped("body")
        self.assertTrue(any("rotated" in str(body) for body in messages))
        self.assertFalse([body for body in messages if old in str(body) or new in str(body)])
        for secret in (old, new):
            body = wrap(dict(self.order, id=900 + len(secret)))
            self.assertAnswer(self.post(body, signed_headers(body, secret=secret)), 202)
        # after the grace period only the new secret is accepted
        channel.webhook_previous_secret_until = fields.Datetime.now() - timedelta(seconds=1)
        body = wrap(dict(self.order, id=950))
        self.assertAnswer(
            self.post(body, signed_headers(body, secret=old)), 401, {"error": "invalid_signature"}
        )
        self.assertAnswer(self.post(body, signed_headers(body, secret=new)), 202)
        # a zero grace period drops the old secret at once
        channel.webhook_secret_grace_hours = 0
        channel.action_rotate_webhook_secret()
        self.assertFalse(channel.webhook_previous_secret)
        body = wrap(dict(self.order, id=951))
        self.assertAnswer(
            self.post(body, signed_headers(body, secret=new)), 401, {"error": "invalid_signature"}
        )

    def test_secret_must_be_whsec(self):
        with self.assertRaises(ValidationError):
            self.channel.webhook_secret = "plain-text-secret"

    def test_replay_outside_tolerance_is_refused(self):
        headers = signed_headers(self.body, timestamp=int(time.time()) - 60)
        self.assertAnswer(self.post(self.body, headers), 202)
        self.channel.signature_tolerance = 30
        headers["webhook-id"] = "msg_new"  # would not be a duplicate
        self.assertAnswer(self.post(self.body, headers), 401, {"error": "invalid_signature"})

    def test_signature_checked_before_parsing(self):
        garbage = b"\x00\xffnot json at all{"
        headers = {"Content-Type": "application/json", "webhook-id": "msg_1"}
        self.assertAnswer(self.post(garbage, headers), 401, {"error": "invalid_signature"})
        self.assertAnswer(
            self.post(b"[1, 2]", signed_headers(b"[1, 2]", secret=generate_secret())),
            401,
            {"error": "invalid_signature"},
        )

    def test_400_not_json_not_envelope_unknown_type(self):
        cases = [
            (b"not json", "invalid_json"),
            (b"", "invalid_json"),
            (b'{"id": 1', "invalid_json"),
            (b'{"type": "order.created", "data": {"id": NaN}}', "invalid_json"),
            (b'{"type": "order.created", "data": {"id": 1e999}}', "invalid_json"),
            (b"[" * 1500 + b"]" * 1500, "invalid_json"),
            (b"\xff\xfe\x00", "invalid_json"),
            (b"[1, 2]", "invalid_payload"),
            (b'"text"', "invalid_payload"),
            (b"null", "invalid_payload"),
            (b'{"type": "order.created", "data": {"id": "a\\u0000b"}}', "invalid_payload"),
            (b'{"type": "order.created", "data": {"id": "\\ud800"}}', "invalid_payload"),
            (b'{"a":' * 100 + b"1" + b"}" * 100, "invalid_payload"),
            (b'{"id": 1}', "invalid_envelope"),
            (b'{"type": "order.created", "data": [1]}', "invalid_envelope"),
            (b'{"type": "order.created", "data": 5}', "invalid_envelope"),
            (wrap({"id": 1}, "order.deleted"), "unknown_event"),
            (wrap({"id": 1}, ""), "unknown_event"),
            (wrap({"id": 1}, "stock.update"), "unknown_event"),
        ]
        for body, error in cases:
            with self.subTest(body=body[:30]):
                response = self.post(body, signed_headers(body))
                self.assertAnswer(response, 400, error=error)
        body = wrap({"id": 2})
        headers = signed_headers(body, webhook_id="has space")
        self.assertAnswer(self.post(body, headers), 400, error="invalid_webhook_id")
        self.assertFalse(self.own_logs())

    def test_413_too_large(self):
        big = wrap({"id": 1, "notes": "x" * 5000})
        response = self.post(big, signed_headers(big))
        self.assertAnswer(response, 413, {"error": "payload_too_large"})

        # no Content-Length (chunked): still read at most limit + 1 bytes
        def chunks():
            yield big[:3000]
            yield big[3000:]

        response = self.post(chunks(), signed_headers(big))
        self.assertAnswer(response, 413, {"error": "payload_too_large"})
        # exactly at the limit is accepted
        exact = wrap({"id": 1, "notes": ""})
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
            body = wrap(self.order, alias)
            data = self.assertAnswer(self.post(body, signed_headers(body)), 202)
            self.assertEqual(self.Log.browse(data["log_id"]).event_type, canonical)

    def test_thin_notification(self):
        body = wrap({"id": "10453"}, "order.updated")
        data = self.assertAnswer(self.post(body, signed_headers(body)), 202)
        log = self.Log.browse(data["log_id"])
        self.assertEqual((log.external_id, log.payload), ("10453", {"id": "10453"}))

    def test_clarity_object_id(self):
        body = wrap(load_sample("clarity_salesorder.json"), "Order.created")
        self.channel.payload_limit = 1024 * 1024
        data = self.assertAnswer(self.post(body, signed_headers(body)), 202)
        self.assertEqual(self.Log.browse(data["log_id"]).external_id, "88214")

    def test_disabled_flow_accepted_and_cancelled(self):
        body = wrap({"id": 57, "sku": "TSHIRT-BLK-M", "amount": 3}, "product.updated")
        headers = signed_headers(body)
        data = self.assertAnswer(self.post(body, headers), 202)
        log = self.Log.browse(data["log_id"])
        self.assertEqual(log.state, "cancelled")
        self.assertEqual(log.error_message, "Product import is disabled on this channel.")
        # cancelled rows are never claimed
        self.assertNotIn(log, self.Log._claim(limit=500))
        again = self.post(body, headers)
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
        wrapped=st.booleans(),
        webhook_id=st.one_of(st.none(), st.text(max_size=40)),
        sign=st.sampled_from(["good", "bad", "none", "stale"]),
        token=st.sampled_from([TOKEN, "0" * 32, "%00", "a/b"]),
        content_type=st.sampled_from(
            ["application/json", "text/plain", "application/x-www-form-urlencoded", ""]
        ),
    )
    def test_fuzz_never_5xx(self, body, event, wrapped, webhook_id, sign, token, content_type):
        if wrapped:
            body = b'{"type": %s, "data": %s}' % (json.dumps(event).encode(), body)
        now = int(time.time())
        timestamp = str(now - 1000 if sign == "stale" else now)
        headers = {"Content-Type": content_type, "webhook-timestamp": timestamp}
        if webhook_id is not None:
            # a header value travels as latin-1, without line breaks
            webhook_id = webhook_id.encode("latin-1", "replace").decode("latin-1")
            headers["webhook-id"] = webhook_id.replace("\r", " ").replace("\n", " ")
        if sign != "none":
            secret = SECRET if sign in ("good", "stale") else generate_secret()
            headers["webhook-signature"] = compute_signature(
                secret, headers.get("webhook-id", ""), timestamp, body
            )
        try:
            response = self.post(body, headers, token=token)
        except ValueError:
            return  # requests refuses the header itself: nothing reached the server
        self.assertLess(response.status_code, 500, response.text)
        self.assertIn(response.status_code, (200, 202, 400, 401, 404, 413))
