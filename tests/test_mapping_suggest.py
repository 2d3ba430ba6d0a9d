"""The mapping suggestion engine, in pure Python."""

import json
from pathlib import Path

from ..tools.mapping_suggest import detect, suggest_mappings, tokens

DATA = Path(__file__).resolve().parent.parent / "bench" / "data"


def by_target(suggestions):
    return {s["target"]: s for s in suggestions}


def test_tokens_split_cases_and_fold_synonyms():
    assert tokens("UnitSoldPrice") == ["unit", "sold", "price"]
    assert tokens("billing_address.zipcode") == ["billing", "address", "zip"]
    assert tokens("PostalCode") == ["zip"]
    assert tokens("item_qty") == ["item", "quantity"]
    assert tokens("created_at") == ["create", "date"]


def test_value_detectors():
    assert detect("jane@example.com") == ["email"]
    assert detect("2026-11-20T14:03:11+00:00") == ["date"]
    assert detect("19.99") == ["money", "numstr"]
    assert "currency" in detect("EUR")
    assert "country" in detect("DE")
    assert "phone" in detect("(415) 555-0134")
    assert detect(10452) == ["int"]
    assert detect(True) == ["bool"]


def test_woocommerce_order_without_any_prior():
    sample = json.loads((DATA / "woocommerce_order.json").read_text())
    suggestions = suggest_mappings("order", sample)
    found = by_target(suggestions)
    assert found["external_id"]["source_path"] == "id"
    assert found["currency"]["source_path"] == "currency"
    assert found["amount_total"]["source_path"] == "total"
    assert found["amount_total"]["transform"] == "float"
    assert found["date_order"]["transform"] == "datetime"
    assert found["status"]["transform"] == "value_map"
    assert found["status"]["value_map_code"] == "order_status"
    assert found["email"]["source_path"] == "billing.email"
    assert any("value looks like email" in r for r in found["email"]["reasons"])
    scores = [s["score"] for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 for s in scores)
    paths = [s["source_path"] for s in suggestions]
    assert len(paths) == len(set(paths))


def test_line_and_address_read_from_a_whole_order():
    sample = json.loads((DATA / "shopify_order.json").read_text())
    lines = by_target(suggest_mappings("order_line", sample))
    assert lines["quantity"]["source_path"] == "quantity"
    assert lines["sku"]["source_path"] == "sku"
    assert any("line_items" in r for r in lines["sku"]["reasons"])
    address = by_target(suggest_mappings("address", sample["billing_address"]))
    assert address["zip"]["source_path"] == "zip"
    assert address["state_code"]["source_path"] == "province_code"
    assert address["street2"]["source_path"] == "address2"


def test_name_template_from_first_and_last_name():
    sample = {"firstname": "Jane", "lastname": "Doe", "city": "Paris", "zipcode": "75001"}
    found = by_target(suggest_mappings("address", sample))
    assert found["name"]["transform"] == "template"
    assert found["name"]["template"] == "{firstname} {lastname}"
    assert found["name"]["source_path"] is None


def test_prior_and_rejections():
    sample = {"id": 7, "amount": 2, "cnt": 3, "sku": "A-1", "price": 9.5}
    plain = by_target(suggest_mappings("order_line", sample))
    assert "quantity" not in plain or plain["quantity"]["source_path"] != "amount"
    accepted = [{"target": "quantity", "source_path": "amount"}]
    learned = by_target(suggest_mappings("order_line", sample, accepted))
    assert learned["quantity"]["source_path"] == "amount"
    assert any("accepted elsewhere" in r for r in learned["quantity"]["reasons"])
    rejected = [{"target": "quantity", "source_path": "amount"}]
    refused = by_target(suggest_mappings("order_line", sample, accepted, rejected))
    assert refused.get("quantity", {}).get("source_path") != "amount"


def test_contradicting_value_is_not_suggested():
    found = by_target(suggest_mappings("order", {"email": 42, "currency": "EUR"}))
    assert "email" not in found
    assert found["currency"]["source_path"] == "currency"
