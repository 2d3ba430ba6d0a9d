"""Typed, classified errors raised by the storefront clients and handlers.

Each error is classified once, where it is raised; the sync engine reads
``error_class`` to decide between retry (transient), a human fix (validation,
business) and holding the channel (auth).

Their messages are translatable: a message is a text (a store's own words), a
lazy translation (``_lt("... %(name)s ...", name=value)``) or a list of messages
(one per line). ``str()`` gives the English text; ``render(message, lang)`` the
text in a user's language, and ``dump``/``load`` keep a message as JSON so the
sync log translates it when it is read.
"""

from odoo.tools.translate import LazyGettext, LazyTranslate

ADDON = "storefront_connector"
_lt = LazyTranslate(ADDON, default_lang="en_US")
_JSON_SCALARS = (str, int, float, bool, type(None))


def render(message, lang=None):
    """The text of ``message`` in ``lang`` (English when not given)."""
    if isinstance(message, LazyGettext):
        return message._translate(lang or "en_US")
    if isinstance(message, (list, tuple)):
        return "\n".join(render(part, lang) for part in message)
    return "" if message is None else str(message)


def dump(message):
    """``message`` as JSON: texts as they are, lazy translations as source and values."""
    if isinstance(message, LazyGettext):
        args = message._args
        if isinstance(args, dict):
            args = {key: _dump_value(value) for key, value in args.items()}
        else:
            args = [_dump_value(value) for value in args]
        return {"source": message._source, "args": args}
    if isinstance(message, (list, tuple)):
        return [dump(part) for part in message]
    return render(message)


def _dump_value(value):
    if isinstance(value, LazyGettext):
        return {"message": dump(value)}
    return value if isinstance(value, _JSON_SCALARS) else str(value)


def load(data):
    """The message ``dump`` made ``data`` of."""
    if isinstance(data, list):
        return [load(part) for part in data]
    if isinstance(data, dict) and "source" in data:
        source, args = data["source"], data.get("args") or ()
        if isinstance(args, dict):
            return _lt(source, **{key: _load_value(value) for key, value in args.items()})
        return _lt(source, *(_load_value(value) for value in args))
    return data


def _load_value(value):
    if isinstance(value, dict) and "message" in value:
        return load(value["message"])
    return value


def is_translatable(message):
    """True when ``message`` holds a lazy translation."""
    if isinstance(message, (list, tuple)):
        return any(is_translatable(part) for part in message)
    return isinstance(message, LazyGettext)


class TranslatableError(Exception):
    """An error whose message is translated for the user who reads it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return render(self.message)

    def text(self, lang=None):
        """The message in ``lang`` (English when not given)."""
        return render(self.message, lang)


def error_text(exc, lang=None):
    """An exception's message for a user of ``lang``: typed errors are translated."""
    if isinstance(exc, TranslatableError):
        return exc.text(lang)
    return str(exc)


class StorefrontError(TranslatableError):
    """Base class of every classified storefront error."""

    error_class = "business"

    def __init__(self, message, *, status=None, retry_after=None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


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
