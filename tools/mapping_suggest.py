"""Mapping suggestions: which path of a storefront object fills which Odoo target.

Pure Python, no database. ``suggest_mappings(entity, sample, accepted)`` scores every
(target, source path) pair from explainable signals and keeps the best one-to-one
assignment:

* name similarity of the leaf and its parents, after splitting camelCase/snake_case and
  folding abbreviations and synonyms (qty/quantity, zip/postcode, ...);
* value detectors on the sample (email, ISO country, currency code, ISO date, phone,
  money, integer id, boolean), checked against the target's expected type;
* for order lines and addresses given a whole order: the first object of the line list;
* the prior: mappings accepted elsewhere (same path, or a leaf named the same way),
  and the channel's rejections as negatives.

Each suggestion carries its reasons in plain words.
"""

import re
from difflib import SequenceMatcher

from ..connectors.errors import _lt, render
from . import mapping_suggest_data as data

FLOOR = 0.45
ADDRESS_WORDS = frozenset({"city", "zip", "street", "country", "state"})
MAX_DEPTH = 4
CAMEL_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$")
MONEY_RE = re.compile(r"^-?\d+\.\d{2}$")
INT_RE = re.compile(r"^\d+$")
PHONE_RE = re.compile(r"^\+?[\d\s().\-/]{7,20}$")
ZIP_RE = re.compile(r"^[A-Z0-9][A-Z0-9 \-]{2,9}$", re.I)
STATUS_RE = re.compile(r"^[A-Za-z][A-Za-z_\- ]{0,29}$")

# How well a detected value kind fits an expected kind: 1 fits, 0 neutral, -1 contradicts.
FITS = {
    data.EMAIL: {"email": 1},
    data.CURRENCY: {"currency": 1},
    data.DATETIME: {"date": 1},
    data.MONEY: {"money": 1, "int": 0.5, "numstr": 1},
    data.QUANTITY: {"int": 1, "money": 0.3, "numstr": 0.5},
    data.ID: {"int": 1, "numstr": 0.6},
    data.REF: {"code": 1, "int": 0.6, "numstr": 0.6, "word": 0.4, "country": 0.2, "zip": 0.5},
    data.TEXT: {"text": 1, "word": 0.8, "code": 0.3, "status": 0.4},
    data.STATUS: {"status": 1, "word": 1, "code": 0.6, "country": 0.3, "state": 0.3},
    data.COUNTRY: {"country": 1},
    data.STATE: {"state": 1, "country": 0.8, "word": 0.3, "code": 0.3},
    data.PHONE: {"phone": 1, "numstr": 0.5},
    data.ZIP: {"zip": 1, "numstr": 1, "code": 0.7, "int": 0.7},
    data.BOOL: {"bool": 1, "int": 0.3, "status": 0.3},
}


def tokens(name):
    """Normalised tokens of a field name: split, lower-cased, synonyms folded."""
    words = []
    for part in re.split(r"[^A-Za-z0-9]+", name or ""):
        words += [w.lower() for w in CAMEL_RE.findall(part)]
    joined = "".join(words)
    if joined in data.SYNONYMS and len(words) > 1:
        words = [joined]
    folded = []
    for word in words:
        word = data.SYNONYMS.get(word, word)
        if word and word not in data.STOPWORDS:
            folded.append(word)
    return folded


