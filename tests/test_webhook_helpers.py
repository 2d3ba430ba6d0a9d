"""The webhook contract helpers, without HTTP."""

from odoo.tests import BaseCase

from ..sandbox import envelope, sign_webhook, webhook_headers
from ..tools.webhook import (
    compute_signature,
    generate_secret,
    normalize_event,
    parse_envelope,
    signature_is_valid,
)
from .webhook_common import SECRET, wrap


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

    def test_reference_vector(self):
        """The Standard Webhooks specification's own test vector."""
        body = b'{"test": 2432232314}'
        msg_id, ts = "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330"
        expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        self.assertEqual(compute_signature(SECRET, msg_id, ts, body), expected)
        self.assertEqual(sign_webhook(SECRET, msg_id, ts, body), expected)
        now = int(ts)
        self.assertTrue(signature_is_valid([SECRET], msg_id, ts, body, expected, 300, now=now))

    def test_signature_vectors(self):
        body = wrap({"id": 1})
        now = 1_800_000_000
        ts = str(now)
        good = compute_signature(SECRET, "msg_1", ts, body)
        other = generate_secret()
        bad = compute_signature(other, "msg_1", ts, body)

        def valid(signature, secrets=(SECRET,), msg_id="msg_1", timestamp=ts, data=body):
            return signature_is_valid(list(secrets), msg_id, timestamp, data, signature, 300, now)

        self.assertTrue(valid(good))
        # several signatures, one valid (any order), unknown versions ignored
        self.assertTrue(valid(f"{bad} {good}"))
        self.assertTrue(valid(f"v2,abc {good} v1,!!!"))
        self.assertFalse(valid(f"{bad} v1,notbase64"))
        # tampered body, wrong secret, other id, other timestamp
        self.assertFalse(valid(good, data=body.replace(b"created", b"cancelled")))
        self.assertFalse(valid(good, secrets=(other,)))
        self.assertFalse(valid(good, msg_id="msg_2"))
        self.assertFalse(valid(good, timestamp=str(now - 1)))
        # several accepted secrets (rotation): either signs
        self.assertTrue(valid(bad, secrets=(SECRET, other)))
        # window both directions
        for offset, expected in ((-300, True), (300, True), (-301, False), (301, False)):
            stamp = str(now + offset)
            signature = compute_signature(SECRET, "msg_1", stamp, body)
            self.assertEqual(valid(signature, timestamp=stamp), expected, offset)
        # malformed input is never valid and never raises
        for signature in ("", "v1", "v1,", good[3:], "sha256=" + good[3:], "v1,\u00e9", "v1,a,b"):
            self.assertFalse(valid(signature), signature)
        for stamp in ("12.5", "1e9", "nan", "-1", "", "\u0661\u0662"):
            self.assertFalse(valid(good, timestamp=stamp), stamp)
        self.assertFalse(valid(good, msg_id=""))
        self.assertFalse(valid(good, secrets=("not-a-whsec", "whsec_###", "whsec_YWJj")))

    def test_envelope(self):
        self.assertEqual(
            parse_envelope(wrap({"id": 5}, "Order Placed")), ("order.created", {"id": 5})
        )
        self.assertEqual(envelope("order.created", {"id": 5})["type"], "order.created")
        for body in (
            b'{"id": 5}',
            b'{"type": "order.created"}',
            b'{"type": "order.created", "data": [1]}',
            b'{"type": 5, "data": {}}',
            b'{"type": "order.created", "timestamp": 5, "data": {}}',
        ):
            with self.assertRaises(Exception) as caught:
                parse_envelope(body)
            self.assertEqual(caught.exception.code, "invalid_envelope", body)

    def test_generated_secrets(self):
        first, second = generate_secret(), generate_secret()
        self.assertNotEqual(first, second)
        self.assertTrue(first.startswith("whsec_"))
        headers = webhook_headers(first, "msg_x", b"{}")
        self.assertTrue(
            signature_is_valid(
                [first],
                "msg_x",
                headers["webhook-timestamp"],
                b"{}",
                headers["webhook-signature"],
                300,
            )
        )
