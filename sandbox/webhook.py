"""Signed webhook deliveries, exactly as a storefront add-on sends them."""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
import uuid


def sign_webhook(secret, timestamp, body):
    """Return ``sha256=<hex>``: HMAC-SHA256 over ``b"<timestamp>." + body``."""
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def deliver_webhook(url, secret, event, payload, delivery_id=None, timestamp=None, timeout=10):
    """POST one signed delivery; return ``(status, parsed JSON or text)``."""
    body = json.dumps(payload).encode()
    timestamp = int(time.time()) if timestamp is None else timestamp
    headers = {
        "Content-Type": "application/json",
        "X-Storefront-Event": event,
        "X-Storefront-Delivery": delivery_id or str(uuid.uuid4()),
        "X-Storefront-Timestamp": str(timestamp),
        "X-Storefront-Signature": sign_webhook(secret, timestamp, body),
    }
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
