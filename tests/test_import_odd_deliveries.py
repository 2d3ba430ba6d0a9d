"""Deliveries found by fuzzing two servers: each ends final, never "unexpectedly"."""

from ..tools.mapping import apply_line
from .import_common import ImportCase


class TestOddDeliveries(ImportCase):
    def test_empty_typed_value_is_absent(self):
        line = {"target_field": "price_net", "source_path": "net", "transform": "float"}
        for transform in ("int", "float", "bool", "date", "datetime"):
            with self.subTest(transform=transform):
                applied = apply_line({"net": ""}, dict(line, transform=transform))
                self.assertEqual(applied, (True, None))
        self.assertEqual(apply_line({"net": ""}, dict(line, transform="str")), (True, ""))

    def test_empty_net_price_is_no_discount(self):
        payload = self.xcart()
        payload["items"][1]["item_net_price"] = ""
        order = self.order_of(self.run_event(payload))
        mug = order.order_line.filtered(lambda line: line.product_id == self.mug)
        self.assertEqual((mug.price_unit, mug.discount), (69.99, 0.0))

    def test_object_or_list_as_an_id_is_refused(self):
        for value in ([1, 2], {"a": 1}):
            with self.subTest(value=value):
                log = self.run_event(self.xcart(customer_id=value))
                self.assertEqual((log.state, log.error_class), ("failed", "validation"))
                self.assertIn("'customer_id'", log.error_message)

    def test_two_accounts_with_one_email_share_the_partner(self):
        account = {"id": 9000, "login": "shared@shop.test", "status": "E"}
        first = self.run_event(account, event="customer.updated")
        self.assertEqual(first.state, "done", first.error_message)
        partner = self.env["res.partner"].browse(first.res_id)
        guest = self.run_event(dict(account, id=9001, status="D"), "customer.updated")
        self.assertEqual((guest.state, guest.res_id), ("done", partner.id), guest.error_message)
        self.assertTrue(partner.active, "only the bound account updates the partner")
        order = self.order_of(
            self.run_event(self.xcart(customer_id=9001, email="shared@shop.test"))
        )
        self.assertEqual(order.partner_id, partner)
        Binding = self.env["storefront.binding"]
        self.assertEqual(Binding._to_external(self.channel, partner), "9000")
        self.assertFalse(Binding._find(self.channel, "res.partner", "9001"))
