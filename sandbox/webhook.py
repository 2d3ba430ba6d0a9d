"""Standard Webhooks deliveries, exactly as a storefront add-on sends them.

Signing uses the reference ``standardwebhooks`` library, as any store-side
sender would: nothing of the addon's own verification code is involved.
"""

import json
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime

from standardwebhooks import Webhook


def sign_webhook(secret, webhook_id, timestamp, body):
    """Return the ``v1,<base64>`` signature of ``body`` (bytes) for a ``whsec_...`` secret."""
    when = datetime.fromtimestamp(int(timestamp), tz=UTC)
    return Webhook(secret).sign(webhook_id, when, body.decode())


def envelope(event, data, when=None):
    """The Standard Webhooks body: ``{"type", "timestamp", "data"}``."""
    when = datetime.now(tz=UTC) if when is None else when
    return {"type": event, "timestamp": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "data": data}


def webhook_headers(secret, webhook_id, body, timestamp=None):
    """The three Standard Webhooks headers of one attempt (fresh timestamp by default)."""
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    return {
        "Content-Type": "application/json",
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign_webhook(secret, webhook_id, timestamp, body),
    }


def deliver_webhook(url, secret, event, data, webhook_id=None, timestamp=None, timeout=10):
    """POST one signed delivery of ``data`` as ``event``; return ``(status, JSON or text)``."""
    body = json.dumps(envelope(event, data)).encode()
    webhook_id = webhook_id or f"msg_{uuid.uuid4().hex}"
    headers = webhook_headers(secret, webhook_id, body, timestamp)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        status, text = exc.code, exc.read().decode()
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text
