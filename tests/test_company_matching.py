"""Customers and products are matched within the channel's company."""

from .import_common import ImportCase


class TestCompanyScopedMatching(ImportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Other shop company"})

    def test_same_email_and_same_sku_in_another_company(self):
        other_partner = self.env["res.partner"].create(
            {
                "name": "Jane Doe (other company)",
                "email": "jane.doe@example.com",
                "company_id": self.company_b.id,
            }
        )
        other_shirt = self.env["product.product"].create(
            {
                "name": "TSHIRT-BLK-M of company B",
                "default_code": "TSHIRT-BLK-M",
                "company_id": self.company_b.id,
                "list_price": 19.99,
                "taxes_id": False,
            }
        )
        log = self.run_event(self.xcart())
        order = self.order_of(log)
        self.assertEqual(order.company_id, self.env.company)
        self.assertNotEqual(order.partner_id, other_partner)
        self.assertIn(order.partner_id.company_id, (self.env.company, self.env["res.company"]))
        shirt = order.order_line.filtered(
            lambda line: line.product_id.default_code == "TSHIRT-BLK-M"
        )
        self.assertEqual(shirt.product_id, self.tshirt)
        self.assertNotEqual(shirt.product_id, other_shirt)
        self.assertEqual(order.state, "sale")

    def test_the_company_own_product_wins_over_a_shared_one(self):
        own = self.env["product.product"].create(
            {
                "name": "Company mug",
                "default_code": "MUG-0042",
                "company_id": self.env.company.id,
                "list_price": 69.99,
                "taxes_id": [(6, 0, self.tax_fixed.ids)],
            }
        )
        order = self.order_of(self.run_event(self.xcart()))
        mug = order.order_line.filtered(lambda line: line.product_id.default_code == "MUG-0042")
        self.assertEqual(mug.product_id, own)
