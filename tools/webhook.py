"""Pure helpers of the inbound webhook contract (Standard Webhooks): signatures, bodies.

No ORM here: the channel model and the route call these, tests and the bench
use them to sign deliveries exactly as a storefront add-on must.
"""

import base64
import binascii
import hashlib
import hmac
import json
import math
import re
import secrets
import time

from .. import const

SECRET_PREFIX = "whsec_"
SIGNATURE_VERSION = "v1"
SECRET_BYTES = 32
MAX_PAYLOAD_DEPTH = 64
WEBHOOK_ID_PATTERN = re.compile(r"[\x21-\x7e]{1,200}")
# Standard Webhooks keys are 24 to 64 bytes; a shorter key is refused.
MIN_SECRET_BYTES = 24
MAX_SECRET_BYTES = 64


class WebhookRejected(Exception):
    """A delivery refused for its content (HTTP 400): a code and a readable detail."""

    def __init__(self, code, detail):
        super().__init__(detail)
        self.code = code
        self.detail = detail


def generate_secret():
    """Return a new signing secret, ``whsec_<base64 of 32 random bytes>``."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def secret_key(secret):
    """Return the HMAC key of a ``whsec_...`` secret, or None when it is not one."""
    if not isinstance(secret, str) or not secret.startswith(SECRET_PREFIX):
        return None
    try:
        key = base64.b64decode(secret[len(SECRET_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        return None
    return key if MIN_SECRET_BYTES <= len(key) <= MAX_SECRET_BYTES else None


def compute_signature(secret, webhook_id, timestamp, raw_body):
    """Return ``v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>``."""
    key = secret_key(secret)
    if key is None:
        raise ValueError("The signing secret must be whsec_ followed by a base64 key.")
    message = f"{webhook_id}.{timestamp}.".encode() + raw_body
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return f"{SIGNATURE_VERSION},{base64.b64encode(digest).decode()}"


def _signatures(header):
    """The decoded ``v1`` signatures of a webhook-signature header (others ignored)."""
    found = []
    for entry in header.split()[:20]:
        version, _sep, value = entry.partition(",")
        if version != SIGNATURE_VERSION or not value:
            continue
        try:
            found.append(base64.b64decode(value, validate=True))
        except (binascii.Error, ValueError):
            continue
    return found


def signature_is_valid(secrets_, webhook_id, timestamp, raw_body, signature, tolerance, now=None):
    """Tell whether a Standard Webhooks delivery is authentic and recent.

    ``secrets_`` are the secrets accepted now (the current one, and the
    previous one during its grace period). The timestamp must be unix seconds
    within ``tolerance`` of ``now`` (past or future); any one ``v1`` entry of
    the signature header matching any secret is enough; comparisons run in
    constant time. Malformed input of any kind is simply not valid.
    """
    if not (webhook_id and timestamp and signature):
        return False
    if not (webhook_id.isascii() and timestamp.isascii() and signature.isascii()):
        return False
    timestamp = timestamp.strip()
    if not timestamp.isdigit() or len(timestamp) > 12:
        return False
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > tolerance:
        return False
    keys = [key for key in map(secret_key, secrets_) if key]
    message = f"{webhook_id}.{timestamp}.".encode() + raw_body
    expected = [hmac.new(key, message, hashlib.sha256).digest() for key in keys]
    valid = False
    for given in _signatures(signature):
        for digest in expected:
            # no early exit: every comparison runs, in constant time
            valid |= hmac.compare_digest(digest, given)
    return valid


def normalize_event(name):
    """Return the canonical event name of ``name`` or None when it is unknown.

    ``order.created``, ``Order.created`` (Clarity), ``Order Placed`` (X-Cart)
    and ``ORDER_PLACED`` all resolve through const.INBOUND_EVENTS and
    const.EVENT_ALIASES.
    """
    if not name or len(name) > 100:
        return None
    words = " ".join(name.strip().lower().replace("_", " ").replace(".", " ").split())
    dotted = words.replace(" ", ".", 1)
    if dotted in const.INBOUND_EVENTS:
        return dotted
    return const.EVENT_ALIASES.get(words)


def _reject_constant(name):
    raise ValueError(f"{name} is not a valid JSON number")


def _parse_float(text):
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of range")
    return value


def parse_payload(raw_body):
    """Parse a delivery body into a dict that PostgreSQL can store as jsonb.

    Raises WebhookRejected for a body that is not JSON, not an object, or
    holds what jsonb refuses (NUL characters, lone surrogates, NaN).
    """
    try:
        payload = json.loads(raw_body, parse_constant=_reject_constant, parse_float=_parse_float)
    except (ValueError, RecursionError) as exc:
        raise WebhookRejected("invalid_json", f"The body is not valid JSON: {exc}") from None
    if not isinstance(payload, dict):
        raise WebhookRejected(
            "invalid_payload",
            f"The body must be a JSON object, not {type(payload).__name__}.",
        )
    _check_storable(payload)
    return payload


def _check_storable(payload):
    stack = [(payload, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_PAYLOAD_DEPTH:
            raise WebhookRejected(
                "invalid_payload", f"The body is nested deeper than {MAX_PAYLOAD_DEPTH} levels."
            )
        if isinstance(value, dict):
            for key, item in value.items():
                _check_text(key)
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str):
            _check_text(value)


def _check_text(text):
    try:
        text.encode()
    except UnicodeEncodeError:
        raise WebhookRejected(
            "invalid_payload", "The body holds an invalid unicode escape."
        ) from None
    if "\x00" in text:
        raise WebhookRejected("invalid_payload", "The body holds a NUL character.")


# Where an object carries its storefront id: X-Cart 5.5, Clarity, legacy X-Cart.
ID_KEYS = ("id", "ID", "order_id", "product_id", "profile_id")


def object_external_id(payload):
    """Return the storefront id of an object (``id``, ``ID``, legacy ``order_id``...), as text."""
    value = next((payload[key] for key in ID_KEYS if payload.get(key) not in (None, "")), None)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    value = str(value).strip()
    return value[:200] or None


def valid_webhook_id(webhook_id):
    """Return the sender's webhook-id when usable as the dedup key, else raise."""
    if not webhook_id or not WEBHOOK_ID_PATTERN.fullmatch(webhook_id):
        raise WebhookRejected(
            "invalid_webhook_id", "webhook-id must be 1 to 200 visible ASCII characters."
        )
    return webhook_id


def parse_envelope(raw_body):
    """Return ``(event, data)`` of a Standard Webhooks body ``{type, timestamp, data}``.

    ``event`` is the canonical event name of ``type`` (aliases accepted);
    ``data`` is the storefront object, or a thin notification ``{"id": ...}``.
    Raises WebhookRejected (HTTP 400) for anything else.
    """
    envelope = parse_payload(raw_body)
    kind, data = envelope.get("type"), envelope.get("data")
    if not isinstance(kind, str) or not isinstance(data, dict):
        raise WebhookRejected(
            "invalid_envelope",
            'The body must be {"type": "<event>", "timestamp": "...", "data": {...}}.',
        )
    if "timestamp" in envelope and not isinstance(envelope["timestamp"], str):
        raise WebhookRejected("invalid_envelope", "The envelope timestamp must be a string.")
    event = normalize_event(kind)
    if not event:
        raise WebhookRejected(
            "unknown_event",
            f"Unknown event type {kind[:100]!r}; expected one of "
            f"{', '.join(const.INBOUND_EVENTS)}.",
        )
    return event, data
