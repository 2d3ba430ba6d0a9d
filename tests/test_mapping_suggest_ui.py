import json

from .common import StorefrontCase, load_sample


class TestMappingSuggestReview(StorefrontCase):
    """Suggestions reviewed on a channel: accepted, rejected, admin lines kept."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sample = load_sample("xcart55_order.json")

    def line(self, entity, target):
        return self.channel.field_mapping_ids.filtered(
            lambda m: m.entity == entity and m.target_field == target
        )

    def wizard(self, entity="order"):
        wizard = self.env["storefront.mapping.suggest"].create(
            {"channel_id": self.channel.id, "entity": entity, "payload": json.dumps(self.sample)}
        )
        wizard.action_suggest()
        return wizard

    def suggestion(self, wizard, target):
        return wizard.line_ids.filtered(lambda ln: ln.target_field == target)

    def test_copied_defaults_and_hand_edits_have_their_origin(self):
        self.assertEqual(set(self.channel.field_mapping_ids.mapped("origin")), {"default"})
        line = self.line("order", "note")
        line.source_path = "customer_notes"
        self.assertEqual(line.origin, "manual")
        line.active = False
        self.assertEqual(line.origin, "manual")

    def test_review_list_reads_the_sample(self):
        wizard = self.wizard()
        total = self.suggestion(wizard, "amount_total")
        self.assertEqual(total.source_path, "total")
        self.assertEqual(total.transform, "float")
        self.assertEqual(total.sample_value, "131.47")
        self.assertGreater(total.score, 0.6)
        self.assertIn("value looks like money", total.reasons)
        self.assertEqual(total.current_path, "total")
        lines = self.wizard("order_line")
        self.assertEqual(self.suggestion(lines, "sku").sample_value, "TSHIRT-BLK-M")
        self.assertIn("line read from list 'items'", self.suggestion(lines, "sku").reasons)

    def test_accept_above_threshold_creates_lines_and_keeps_admin_lines(self):
        self.line("order", "note").unlink()
        admin = self.line("order", "email")
        admin.write({"source_path": "billing_address.email"})
        wizard = self.wizard()
        self.assertTrue(self.suggestion(wizard, "email").locked)
        wizard.threshold = 0.6
        wizard.action_accept_above()
        self.assertEqual(self.suggestion(wizard, "email").decision, "todo")
        self.assertEqual(self.suggestion(wizard, "note").decision, "accept")
        self.suggestion(wizard, "email").decision = "accept"
        wizard.action_apply()
        self.assertEqual(admin.source_path, "billing_address.email")
        note = self.line("order", "note")
        self.assertRecordValues(
            note, [{"source_path": "notes", "transform": "str", "origin": "suggested"}]
        )
        self.assertIn("kept (set by an admin", wizard.note)
        values = self.channel._map("order", self.sample)
        self.assertEqual(values["note"], "Leave at the back door")

    def test_accepting_a_default_path_keeps_its_settings(self):
        wizard = self.wizard("address")
        street = self.suggestion(wizard, "street")
        self.assertEqual(street.source_path, "street")
        street.action_accept()
        wizard.action_apply()
        line = self.line("address", "street")
        self.assertRecordValues(line, [{"transform": "split", "origin": "default"}])

    def test_rejection_is_remembered_for_the_channel(self):
        wizard = self.wizard()
        rejected = self.suggestion(wizard, "shipping_status")
        path = rejected.source_path
        rejected.action_reject()
        wizard.action_apply()
        self.assertEqual(self.channel.mapping_rejection_ids.mapped("source_path"), [path])
        again = self.wizard()
        self.assertNotEqual(self.suggestion(again, "shipping_status").source_path, path)

    def test_mapping_lines_show_their_value_on_the_channel_sample(self):
        self.channel.mapping_sample = json.dumps(self.sample)
        self.assertEqual(self.line("order", "amount_total").sample_value, "131.47")
        self.assertEqual(self.line("order_line", "sku").sample_value, "TSHIRT-BLK-M")
        self.assertEqual(self.line("address", "zip").sample_value, "94102")
        self.assertEqual(self.line("address", "name").sample_value, "Jane Doe")
        self.assertEqual(self.line("order", "date_order").sample_value, "2026-11-20 14:03:11")
        self.line("order", "currency").source_path = "no.such[path"
        self.assertTrue(self.line("order", "currency").sample_value.startswith("! "))
