"""The shape the rest builds on: connection fields declared once, one wake-up,
one outbound enqueue, the binder's product matching."""

from datetime import timedelta

from odoo import fields

from ..connectors import ADAPTERS
from .common import StorefrontCase


class TestShape(StorefrontCase):
    def cron_triggers(self):
        cron = self.env.ref("storefront_connector.ir_cron_storefront_process")
        return self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])

    def test_platform_fields_reach_the_channel_and_the_wizard_from_one_declaration(self):
        Connection = self.env["storefront.connection"]
        Channel = self.env["storefront.channel"]
        Wizard = self.env["storefront.setup.wizard"]
        for adapter in ADAPTERS.values():
            for name in (*adapter.credential_fields, *adapter.option_fields):
                with self.subTest(platform=adapter.code, field=name):
                    self.assertIn(name, Connection._fields)
                    self.assertEqual(Channel._fields[name].type, Connection._fields[name].type)
                    self.assertEqual(Wizard._fields[name].type, Connection._fields[name].type)
                    self.assertTrue(name.startswith(adapter.code.split("_")[0]))

    def test_wizard_hands_every_connection_value_to_its_channel(self):
        wizard = self.env["storefront.setup.wizard"].create(
            {
                "platform": "clarity",
                "base_url": "http://127.0.0.1:9/api",
                "clarity_auth_mode": "session",
                "clarity_username": "api",
                "clarity_password": "pw",
                "clarity_location_section": 4,
            }
        )
        values = wizard._channel_values()
        self.assertEqual(values["platform"], "clarity")
        self.assertEqual(values["clarity_password"], "pw")
        self.assertEqual(values["clarity_location_section"], 4)
        self.assertNotIn("id", values)

    def test_one_wake_up_per_burst_and_one_at_each_retry_time(self):
        self.cron_triggers().unlink()
        self.Log._wake()
        self.Log._wake()
        self.assertEqual(len(self.cron_triggers()), 1)
        later = fields.Datetime.now() + timedelta(minutes=5)
        self.Log._wake(at=later)
        self.assertIn(later, self.cron_triggers().mapped("call_at"))

    def test_outbound_enqueue_stores_new_rows_once_and_wakes_the_cron(self):
        self.cron_triggers().unlink()
        row = {"payload": {"res_id": 7}, "external_id": "77", "dedup_key": "shape:7"}
        first = self.Log._enqueue_out(self.channel, "order.status", [row])
        self.assertEqual(
            (first.direction, first.event_type, first.external_id), ("out", "order.status", "77")
        )
        self.assertTrue(self.cron_triggers())
        self.cron_triggers().unlink()
        self.assertFalse(self.Log._enqueue_out(self.channel, "order.status", [row]))
        self.assertFalse(self.cron_triggers(), "nothing new: no wake-up")

    def test_binder_matches_lines_by_binding_before_sku(self):
        Product = self.env["product.product"]
        by_sku = Product.create({"name": "By SKU", "default_code": "SHAPE-1"})
        bound = Product.create({"name": "Bound", "default_code": "SHAPE-OTHER"})
        by_barcode = Product.create({"name": "By barcode", "barcode": "SHAPE-2"})
        Binding = self.env["storefront.binding"]
        Binding._bind(self.channel, bound, "501")
        items = [
            {"sku": "SHAPE-1", "product_external_id": 501},
            {"sku": "SHAPE-2"},
            {"sku": "SHAPE-3"},
        ]
        found = Binding._match_lines(self.channel, items)
        self.assertEqual(found, {"SHAPE-1": bound, "SHAPE-2": by_barcode})
        self.assertEqual(Binding._match_product(self.channel, "SHAPE-1"), by_sku)
        self.assertEqual(Binding._match_product(self.channel, "SHAPE-1", "501"), bound)
        self.assertEqual(Binding._bound_records(self.channel, by_sku | bound), bound)
