"""Shape checks of storefront objects, before an importer writes anything.

The mapping engine types every mapped value; what the importers read
directly (the lists they iterate, the objects they descend into, the numbers
they add up) is checked here, so a malformed object fails its row as a
validation error naming the path and the value, never as an unexpected error.
No ORM here.
"""

import math

from ..connectors.errors import TranslatableError, ValidationError, _lt

# Numbers beyond this are refused: no storefront amount or quantity is that large,
# and Odoo's float and integer columns could not hold what they would become.
MAX_NUMBER = 1e12

# Shapes are given by the platform adapters (``shapes``: entity -> {path: kind}).
# ``[]`` means "each element of the list". Kinds: object (a JSON object), list
# (a JSON array), number (finite, bounded), quantity (a number >= 0), scalar (text
# or number). Absent or null values pass: the mapping decides what is required.


class ShapeError(TranslatableError, ValueError):
    """A malformed value: ``path`` and ``value`` say where and what."""

    def __init__(self, path, value, expected):
        self.path = path
        self.value = value
        shown = repr(value)
        shown = shown if len(shown) <= 80 else shown[:77] + "..."
        super().__init__(
            _lt(
                "Invalid value %(value)s at '%(path)s': expected %(expected)s.",
                value=shown,
                path=path,
                expected=expected,
            )
        )


def as_number(value, path, minimum=None):
    """Return ``value`` as a finite, bounded float (None stays None), or raise ShapeError."""
    if value is None or value == "":
        return None
    expected = (
        _lt("a number") if minimum is None else _lt("a number >= %(minimum)s", minimum=minimum)
    )
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ShapeError(path, value, expected)
    try:
        number = float(value)
    except (ValueError, OverflowError):
        raise ShapeError(path, value, expected) from None
    if not math.isfinite(number) or abs(number) > MAX_NUMBER:
        raise ShapeError(path, value, _lt("a finite number up to %(limit)g", limit=MAX_NUMBER))
    if minimum is not None and number < minimum:
        raise ShapeError(path, value, expected)
    return number


def _check(value, kind, path, element=False):
    if value is None:
        if element:  # a list holds values, never nulls
            raise ShapeError(path, value, _lt("an object") if kind == "object" else _lt("a value"))
        return
    if kind == "object" and not isinstance(value, dict):
        raise ShapeError(path, value, _lt("an object"))
    if kind == "list" and not isinstance(value, list):
        raise ShapeError(path, value, _lt("a list"))
    if kind == "number":
        as_number(value, path)
    if kind == "quantity":
        as_number(value, path, minimum=0)
    if kind == "scalar" and (isinstance(value, bool) or not isinstance(value, (str, int, float))):
        raise ShapeError(path, value, _lt("a text or a number"))


def _values_at(obj, steps, shown=""):
    """Yield ``(path, value)`` for every value at ``steps`` (``[]`` fans out over lists)."""
    if not steps:
        yield shown, obj
        return
    step, rest = steps[0], steps[1:]
    if step == "[]":
        if isinstance(obj, list):
            for index, item in enumerate(obj):
                yield from _values_at(item, rest, f"{shown}[{index}]")
        return
    if isinstance(obj, dict) and step in obj:
        yield from _values_at(obj[step], rest, f"{shown}.{step}" if shown else step)


def _steps(path):
    return [part for part in path.replace("[]", ".[].").split(".") if part]


def check_shape(obj, shape):
    """Raise ShapeError for the first malformed value of a storefront object.

    ``shape`` is ``{path: kind}`` (an adapter's ``shapes[entity]``), or None.
    """
    if not isinstance(obj, dict):
        raise ShapeError("(object)", obj, "a JSON object")
    for path, kind in (shape or {}).items():
        for shown, value in _values_at(obj, _steps(path)):
            _check(value, kind, shown, element=path.endswith("[]"))


def validate_object(obj, shape):
    """check_shape, raising the connector's ValidationError (a row error, no retry)."""
    try:
        check_shape(obj, shape)
    except ShapeError as exc:
        raise ValidationError(exc.message) from None
