"""Shared data and helpers of the webhook tests."""

import json
import time
import uuid

from odoo.tests import HttpCase

from ..tools.webhook import compute_signature
from .common import storefront_fixtures

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # the Standard Webhooks reference vector
TOKEN = "0123456789abcdef0123456789abcdef"


def wrap(data, event="order.created"):
    """The envelope body of ``data`` as bytes."""
    return json.dumps({"type": event, "timestamp": "2026-11-20T14:05:42Z", "data": data}).encode()


def signed_headers(body, secret=SECRET, webhook_id=None, timestamp=None):
    webhook_id = webhook_id or f"msg_{uuid.uuid4().hex}"
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "Content-Type": "application/json",
        "webhook-id": webhook_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": compute_signature(secret, webhook_id, timestamp, body),
    }


class WebhookCase(HttpCase):
    """A channel taking deliveries signed with ``SECRET`` at ``token``, over real HTTP."""

    token = TOKEN
    channel_values = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        storefront_fixtures(cls, webhook_secret=SECRET, **cls.channel_values)
        cls.channel.webhook_token = cls.token

    def post(self, body, headers, token=None):
        """POST ``body`` to the intake route; the answer never shows the secret."""
        response = self.opener.post(
            f"{self.base_url()}/storefront/webhook/{self.token if token is None else token}",
            data=body,
            headers=headers,
            timeout=10,
        )
        self.assertNotIn(SECRET, response.text)
        return response

    def own_logs(self):
        return self.Log.search([("channel_id", "=", self.channel.id)])