def detect(value):
    """The kinds a sample value looks like, most specific first."""
    if isinstance(value, bool):
        return ["bool"]
    if isinstance(value, int):
        return ["int"]
    if isinstance(value, float):
        return ["money"]
    if not isinstance(value, str) or not value.strip():
        return []
    text = value.strip()
    kinds = []
    if EMAIL_RE.match(text):
        return ["email"]
    if DATE_RE.match(text):
        return ["date"]
    if MONEY_RE.match(text):
        return ["money", "numstr"]
    if text in data.CURRENCY_CODES:
        kinds.append("currency")
    if text in data.COUNTRY_CODES:
        kinds.append("country")
    if text.isupper() and text.isalpha() and len(text) <= 3:
        kinds.append("state")
    if INT_RE.match(text):
        kinds.append("numstr")
        if 7 <= len(text) <= 15:
            kinds.append("phone")
        if len(text) <= 10:
            kinds.append("zip")
        return kinds
    if PHONE_RE.match(text) and sum(c.isdigit() for c in text) >= 7:
        kinds.append("phone")
    if ZIP_RE.match(text) and any(c.isdigit() for c in text) and len(text) <= 8:
        kinds.append("zip")
    if " " in text and len(text) > 3:
        kinds.append("text")
    elif STATUS_RE.match(text):
        kinds += ["status", "word"]
    else:
        kinds.append("code")
    return kinds


def _looks_like_lines(key, items):
    first = items[0]
    keys = {t for k in first for t in tokens(k)}
    return bool(set(tokens(key)) & data.LINE_LIST_TOKENS) or len(keys & data.LINE_KEY_TOKENS) >= 2


def find_line_items(sample):
    """The key and first object of the order's line list, or (None, None)."""
    for key, value in (sample or {}).items():
        is_list = isinstance(value, list) and value and isinstance(value[0], dict)
        if is_list and _looks_like_lines(key, value):
            return key, value[0]
    return None, None


def candidates(sample, prefix="", depth=0, skip_lines=False):
    """Yield (path, value) for every leaf: nested keys, [0] and [type=x] in lists."""
    if depth > MAX_DEPTH or not isinstance(sample, dict):
        return
    for key, value in sample.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from candidates(value, path + ".", depth + 1, skip_lines)
        elif isinstance(value, list):
            dicts = [item for item in value if isinstance(item, dict)]
            if dicts and skip_lines and _looks_like_lines(key, dicts):
                continue
            if dicts:
                yield from candidates(dicts[0], f"{path}[0].", depth + 1, skip_lines)
                for discriminator in ("type", "code", "kind"):
                    labels = [str(item.get(discriminator, "")) for item in dicts]
                    if all(labels) and len(set(labels)) == len(labels) > 1:
                        for item, label in zip(dicts, labels, strict=True):
                            yield from candidates(
                                item, f"{path}[{discriminator}={label}].", depth + 1, skip_lines
                            )
                        break
            elif value and not isinstance(value[0], list):
                yield f"{path}[0]", value[0]
        else:
            yield path, value


def _path_tokens(path):
    """(leaf tokens, tokens of the nearest named parent, selector tokens, depth)."""
    parts = re.sub(r"\[\d+\]", "", path).split(".")
    leaf = tokens(re.sub(r"\[.*?\]", "", parts[-1]))
    parent, selectors = [], []
    for part in parts[:-1]:
        selectors = [t for sel in re.findall(r"\[\w+=([^\]]+)\]", part) for t in tokens(sel)]
        parent = tokens(re.sub(r"\[.*?\]", "", part)) or parent
    return leaf, parent, selectors, len(parts) - 1


def _dice(a, b):
    if not a or not b:
        return 0.0
    common = len(set(a) & set(b))
    return 2 * common / (len(set(a)) + len(set(b)))


def name_similarity(alias_tokens, leaf, parent, selectors):
    """Similarity (0..1) of an alias to a path, and whether the parent was needed.

    The parent counts only when the leaf shares a word with the alias or is a generic
    word (value, code, amount...): ``shipping.city`` is no shipping method.
    """
    best, used_parent = _dice(alias_tokens, leaf), False
    fuzzy = SequenceMatcher(None, "".join(alias_tokens), "".join(leaf)).ratio()
    if fuzzy > 0.8:
        best = max(best, fuzzy * 0.9)
    generic = set(leaf) <= data.GENERIC_LEAVES or set(leaf) & set(alias_tokens)
    context = selectors or parent
    if context and generic:
        with_parent = _dice(alias_tokens, context + leaf) * 0.95
        if with_parent > best:
            best, used_parent = with_parent, True
    return best, used_parent


