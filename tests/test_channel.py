import json

from odoo.exceptions import ValidationError

from .common import StorefrontCase, load_sample


class TestChannel(StorefrontCase):
    def test_webhook_url_and_rotation(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        token = self.channel.webhook_token
        self.assertEqual(len(token), 32)
        self.assertEqual(self.channel.webhook_url, f"{base}/storefront/webhook/{token}")
        self.channel.action_rotate_webhook_token()
        self.assertNotEqual(self.channel.webhook_token, token)
        self.assertTrue(self.channel.webhook_url.endswith(self.channel.webhook_token))
        self.assertNotEqual(self.channel.copy().webhook_token, self.channel.webhook_token)

    def test_default_mappings_are_copied_per_channel(self):
        templates = self.env["storefront.field.mapping"].search(
            [("channel_id", "=", False), ("platform", "=", "xcart")]
        )
        self.assertTrue(templates)
        mappings = self.channel.field_mapping_ids
        self.assertEqual(len(mappings), len(templates))
        self.assertEqual(
            sorted(mappings.mapped("target_field")), sorted(templates.mapped("target_field"))
        )
        self.assertIn("order_status", self.channel.value_map_ids.mapped("code"))
        clarity = self.channel.create({"name": "Clarity", "platform": "clarity"})
        self.assertIn("CurrencyKey", clarity.field_mapping_ids.mapped("source_path"))

    def test_the_mapping_the_admin_edits_is_the_one_that_runs(self):
        order = load_sample("xcart55_order.json")
        self.assertEqual(self.channel._map("order", order)["client_order_ref"], "00457")
        line = self.channel.field_mapping_ids.filtered(
            lambda m: m.entity == "order" and m.target_field == "client_order_ref"
        )
        line.source_path = "email"
        self.assertEqual(
            self.channel._map("order", order)["client_order_ref"], "Jane.Doe@Example.com"
        )
        line.active = False
        self.assertNotIn("client_order_ref", self.channel._map("order", order))
        self.channel.action_reset_mappings()
        self.assertEqual(self.channel._map("order", order)["client_order_ref"], "00457")

    def test_default_xcart_order_mapping(self):
        values = self.channel._map("order", load_sample("xcart55_order.json"))
        self.assertEqual(values["external_id"], "10452")
        self.assertEqual(values["currency"], "USD")
        self.assertEqual(values["status"], "paid")
        self.assertEqual(values["amount_total"], 131.47)
        self.assertEqual(values["amount_shipping"], 12.5)
        self.assertEqual(values["amount_tax"], 9.0)
        self.assertEqual(values["date_order"].isoformat(), "2026-11-20T14:03:11")
        address = self.channel._map("address", load_sample("xcart55_order.json")["billing_address"])
        self.assertEqual(address["street"], "1200 Market St")
        self.assertEqual(address["street2"], "Suite 400")
        self.assertEqual(address["name"], "Jane Doe")

    def test_default_clarity_order_mapping(self):
        clarity = self.channel.create({"name": "Clarity", "platform": "clarity"})
        order = load_sample("clarity_salesorder.json")
        values = clarity._map("order", order)
        self.assertEqual(values["status"], "paid")
        self.assertEqual(values["amount_total"], 560.49)
        self.assertEqual(values["currency"], "EUR")
        line = clarity._map("order_line", order["SalesItems"][0])
        self.assertEqual(
            (line["sku"], line["quantity"], line["price_unit"]), ("VALVE-DN50", 4, 120)
        )
        address = clarity._map("address", order["BillingContact"])
        self.assertEqual(address["street2"], "3. OG")
        self.assertEqual(address["state_code"], "BE")

    def test_missing_required_value_names_the_path(self):
        order = load_sample("xcart55_order.json")
        del order["currency"]
        with self.assertRaisesRegex(ValueError, "currency"):
            self.channel._map("order", order)

    def test_invalid_condition_is_refused(self):
        with self.assertRaises(ValidationError):
            self.channel.field_mapping_ids[0].condition = "this is not a condition ??"

    def test_credentials_change_clears_an_auth_failure(self):
        self.channel._set_auth_failed("token refused")
        self.assertEqual(self.channel.health_state, "auth_failed")
        self.channel.write({"name": "Renamed"})
        self.assertEqual(self.channel.health_state, "auth_failed")
        self.channel.write({"xcart_token": "fixed"})
        self.assertEqual(self.channel.health_state, "ok")
        self.assertFalse(self.channel.last_error)


class TestMappingPreview(StorefrontCase):
    def preview(self, payload, entity="order"):
        return self.env["storefront.mapping.preview"].create(
            {"channel_id": self.channel.id, "entity": entity, "payload": payload}
        )

    def test_preview_shows_mapped_values(self):
        wizard = self.preview(json.dumps(load_sample("xcart55_order.json")))
        self.assertFalse(wizard.error)
        result = json.loads(wizard.result)
        self.assertEqual(result["client_order_ref"], "00457")
        self.assertEqual(result["status"], "paid")

    def test_preview_from_a_log_entry(self):
        log = self.enqueue(payload=load_sample("xcart55_order.json"))
        wizard = self.env["storefront.mapping.preview"].new(
            {"channel_id": self.channel.id, "entity": "order", "log_id": log.id}
        )
        wizard._onchange_log_id()
        self.assertEqual(json.loads(wizard.result)["external_id"], "10452")

    def test_preview_reports_errors_readably(self):
        self.assertIn("not valid JSON", self.preview("{nope").error)
        self.assertIn("JSON object", self.preview("[1, 2]").error)
        self.assertIn("currency", self.preview(json.dumps({"id": 1, "total": 3})).error)
