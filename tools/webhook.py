"""Pure helpers of the inbound webhook contract: signatures, event names, bodies.

No ORM here: the channel model and the route call these, tests and the bench
use them to sign deliveries exactly as a storefront add-on must.
"""

import hashlib
import hmac
import json
import math
import re
import time

from .. import const

SIGNATURE_PREFIX = "sha256="
MAX_PAYLOAD_DEPTH = 64
DELIVERY_ID_PATTERN = re.compile(r"[\x21-\x7e]{1,200}")


class WebhookRejected(Exception):
    """A delivery refused for its content (HTTP 400): a code and a readable detail."""

    def __init__(self, code, detail):
        super().__init__(detail)
        self.code = code
        self.detail = detail


def compute_signature(secret, timestamp, raw_body):
    """Return ``sha256=<hex>`` of HMAC-SHA256(secret, b"<timestamp>." + raw body)."""
    if isinstance(timestamp, int):
        timestamp = str(timestamp)
    message = timestamp.encode("latin-1") + b"." + raw_body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


def signature_is_valid(secret, timestamp, raw_body, signature, tolerance, now=None):
    """Tell whether a delivery's signature and timestamp are acceptable.

    The timestamp must be unix seconds within ``tolerance`` of ``now`` (in the
    past or the future); the comparison runs in constant time.
    """
    if not (secret and timestamp and signature):
        return False
    timestamp = timestamp.strip()
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
        return False
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > tolerance:
        return False
    signature = signature.strip()
    if not signature.startswith(SIGNATURE_PREFIX):
        return False
    expected = compute_signature(secret, timestamp, raw_body)
    return hmac.compare_digest(
        expected.encode(), signature.encode("latin-1", errors="replace").lower()
    )


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


def valid_delivery_id(delivery_id):
    """Return the sender's delivery id when usable as a dedup key, else raise."""
    if delivery_id is None or delivery_id == "":
        return None
    if not DELIVERY_ID_PATTERN.fullmatch(delivery_id):
        raise WebhookRejected(
            "invalid_delivery_id",
            "X-Storefront-Delivery must be 1 to 200 visible ASCII characters.",
        )
    return delivery_id
