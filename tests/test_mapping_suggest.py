"""The mapping suggestion engine, in pure Python."""

import json
from pathlib import Path

from odoo.tests import BaseCase

from ..tools.mapping_suggest import detect, suggest_mappings, tokens

DATA = Path(__file__).resolve().parent.parent / "bench" / "data"


def by_target(suggestions):
    return {s["target"]: s for s in suggestions}


class TestMappingSuggest(BaseCase):
    """The mapping suggestion engine, in pure Python."""

    def test_tokens_split_cases_and_fold_synonyms(self):
        self.assertEqual(tokens("UnitSoldPrice"), ["unit", "sold", "price"])
        self.assertEqual(tokens("billing_address.zipcode"), ["billing", "address", "zip"])
        self.assertEqual(tokens("PostalCode"), ["zip"])
        self.assertEqual(tokens("item_qty"), ["item", "quantity"])
        self.assertEqual(tokens("created_at"), ["create", "date"])

    def test_value_detectors(self):
        self.assertEqual(detect("jane@example.com"), ["email"])
        self.assertEqual(detect("2026-11-20T14:03:11+00:00"), ["date"])
        self.assertEqual(detect("19.99"), ["money", "numstr"])
        self.assertIn("currency", detect("EUR"))
        self.assertIn("country", detect("DE"))
        self.assertIn("phone", detect("(415) 555-0134"))
        self.assertEqual(detect(10452), ["int"])
        self.assertEqual(detect(True), ["bool"])

    def test_woocommerce_order_without_any_prior(self):
        sample = json.loads((DATA / "woocommerce_order.json").read_text())
        suggestions = suggest_mappings("order", sample)
        found = by_target(suggestions)
        self.assertEqual(found["external_id"]["source_path"], "id")
        self.assertEqual(found["currency"]["source_path"], "currency")
        self.assertEqual(found["amount_total"]["source_path"], "total")
        self.assertEqual(found["amount_total"]["transform"], "float")
        self.assertEqual(found["date_order"]["transform"], "datetime")
        self.assertEqual(found["status"]["transform"], "value_map")
        self.assertEqual(found["status"]["value_map_code"], "order_status")
        self.assertEqual(found["email"]["source_path"], "billing.email")
        self.assertTrue(any("value looks like email" in r for r in found["email"]["reasons"]))
        scores = [s["score"] for s in suggestions]
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertTrue(all(0 <= s <= 1 for s in scores))
        paths = [s["source_path"] for s in suggestions]
        self.assertEqual(len(paths), len(set(paths)))

    def test_line_and_address_read_from_a_whole_order(self):
        sample = json.loads((DATA / "shopify_order.json").read_text())
        lines = by_target(suggest_mappings("order_line", sample))
        self.assertEqual(lines["quantity"]["source_path"], "quantity")
        self.assertEqual(lines["sku"]["source_path"], "sku")
        self.assertTrue(any("line_items" in r for r in lines["sku"]["reasons"]))
        address = by_target(suggest_mappings("address", sample["billing_address"]))
        self.assertEqual(address["zip"]["source_path"], "zip")
        self.assertEqual(address["state_code"]["source_path"], "province_code")
        self.assertEqual(address["street2"]["source_path"], "address2")

    def test_name_template_from_first_and_last_name(self):
        sample = {"firstname": "Jane", "lastname": "Doe", "city": "Paris", "zipcode": "75001"}
        found = by_target(suggest_mappings("address", sample))
        self.assertEqual(found["name"]["transform"], "template")
        self.assertEqual(found["name"]["template"], "{firstname} {lastname}")
        self.assertIs(found["name"]["source_path"], None)

    def test_prior_and_rejections(self):
        sample = {"id": 7, "amount": 2, "cnt": 3, "sku": "A-1", "price": 9.5}
        plain = by_target(suggest_mappings("order_line", sample))
        self.assertTrue("quantity" not in plain or plain["quantity"]["source_path"] != "amount")
        accepted = [{"target": "quantity", "source_path": "amount"}]
        learned = by_target(suggest_mappings("order_line", sample, accepted))
        self.assertEqual(learned["quantity"]["source_path"], "amount")
        self.assertTrue(any("accepted elsewhere" in r for r in learned["quantity"]["reasons"]))
        rejected = [{"target": "quantity", "source_path": "amount"}]
        refused = by_target(suggest_mappings("order_line", sample, accepted, rejected))
        self.assertNotEqual(refused.get("quantity", {}).get("source_path"), "amount")

    def test_contradicting_value_is_not_suggested(self):
        found = by_target(suggest_mappings("order", {"email": 42, "currency": "EUR"}))
        self.assertNotIn("email", found)
        self.assertEqual(found["currency"]["source_path"], "currency")