def _same(item, entity, target):
    return item.get("target") == target and item.get("entity", entity) == entity


def _prior(entity, target, path, leaf, accepted, rejected):
    """Boost from accepted mappings elsewhere, penalty from this channel's rejections."""
    for item in rejected or ():
        if _same(item, entity, target) and item.get("source_path") == path:
            return -1.0, _lt("rejected before on this channel")
    same_path = same_leaf = 0
    for item in accepted or ():
        if not _same(item, entity, target) or not item.get("source_path"):
            continue
        if item["source_path"] == path:
            same_path += 1
        elif tokens(item["source_path"].split(".")[-1].split("[")[0]) == leaf and item[
            "source_path"
        ].count(".") == path.count("."):
            same_leaf += 1
    if same_path:
        return 0.25, _lt(
            "accepted elsewhere for %(target)s (%(count)sx)", target=target, count=same_path
        )
    if same_leaf:
        return 0.15, _lt("a field named like this is mapped to %(target)s elsewhere", target=target)
    return 0.0, None


def _vocabulary(entity):
    """Per target: the words naming other targets of the same type (discount, tax...)."""
    specs = data.TARGETS[entity]
    own = {
        target: {t for alias in [*spec[0], target] for t in tokens(alias)}
        for target, spec in specs.items()
    }
    rival = {
        target: set().union(
            *(own[other] for other in specs if other != target and specs[other][1] == spec[1])
        )
        - own[target]
        for target, spec in specs.items()
    }
    return rival


def _score(entity, target, spec, path, value, accepted, rejected, vocabulary):
    """Raw score of one (target, path) pair (may leave 0..1) and its reasons."""
    aliases, kind, _transform, _extra = spec
    leaf, parent, selectors, depth = _path_tokens(path)
    best_alias, best_name, via_parent = None, 0.0, False
    for alias in [*aliases, target]:
        similarity, used_parent = name_similarity(tokens(alias), leaf, parent, selectors)
        if similarity > best_name:
            best_alias, best_name, via_parent = alias, similarity, used_parent
    reasons = []
    if best_name:
        similar = {"alias": best_alias, "share": f"{best_name:.0%}"}
        if via_parent:
            reasons.append(_lt("path like '%(alias)s' (%(share)s)", **similar))
        else:
            reasons.append(_lt("name like '%(alias)s' (%(share)s)", **similar))
    foreign = sorted(set(leaf) & vocabulary[target])
    if foreign:
        reasons.append(_lt("'%(words)s' points to another field", words=" ".join(foreign)))
    kinds = detect(value)
    fits = FITS[kind]
    fit = max((fits.get(k, -1) for k in kinds), default=0.0 if value in (None, "") else -1)
    if fit > 0:
        reasons.append(
            _lt("value looks like %(kind)s (%(found)s)", kind=kind, found=", ".join(kinds[:2]))
        )
    elif fit < 0:
        reasons.append(_lt("value is not %(kind)s", kind=kind))
    score = 0.7 * best_name + 0.3 * max(fit, 0) - (0.35 if fit < 0 else 0)
    score -= 0.12 * len(foreign)
    if entity == "order" and depth and not via_parent:
        # A nested object's own field (a customer's id) is rarely the order's.
        score -= 0.08 * depth
        reasons.append(_lt("nested in another object"))
    if "[0]" in path and entity == "order":
        score -= 0.05
    boost, reason = _prior(entity, target, path, leaf, accepted, rejected)
    if reason:
        reasons.append(reason)
    return score + boost, reasons


def _name_template(sample):
    """A ``{first} {last}`` template when the object has both name fields."""
    found = {}
    for key in sample or {}:
        if isinstance(sample[key], str):
            key_tokens = tuple(tokens(key))
            if key_tokens in data.FIRST_NAME_TOKENS:
                found.setdefault("first", key)
            elif key_tokens in data.LAST_NAME_TOKENS:
                found.setdefault("last", key)
    if len(found) == 2:
        return "{%s} {%s}" % (found["first"], found["last"])
    return None


