"""WooCommerce's own webhook scheme at the one intake route, over real HTTP."""

import base64
import hashlib
import hmac
import json

from odoo.tests import tagged

from .webhook_common import SECRET, WebhookCase

TOKEN = "woo0123456789abcdef0123456789abc"


def woo_headers(body, topic="order.created", secret=SECRET):
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return {
        "Content-Type": "application/json",
        "X-WC-Webhook-Topic": topic,
        "X-WC-Webhook-Resource": topic.split(".")[0],
        "X-WC-Webhook-Event": topic.split(".")[1],
        "X-WC-Webhook-Signature": base64.b64encode(digest).decode(),
        "X-WC-Webhook-Delivery-ID": "same-second-id",
    }


@tagged("post_install", "-at_install")
class TestWooCommerceWebhook(WebhookCase):
    token = TOKEN
    channel_values = {"name": "Woo webhooks", "platform": "woocommerce", "payload_limit": 4096}

    def order(self, order_id=501, modified="2026-12-05T10:00:00"):
        return json.dumps(
            {"id": order_id, "status": "processing", "date_modified_gmt": modified}
        ).encode()

    def test_signed_delivery_is_stored_once_and_a_replay_is_a_duplicate(self):
        body = self.order()
        first = self.post(body, woo_headers(body))
        self.assertEqual(first.status_code, 202, first.text)
        log = self.own_logs()
        self.assertEqual((log.event_type, log.external_id), ("order.created", "501"))
        self.assertEqual(log.dedup_key, "woocommerce:order:501:2026-12-05T10:00:00")
        replay = self.post(body, woo_headers(body))
        self.assertEqual((replay.status_code, replay.json()["status"]), (200, "duplicate"))
        # the same state announced as an update is the same revision: no second row
        self.assertEqual(self.post(body, woo_headers(body, "order.updated")).status_code, 200)
        self.assertEqual(len(self.own_logs()), 1)

    def test_two_changes_within_one_delivery_id_are_two_rows(self):
        """The store's delivery id is shared within a second: the change date tells them apart."""
        for modified in ("2026-12-05T10:00:00", "2026-12-05T10:00:01"):
            body = self.order(modified=modified)
            self.assertEqual(self.post(body, woo_headers(body, "order.updated")).status_code, 202)
        self.assertEqual(len(self.own_logs()), 2)

    def test_creation_ping_is_answered_and_stored_nowhere(self):
        response = self.post(
            b"webhook_id=17", {"Content-Type": "application/x-www-form-urlencoded"}
        )
        self.assertEqual((response.status_code, response.json()), (200, {"status": "ping"}))
        self.assertFalse(self.own_logs())

    def test_bad_signature_is_refused_before_the_body_is_read(self):
        body = self.order()
        wrong = woo_headers(body, secret=SECRET + "x")
        self.assertEqual(self.post(body, wrong).status_code, 401)
        garbage = b"{not json"
        self.assertEqual(
            self.post(garbage, dict(wrong, **{"Content-Length": "9"})).status_code, 401
        )
        unsigned = {k: v for k, v in woo_headers(body).items() if "Signature" not in k}
        self.assertEqual(self.post(body, unsigned).status_code, 401)
        self.assertFalse(self.own_logs())

    def test_contract_statuses(self):
        body = self.order()
        self.assertEqual(self.post(body, woo_headers(body), token="f" * 32).status_code, 404)
        big = json.dumps({"id": 1, "pad": "x" * 5000}).encode()
        self.assertEqual(self.post(big, woo_headers(big)).status_code, 413)
        unknown = self.post(body, woo_headers(body, "coupon.created"))
        self.assertEqual((unknown.status_code, unknown.json()["error"]), (400, "unknown_event"))
        garbage = b"[1, 2]"
        self.assertEqual(self.post(garbage, woo_headers(garbage)).status_code, 400)
        self.assertFalse(self.own_logs())
