"""Mapping suggestions scored against gold mappings, leave-one-platform-out.

Gold sets: the shipped X-Cart and Clarity defaults (data/storefront_field_mapping_data.xml,
on the sandbox samples) and the Shopify and WooCommerce order shapes of
bench/data/mapping_gold.json. For each platform the engine gets that platform's sample
and, as its prior, the gold mappings of the OTHER platforms only. Prints precision,
recall and F1 per platform and entity, then overall for order, order_line and address
(target: F1 >= 0.85). Pure Python: the database arguments of bin/bench are ignored.

    python3 bench/bench_mapping_suggest.py [-v] [--no-prior]
"""

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from common import addon_module

suggest_mappings = addon_module("tools.mapping_suggest").suggest_mappings
ROOT = Path(__file__).resolve().parent.parent

TARGET = 0.85
SCORED = ("order", "order_line", "address")
SAMPLES = ROOT / "sandbox" / "data"
DATA = Path(__file__).resolve().parent / "data"
SHIPPED = {
    "xcart": ("xcart55_order.json", "items", "billing_address"),
    "clarity": ("clarity_salesorder.json", "SalesItems", "BillingContact"),
}


def shipped_gold(platform):
    """The platform's default mappings as gold: target -> acceptable paths.

    A line reusing a path another target of the entity already reads (one-to-one
    cannot propose it twice) is optional: not expected, but right if proposed. A
    template stands for its path; one joining numbered fields (``{Street2} {Street3}``)
    also accepts its first field.
    """
    gold = {}
    tree = ET.parse(ROOT / "data" / "storefront_field_mapping_data.xml")
    for record in tree.getroot():
        values = {f.get("name"): f.text or f.get("eval") for f in record}
        if values["platform"] != platform:
            continue
        entity_gold = gold.setdefault(values["entity"], {})
        path = values.get("source_path") or values.get("template")
        if any(path in paths for paths in entity_gold.values()):
            entity_gold.setdefault("_optional", {})[values["target_field"]] = [path]
            continue
        paths = [path]
        fields = re.findall(r"\{([^{}]+)\}", path)
        if len({re.sub(r"\d+$", "", f) for f in fields}) == 1:
            paths.append(fields[0])
        entity_gold[values["target_field"]] = paths
    return gold


def platforms():
    """platform -> {"samples": {entity: object}, "gold": {entity: {target: [paths]}}}."""
    result = {}
    for platform, (sample, lines, address) in SHIPPED.items():
        order = json.loads((SAMPLES / sample).read_text())
        samples = {"order": order, "order_line": order[lines][0], "address": order[address]}
        if platform == "xcart":
            samples["product"] = json.loads((SAMPLES / "xcart55_product.json").read_text())
        result[platform] = {"samples": samples, "gold": shipped_gold(platform)}
    for platform, spec in json.loads((DATA / "mapping_gold.json").read_text()).items():
        if platform.startswith("_"):
            continue
        order = json.loads((DATA / spec["sample"]).read_text())
        samples = {"order": order, "order_line": order[spec["lines_key"]][0]}
        samples["address"] = order[spec["address_key"]]
        gold = {
            entity: {t: p if isinstance(p, list) else [p] for t, p in spec[entity].items()}
            for entity in SCORED
        }
        result[platform] = {"samples": samples, "gold": gold}
    return result


def accepted_from(sets, excluded):
    """Every gold mapping of the other platforms, as the engine's prior."""
    return [
        {"entity": entity, "target": target, "source_path": path}
        for platform, spec in sets.items()
        if platform != excluded
        for entity, targets in spec["gold"].items()
        for target, paths in targets.items()
        if target != "_optional"
        for path in paths
        if "{" not in path
    ]


def score(suggestions, gold):
    """(hits, proposed, expected); a right proposal for an optional target is neutral."""
    optional = gold.get("_optional", {})
    proposed = {s["target"]: s["source_path"] or s.get("template") for s in suggestions}
    proposed = {t: p for t, p in proposed.items() if p not in optional.get(t, ())}
    hits = sum(1 for target, path in proposed.items() if path in gold.get(target, ()))
    return hits, len(proposed), len([t for t in gold if t != "_optional"])


def f1(hits, proposed, expected):
    precision = hits / proposed if proposed else 0.0
    recall = hits / expected if expected else 0.0
    both = precision + recall
    return precision, recall, (2 * precision * recall / both if both else 0.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--no-prior", action="store_true", help="score without accepted maps")
    parser.add_argument("--database")
    parser.add_argument("--addons-path")
    args = parser.parse_args()
    sets = platforms()
    totals, per_entity = [0, 0, 0], {}
    print(f"{'platform':<12}{'entity':<12}{'P':>6}{'R':>6}{'F1':>6}  (hits/proposed/gold)")
    for platform, spec in sets.items():
        accepted = [] if args.no_prior else accepted_from(sets, platform)
        for entity, sample in spec["samples"].items():
            gold = spec["gold"].get(entity, {})
            suggestions = suggest_mappings(entity, sample, accepted)
            counts = score(suggestions, gold)
            p, r, f = f1(*counts)
            print(f"{platform:<12}{entity:<12}{p:6.2f}{r:6.2f}{f:6.2f}  {counts}")
            if args.verbose:
                for s in suggestions:
                    ok = (s["source_path"] or s.get("template")) in gold.get(s["target"], ())
                    print(
                        f"    {'+' if ok else '-'} {s['target']:<22}{s['source_path']!s:<40}"
                        f"{s['score']:.2f} {gold.get(s['target'])}"
                    )
                missed = set(gold) - {s["target"] for s in suggestions} - {"_optional"}
                for target in sorted(missed):
                    print(f"    ? {target:<22}{gold[target]}")
            if entity in SCORED:
                bucket = per_entity.setdefault(entity, [0, 0, 0])
                for i in range(3):
                    bucket[i] += counts[i]
                    totals[i] += counts[i]
    print("leave-one-platform-out, all platforms:")
    for entity, counts in per_entity.items():
        p, r, f = f1(*counts)
        print(f"  {entity:<12}P {p:.2f}  R {r:.2f}  F1 {f:.2f}")
    p, r, f = f1(*totals)
    print(f"mapping suggestions: overall F1 = {f:.2f} (P {p:.2f}, R {r:.2f}; target >= {TARGET})")
    return 0 if f >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
