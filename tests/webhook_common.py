"""Shared data and helpers of the webhook tests."""

import json
import time
import uuid

from ..tools.webhook import compute_signature

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
