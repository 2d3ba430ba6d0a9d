"""Typed, classified errors raised by the storefront clients and handlers.

Each error is classified once, where it is raised; the sync engine reads
``error_class`` to decide between retry (transient), a human fix (validation,
business) and holding the channel (auth).
"""


class StorefrontError(Exception):
    """Base class of every classified storefront error."""

    error_class = "business"

    def __init__(self, message, *, status=None, retry_after=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after

    def __str__(self):
        return self.message


class TransientError(StorefrontError):
    """Timeouts, 5xx, 429, dropped connections: retried with backoff."""

    error_class = "transient"


class ThrottledError(TransientError):
    """The store's rate limit leaves no slot in this run: the work waits, no attempt spent."""


class ValidationError(StorefrontError):
    """The data is incomplete or malformed (missing field, bad value)."""

    error_class = "validation"


class BusinessError(StorefrontError):
    """The data is valid but cannot be applied (unknown SKU, amount mismatch)."""

    error_class = "business"


class AuthError(StorefrontError):
    """Credentials refused or expired: the channel's outbound work is held."""

    error_class = "auth"


class UnsupportedError(BusinessError):
    """The platform's API cannot do what was asked: a permanent failure, said plainly."""
