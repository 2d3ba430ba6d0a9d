"""The base REST client: one request method with timeouts, retries, a rate limit,
typed errors and redacted secrets."""

import email.utils
import logging
import math
import threading
import time
from datetime import UTC
from urllib.parse import urlsplit

import requests

from ..tools.engine import backoff_delay
from .errors import (
    AuthError,
    BusinessError,
    ThrottledError,
    TransientError,
    ValidationError,
    _lt,
)

_logger = logging.getLogger(__name__)

REDACTED = "***"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
VALIDATION_STATUSES = frozenset({400, 404, 409, 422})
# Under a deadline, a failure slower than this is not retried by the client.
FAST_FAILURE_SECONDS = 2.0
_rate_lock = threading.Lock()
_next_slot = {}  # rate key -> monotonic time of the next free slot
_count_lock = threading.Lock()
_api_counts = {}  # rate key -> [calls, errors] not yet flushed to the database


def count_api_call(key, error=False):
    """Count one HTTP call to a storefront (and whether it failed) under ``key``."""
    with _count_lock:
        counts = _api_counts.setdefault(key, [0, 0])
        counts[0] += 1
        counts[1] += int(bool(error))


def drain_api_counts():
    """Return and reset the calls counted since the last drain: ``{key: (calls, errors)}``."""
    with _count_lock:
        drained = {key: tuple(value) for key, value in _api_counts.items()}
        _api_counts.clear()
    return drained


def transport_failure(exc, platform, label):
    """Describe a request that got no HTTP status (no secret: the URL is left out)."""
    if isinstance(exc, requests.Timeout):
        return _lt("%(platform)s timed out on %(request)s.", platform=platform, request=label)
    if isinstance(exc, requests.ConnectionError):
        return _lt(
            "%(platform)s dropped the connection on %(request)s.", platform=platform, request=label
        )
    return _lt(
        "%(platform)s sent an unreadable answer (%(error)s) on %(request)s.",
        platform=platform,
        error=type(exc).__name__,
        request=label,
    )


