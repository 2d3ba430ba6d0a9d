"""The field-mapping engine: storefront objects to Odoo values, in pure Python.

A mapping line is a plain dict (see ``apply_line``); the ORM hands the channel's
lines to ``apply_mapping`` together with its value maps.
"""

import re

from ..connectors.errors import TranslatableError, _lt
from .mapping_convert import CONVERTERS

# Transforms whose result is typed: an empty source value gives None, never "".
TYPED_TRANSFORMS = frozenset({"int", "float", "bool", "date", "datetime"})
TRANSFORMS = TYPED_TRANSFORMS | {"direct", "str", "value_map", "template", "split", "constant"}
CONDITION_RE = re.compile(
    r"^\s*(?P<path>[^\s!=]+)\s+(?P<op>==|!=|not in|in|exists|missing)(?:\s+(?P<value>.*?))?\s*$"
)
SEGMENT_RE = re.compile(r"^(?P<key>[^\[\]]+)?(?P<brackets>(\[[^\[\]]*\])*)$")
BRACKET_RE = re.compile(r"\[([^\[\]]*)\]")
TEMPLATE_RE = re.compile(r"\{([^{}]+)\}")
EMPTY = (None, "")


class MappingError(TranslatableError, ValueError):
    """A mapping problem an admin can fix; names the source path and the target."""

    def __init__(self, message, path=None, target=None, errors=None):
        super().__init__(message)
        self.path = path
        self.target = target
        self.errors = errors or [self]


# ----------------------------------------------------------------------
# Paths
# ----------------------------------------------------------------------


def _parse_path(path):
    """Split a path into steps: ("key", name), ("index", n), ("all",), ("filter", k, v)."""
    if not path or not isinstance(path, str):
        raise MappingError(_lt("Invalid source path %(path)r.", path=path), path=path)
    steps = []
    for segment in path.split("."):
        match = SEGMENT_RE.match(segment)
        if not segment or not match or (not match["key"] and not match["brackets"]):
            raise MappingError(_lt("Invalid source path '%(path)s'.", path=path), path=path)
        if match["key"]:
            steps.append(("key", match["key"]))
        for inner in BRACKET_RE.findall(match["brackets"] or ""):
            if inner == "":
                steps.append(("all",))
            elif inner.lstrip("-").isdigit():
                steps.append(("index", int(inner)))
            elif "=" in inner:
                key, value = inner.split("=", 1)
                steps.append(("filter", key.strip(), value.strip()))
            else:
                raise MappingError(
                    _lt(
                        "Invalid list selector [%(selector)s] in path '%(path)s'.",
                        selector=inner,
                        path=path,
                    ),
                    path=path,
                )
    return steps


def _walk(value, steps, path):
    for position, step in enumerate(steps):
        if value is None:
            return None
        kind = step[0]
        if kind == "key":
            if not isinstance(value, dict):
                raise MappingError(
                    _lt(
                        "Path '%(path)s' reads '%(key)s' inside a %(type)s, which has no fields.",
                        path=path,
                        key=step[1],
                        type=type(value).__name__,
                    ),
                    path=path,
                )
            value = value.get(step[1])
            continue
        if not isinstance(value, list):
            raise MappingError(
                _lt(
                    "Path '%(path)s' selects list items in a %(type)s.",
                    path=path,
                    type=type(value).__name__,
                ),
                path=path,
            )
        if kind == "index":
            value = value[step[1]] if -len(value) <= step[1] < len(value) else None
        elif kind == "all":
            rest = steps[position + 1 :]
            return [_walk(item, rest, path) for item in value]
        else:
            _kind, key, expected = step
            matches = [
                item for item in value if isinstance(item, dict) and str(item.get(key)) == expected
            ]
            if position + 1 < len(steps) and steps[position + 1] == ("all",):
                rest = steps[position + 2 :]
                return [_walk(item, rest, path) for item in matches]
            value = matches[0] if matches else None
    return value


def get_path(obj, path):
    """Return the value at ``path`` in ``obj``; None when a key is absent.

    Paths: ``a.b``, ``items[0].sku``, ``items[].sku`` (a list),
    ``surcharges[type=shipping].value`` (first match) and
    ``surcharges[type=shipping][].value`` (every match).
    """
    return _walk(obj, _parse_path(path), path)


# ----------------------------------------------------------------------
# Conditions
# ----------------------------------------------------------------------


def parse_condition(text):
    """Parse ``<path> <op> <value>``; op: ==, !=, in, not in, exists, missing."""
    match = CONDITION_RE.match(text or "")
    if not match:
        raise MappingError(
            _lt(
                "Invalid condition '%(condition)s': write '<path> == <value>', "
                "'<path> != <value>', '<path> in A,B', '<path> not in A,B', '<path> exists' "
                "or '<path> missing'.",
                condition=text,
            )
        )
    path, op, value = match["path"], match["op"], match["value"]
    _parse_path(path)
    if op in ("exists", "missing"):
        if value:
            raise MappingError(
                _lt(
                    "Invalid condition '%(condition)s': '%(operator)s' takes no value.",
                    condition=text,
                    operator=op,
                )
            )
        return path, op, None
    if value is None:
        raise MappingError(
            _lt(
                "Invalid condition '%(condition)s': '%(operator)s' needs a value.",
                condition=text,
                operator=op,
            )
        )
    if op in ("in", "not in"):
        return path, op, [_unquote(part) for part in value.split(",")]
    return path, op, _unquote(value)