def find_address(sample):
    """The key and object of the first address inside an order (billing first), or Nones."""
    found = []
    for key, value in (sample or {}).items():
        if isinstance(value, dict):
            words = {t for k, v in candidates(value) for t in tokens(k)}
            if len(words & ADDRESS_WORDS) >= 2:
                found.append((0 if "billing" in tokens(key) else 1, key, value))
    if not found:
        return None, None
    _rank, key, value = min(found, key=lambda item: item[0])
    return key, value


def prepare_sample(entity, sample):
    """The object to score for ``entity`` and a reason (a lazy translation) when it was
    taken from inside."""
    if entity == "address" and isinstance(sample, dict) and find_line_items(sample)[0]:
        # A whole order (it has lines): score its first address.
        key, address = find_address(sample)
        if address is not None:
            return address, _lt("address read from '%(key)s'", key=key)
    if entity == "order_line" and isinstance(sample, dict):
        key, item = find_line_items(sample)
        own_keys = {t for k in sample for t in tokens(k)}
        if item is not None and not own_keys >= data.LINE_KEY_TOKENS:
            return item, _lt("line read from list '%(key)s'", key=key)
    return sample, None


def suggest_mappings(entity, sample, accepted=None, rejected=None, floor=FLOOR, lang=None):
    """Best one-to-one suggestions for the canonical targets of ``entity``.

    ``accepted`` and ``rejected`` are lists of ``{"target", "source_path"}``: mappings
    known right elsewhere (a prior) and those this channel refused (never proposed again).
    Returns dicts ``{target, source_path, transform, score, reasons}`` (plus
    ``value_map_code`` or ``template`` when the transform needs one), best first; the
    reasons in ``lang`` (English when not given).
    """
    if entity not in data.TARGETS:
        raise ValueError(f"Unknown entity {entity!r}.")
    sample, line_reason = prepare_sample(entity, sample)
    if not isinstance(sample, dict):
        return []
    targets = data.TARGETS[entity]
    pairs = []
    leaves = list(candidates(sample, skip_lines=entity == "order"))
    vocabulary = _vocabulary(entity)
    for target, spec in targets.items():
        for path, value in leaves:
            score, reasons = _score(
                entity, target, spec, path, value, accepted, rejected, vocabulary
            )
            if score >= floor:
                pairs.append((score, target, path, reasons))
    template = _name_template(sample) if "name" in targets else None
    if template:
        pairs.append((0.9, "name", template, [_lt("first and last name fields joined")]))
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    suggestions, used_targets, used_paths = [], set(), set()
    for score, target, path, reasons in pairs:
        if target in used_targets or path in used_paths:
            continue
        used_targets.add(target)
        used_paths.add(path)
        if path == template:
            suggestion = _suggestion(target, targets[target], None, score, reasons)
            suggestion.update(transform="template", template=template)
        else:
            suggestion = _suggestion(target, targets[target], path, score, reasons)
        suggestion["rank"] = score
        suggestions.append(suggestion)
    if line_reason:
        for suggestion in suggestions:
            suggestion["reasons"].append(line_reason)
    for suggestion in suggestions:
        suggestion["reasons"] = [render(reason, lang) for reason in suggestion["reasons"]]
    suggestions.sort(key=lambda s: -s.pop("rank"))
    return suggestions


def _suggestion(target, spec, path, score, reasons):
    _aliases, kind, transform, extra = spec
    suggestion = {
        "target": target,
        "source_path": path,
        "transform": transform,
        "score": round(max(0.0, min(1.0, score)), 3),
        "reasons": list(reasons),
    }
    suggestion.update(extra)
    if transform != "str":
        suggestion["reasons"].append(
            _lt("transform %(transform)s for %(kind)s", transform=transform, kind=kind)
        )
    return suggestion
