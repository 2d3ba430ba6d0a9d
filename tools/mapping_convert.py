"""Scalar conversions of the mapping transforms: text, numbers, flags and dates."""

import math
from datetime import UTC, date, datetime

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "on"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "off"})


def _to_bool(value):
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(value)


def _to_datetime(value, fmt=None):
    if isinstance(value, datetime):
        result = value
    elif fmt:
        result = datetime.strptime(str(value), fmt)
    elif isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit()):
        result = datetime.fromtimestamp(float(value), UTC)
    else:
        text = str(value).strip()
        result = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    if result.tzinfo:
        result = result.astimezone(UTC).replace(tzinfo=None)
    return result


def _to_date(value, fmt=None):
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if fmt:
        return datetime.strptime(str(value), fmt).date()
    text = str(value).strip()
    if len(text) == 10 and text[4] == "-":
        return date.fromisoformat(text)
    return _to_datetime(value).date()


# Larger numbers are refused: no amount or quantity is that large, and Odoo's
# columns could not hold what they would become.
MAX_NUMBER = 1e12


def _to_float(value):
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(value)
    number = float(value)
    if not math.isfinite(number) or abs(number) > MAX_NUMBER:
        raise ValueError(value)
    return number


def _to_int(value):
    return int(_to_float(value))


def _to_str(value):
    if isinstance(value, (dict, list)):  # an object or a list is no text
        raise TypeError(value)
    return str(value)


CONVERTERS = {
    "str": lambda value, line: _to_str(value),
    "int": lambda value, line: _to_int(value),
    "float": lambda value, line: _to_float(value),
    "bool": lambda value, line: _to_bool(value),
    "date": lambda value, line: _to_date(value, line.get("fmt")),
    "datetime": lambda value, line: _to_datetime(value, line.get("fmt")),
}