def parse_retry_after(value):
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), or None.

    An unparseable value (garbage, NaN, infinity, a bad date) is ignored: None.
    """
    if not value:
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        try:
            parsed = email.utils.parsedate_to_datetime(str(value))
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if parsed is None:
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return max(parsed.timestamp() - time.time(), 0.0)
    if not math.isfinite(seconds):
        return None
    return max(seconds, 0.0)


class StorefrontClient:
    """Base client of one storefront; subclasses add the platform's calls."""

    platform_name = _lt("The storefront")

    def __init__(
        self,
        base_url,
        *,
        timeout=(5, 30),
        max_retries=3,
        backoff_base=0.5,
        backoff_cap=30.0,
        rate_limit=0.0,
        rate_key=None,
        rate_gate=None,
        secrets=(),
        sleep=time.sleep,
        session=None,
        deadline=None,
    ):
        if urlsplit(base_url or "").scheme not in ("http", "https"):
            raise ValidationError(
                _lt("Invalid store URL %(url)r: use http:// or https://.", url=base_url)
            )
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.rate_limit = rate_limit
        self.rate_key = rate_key or self.base_url
        # Shared slots (every worker and host) replacing this process's own, if given.
        self.rate_gate = rate_gate
        self.secrets = {secret for secret in secrets if secret}
        self.sleep = sleep
        self.session = session or requests.Session()
        self.last_response_summary = None
        self.last_response = None
        # time.monotonic() value after which no request starts and no retry is made:
        # the sync engine bounds a row's calls so that a run ends before its time limit.
        self.deadline = deadline

    # -- helpers ---------------------------------------------------------

    def redact(self, text):
        """Replace every known secret in ``text``."""
        text = str(text)
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, REDACTED)
        return text

    def _wait_for_slot(self, label):
        if not self.rate_limit or self.rate_limit <= 0:
            return
        if self.rate_gate is not None:
            wait = self.rate_gate.reserve()
        else:
            interval = 1.0 / self.rate_limit
            with _rate_lock:
                now = time.monotonic()
                slot = max(_next_slot.get(self.rate_key, now), now)
                _next_slot[self.rate_key] = slot + interval
            wait = slot - now
        if wait <= 0:
            return
        remaining = self._remaining()
        if remaining is not None and wait >= remaining:
            raise ThrottledError(
                f"{self.platform_name}'s rate limit leaves no slot for {label} in this run.",
                retry_after=wait,
            )
        self.sleep(wait)

    def _headers(self):
        """Headers every request carries (authentication included)."""
        return {"Accept": "application/json"}

    def _error_text(self, response):
        """The storefront's own error message in a response, if any."""
        try:
            body = response.json()
        except ValueError:
            return response.text[:200].strip()
        return str(self._error_message(body) or "")[:300] if isinstance(body, dict) else ""

    def _error_message(self, body):
        """Where the platform puts its error message in a JSON error body."""
        return body.get("message") or body.get("error") or body

    def _remaining(self):
        """Seconds left before the deadline (None without a deadline)."""
        if self.deadline is None:
            return None
        return self.deadline - time.monotonic()

    def _attempt_timeout(self, label):
        """The (connect, read) timeout of the next attempt, cut to the deadline."""
        remaining = self._remaining()
        if remaining is None:
            return self.timeout
        if remaining <= 0:
            raise TransientError(
                _lt("No time left for %(request)s in this run: retried later.", request=label)
            )
        if isinstance(self.timeout, tuple):
            return tuple(min(part, remaining) for part in self.timeout)
        return min(self.timeout, remaining)

    def _can_retry(self, wait, elapsed):
        """Whether to retry here, after ``wait`` seconds, an attempt that took ``elapsed``.

        Under a deadline (the sync engine), only fast failures are retried here, and
        only when a full attempt still fits: a slow store costs one attempt of the
        row, which the engine retries later and counts.
        """
        remaining = self._remaining()
        if remaining is None:
            return True
        if elapsed > FAST_FAILURE_SECONDS:
            return False
        read = self.timeout[1] if isinstance(self.timeout, tuple) else self.timeout
        return remaining - wait >= read

    # -- the request method ---------------------------------------------

    def _request(self, method, path, *, headers=None, auth=True, retry=True, **body):
        """Send one request (retried on timeouts, dropped connections, 5xx and 429).

        ``body``: the request's ``params``, ``json`` or ``data``, as requests takes them.
        ``retry=False`` sends a write that is not idempotent once: its failure
        is raised at once for the caller to check the store before trying again.
        Return the parsed JSON body (None when empty); raise a typed error.
        """
        url = path if path.startswith("http") else self.base_url + path
        all_headers = dict(self._headers() if auth else {"Accept": "application/json"})
        all_headers.update(headers or {})
        label = f"{method} {self.redact(urlsplit(url).path)}"
        max_retries = self.max_retries if retry else 0
        for attempt in range(max_retries + 1):
            self._wait_for_slot(label)
            timeout = self._attempt_timeout(label)
            started = time.monotonic()
            try:
                response = self.session.request(
                    method, url, headers=all_headers, timeout=timeout, allow_redirects=False, **body
                )
            except requests.RequestException as exc:
                # Every failure without an HTTP status is transient: timeouts, refused or
                # dropped connections, truncated or undecodable bodies (ChunkedEncodingError,
                # ContentDecodingError), TLS errors.
                error = TransientError(transport_failure(exc, self.platform_name, label))
                retry_after = None
                count_api_call(self.rate_key, error=True)
            else:
                elapsed = int((time.monotonic() - started) * 1000)
                self.last_response = response
                self.last_response_summary = f"{label} -> {response.status_code} in {elapsed} ms"
                _logger.debug("%s", self.redact(self.last_response_summary))
                count_api_call(self.rate_key, error=response.status_code >= 400)
                if response.status_code not in RETRY_STATUSES:
                    return self._handle_response(response, label)
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                if self.rate_gate is not None and response.status_code == 429:
                    # Every worker pauses: the next slot waits for the store.
                    self.rate_gate.hold(retry_after if retry_after is not None else 1.0)
                error = TransientError(
                    self._describe(response, label),
                    status=response.status_code,
                    retry_after=retry_after,
                )
            if attempt == max_retries:
                raise error
            # the engine's formula, ``attempt + 1`` being the attempt that just failed
            wait = backoff_delay(attempt + 1, self.backoff_base, self.backoff_cap)
            if retry_after is not None:
                wait = min(retry_after, self.backoff_cap)
            if self.rate_gate is not None and error.status == 429:
                wait = 0  # the next slot is already after the store's Retry-After
            if not self._can_retry(wait, time.monotonic() - started):
                raise error
            self.sleep(wait)
        raise AssertionError("unreachable")

    def _describe(self, response, label):
        values = {
            "platform": self.platform_name,
            "status": self.redact(f"{response.status_code} {response.reason or ''}".strip()),
            "request": label,
        }
        text = self._error_text(response)
        if text:
            return _lt(
                "%(platform)s answered %(status)s for %(request)s: %(text)s",
                text=self.redact(text),
                **values,
            )
        return _lt("%(platform)s answered %(status)s for %(request)s.", **values)

    def _handle_response(self, response, label):
        status = response.status_code
        if status in (401, 403):
            raise AuthError(self._describe(response, label), status=status)
        if status in VALIDATION_STATUSES:
            raise ValidationError(self._describe(response, label), status=status)
        if status >= 400 or 300 <= status < 400:
            raise BusinessError(self._describe(response, label), status=status)
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise BusinessError(
                _lt(
                    "%(platform)s answered %(request)s with a body that is not JSON.",
                    platform=self.platform_name,
                    request=label,
                )
            ) from exc
