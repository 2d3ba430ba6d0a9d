import copy

from odoo import Command

from .common import load_sample
from .import_common import ImportCase


class TestImportMatching(ImportCase):
    def test_order_lines_use_the_product_binding_first(self):
        self.run_event(load_sample("xcart55_product.json"), event="product.updated")
        self.tshirt.default_code = "RENAMED-IN-ODOO"
        order = self.order_of(self.run_event(self.xcart()))
        self.assertIn(self.tshirt, order.order_line.product_id)

    def test_convert_mode_paid_order_is_paid(self):
        company = self.env.company
        eur = self.env.ref("base.EUR")
        self.env["res.currency.rate"].search(
            [("currency_id", "in", (eur | company.currency_id).ids)]
        ).unlink()
        self.env["res.currency.rate"].create(
            {"currency_id": eur.id, "name": "2026-01-01", "rate": 0.5, "company_id": company.id}
        )
        self.channel.currency_mode = "convert"
        (self.tshirt | self.mug).taxes_id = [Command.clear()]
        order = self.order_of(self.run_event(self.xcart(currency="EUR", total=122.47)))
        self.assertAlmostEqual(order.invoice_ids.amount_total, 244.94)
        self.assertIn(order.invoice_ids.payment_state, ("paid", "in_payment"))

    def test_clarity_captured_payments_covering_the_total_mean_paid(self):
        payload = copy.deepcopy(self.clarity_order)
        payload["StatusKey"] = "PROCESSING"
        order = self.order_of(self.run_event(payload, channel=self.clarity))
        self.assertIn(order.invoice_ids.payment_state, ("paid", "in_payment"))