def _unquote(text):
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def evaluate_condition(payload, text):
    """True when the condition holds for ``payload`` (an empty condition always holds)."""
    if not text:
        return True
    path, op, expected = parse_condition(text)
    value = get_path(payload, path)
    if op == "exists":
        return value not in EMPTY
    if op == "missing":
        return value in EMPTY
    actual = "" if value is None else str(value)
    if op == "==":
        return actual == expected
    if op == "!=":
        return actual != expected
    if op == "in":
        return actual in expected
    return actual not in expected


def _short(value):
    shown = repr(value)
    return shown if len(shown) <= 80 else shown[:77] + "..."


def _describe(line):
    target = line.get("target_field") or "?"
    path = line.get("source_path") or ""
    return _lt("'%(path)s' (for %(target)s)", path=path, target=target) if path else target


def _value_map(value, line, value_maps):
    code = line.get("value_map")
    table = (value_maps or {}).get(code)
    if table is None:
        raise MappingError(
            _lt(
                "Value map '%(map)s' used by %(line)s does not exist.",
                map=code,
                line=_describe(line),
            ),
            path=line.get("source_path"),
            target=line.get("target_field"),
        )
    key = str(value)
    if key in table:
        return table[key]
    if line.get("default") not in EMPTY:
        return line["default"]
    raise MappingError(
        _lt(
            "Value '%(value)s' at %(line)s is not in value map '%(map)s'.",
            value=key,
            line=_describe(line),
            map=code,
        ),
        path=line.get("source_path"),
        target=line.get("target_field"),
    )


def _template(payload, line):
    def render(match):
        value = get_path(payload, match.group(1).strip())
        return "" if value is None else str(value)

    text = TEMPLATE_RE.sub(render, line.get("template") or "")
    return " ".join(text.split()) or None


def _split(value, line):
    parts = [part.strip() for part in str(value).split(line.get("separator") or None)]
    parts = [part for part in parts if part]
    index = line.get("split_index", 0)
    if index == "rest":
        return " ".join(parts[1:]) or None
    index = int(index)
    return parts[index] if -len(parts) <= index < len(parts) else None


def _convert(value, line, value_maps):
    transform = line.get("transform") or "direct"
    if transform == "value_map":
        return _value_map(value, line, value_maps)
    if transform == "split":
        return _split(value, line)
    converter = CONVERTERS.get(transform)
    if not converter:
        return value
    try:
        return converter(value, line)
    except (TypeError, ValueError, OverflowError, OSError) as exc:
        raise MappingError(
            _lt(
                "Value %(value)s at %(line)s is not a valid %(transform)s.",
                value=_short(value),
                line=_describe(line),
                transform=transform,
            ),
            path=line.get("source_path"),
            target=line.get("target_field"),
        ) from exc


def apply_line(payload, line, value_maps=None):
    """Apply one mapping line; return ``(applies, value)``.

    Line keys: target_field, source_path, transform (see TRANSFORMS), fmt,
    value_map, template, separator, split_index, default, condition, required.
    """
    transform = line.get("transform") or "direct"
    if transform not in TRANSFORMS:
        raise MappingError(
            _lt(
                "Unknown transform '%(transform)s' for %(line)s.",
                transform=transform,
                line=_describe(line),
            )
        )
    if not evaluate_condition(payload, line.get("condition")):
        return False, None
    if transform == "constant":
        value = line.get("default")
    elif transform == "template":
        value = _template(payload, line)
    else:
        value = get_path(payload, line["source_path"]) if line.get("source_path") else None
        if value in EMPTY and line.get("default") not in EMPTY and transform != "value_map":
            value = line["default"]
        if value not in EMPTY:
            value = _convert(value, line, value_maps)
        elif transform == "value_map" and line.get("default") not in EMPTY:
            value = line["default"]
        elif transform in TYPED_TRANSFORMS:
            value = None  # an empty text is no number, date or flag: absent
    if line.get("required") and value in EMPTY:
        raise MappingError(
            _lt("Missing required value at %(line)s.", line=_describe(line)),
            path=line.get("source_path"),
            target=line.get("target_field"),
        )
    return True, value


def apply_mapping(payload, lines, value_maps=None):
    """Apply every line (in sequence order) and return ``{target_field: value}``.

    All problems are collected and raised as one MappingError listing them.
    """
    result, problems = {}, []
    for line in sorted(lines, key=lambda line: line.get("sequence", 0)):
        try:
            applies, value = apply_line(payload, line, value_maps)
        except MappingError as exc:
            problems.append(exc)
            continue
        target = line.get("target_field")
        if applies and target and (value is not None or target not in result):
            result[target] = value
    if problems:
        if len(problems) == 1:
            raise problems[0]
        raise MappingError([problem.message for problem in problems], errors=problems)
    return result
