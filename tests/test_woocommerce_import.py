"""A WooCommerce order as the real store returns it (coupon, 21% VAT on goods and
shipping) through the default mappings: equal totals, statuses, listed refunds."""

import copy

from odoo import Command

from .common import StorefrontCase, load_sample, storable


class TestWooCommerceImport(StorefrontCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.EUR").active = True
        vat21 = cls.env["account.tax"].create({"name": "VAT 21%", "amount": 21.0})
        Product = cls.env["product.product"]
        cls.mug = storable(cls.env, "Mug", "MUG-1", taxes_id=[Command.set(vat21.ids)])
        service = {"type": "service", "taxes_id": [Command.clear()]}
        cls.woo = cls.env["storefront.channel"].create(
            {
                "name": "WooCommerce",
                "platform": "woocommerce",
                "base_url": "http://127.0.0.1:9",
                "woocommerce_consumer_key": "ck_x",
                "woocommerce_consumer_secret": "cs_x",
                "delivery_product_id": Product.create(dict(service, name="Shipping")).id,
                "discount_product_id": Product.create(dict(service, name="Coupon")).id,
                "fee_product_id": Product.create(dict(service, name="Fee")).id,
                "payment_journal_id": cls.env["account.journal"]
                .search([("type", "=", "bank"), ("company_id", "=", cls.env.company.id)], limit=1)
                .id,
            }
        )
        cls.sample = load_sample("woocommerce_order.json")

    def run_order(self, **changes):
        order = dict(copy.deepcopy(self.sample), **changes)
        log = self.enqueue("order.updated", order, channel=self.woo)
        self.Log._cron_process()
        self.assertEqual(log.state, "done", log.error_message)
        return self.env["sale.order"].browse(log.res_id)

    def test_coupon_and_shipping_tax_give_the_stores_total_to_the_cent(self):
        order = self.run_order()
        self.assertEqual(order.state, "sale")
        self.assertAlmostEqual(order.amount_total, 46.89, places=2)
        self.assertAlmostEqual(order.amount_tax, 8.14, places=2)
        discount = order.order_line.filtered(
            lambda line: line.product_id == self.woo.discount_product_id
        )
        self.assertAlmostEqual(discount.price_subtotal, -3.75, places=2)
        self.assertEqual(discount.tax_id.mapped("amount"), [21.0])
        shipping = order.order_line.filtered("is_delivery")
        self.assertAlmostEqual(shipping.price_tax, 1.05, places=2)
        self.assertIn(order.invoice_ids.payment_state, ("paid", "in_payment"))
        self.assertEqual(order.partner_id.email, "ann@example.com")

    def test_fees_become_lines_with_the_taxes_the_store_charged(self):
        fees = [
            {
                "id": 5,
                "name": "Gift wrap",
                "tax_status": "taxable",
                "total": "2.00",
                "total_tax": "0.42",
                "taxes": [{"id": 1, "total": "0.42", "subtotal": ""}],
            },
            {
                "id": 6,
                "name": "Loyalty",
                "tax_status": "none",
                "total": "-1.00",
                "total_tax": "0.00",
                "taxes": [],
            },
        ]
        order = self.run_order(id=950, fee_lines=fees, total="48.31", total_tax="8.56")
        self.assertEqual(order.state, "sale")
        self.assertAlmostEqual(order.amount_total, 48.31, places=2)
        self.assertAlmostEqual(order.amount_tax, 8.56, places=2)
        lines = order.order_line.filtered(lambda line: line.product_id == self.woo.fee_product_id)
        self.assertEqual(lines.mapped("name"), ["Gift wrap", "Loyalty"])
        self.assertEqual(lines.mapped("price_subtotal"), [2.0, -1.0])
        self.assertEqual(lines[0].tax_id.mapped("amount"), [21.0])
        self.assertFalse(lines[1].tax_id)
        self.assertIn(order.invoice_ids.payment_state, ("paid", "in_payment"))

    def test_statuses_that_never_confirm(self):
        for number, status in enumerate(("pending", "on-hold", "cancelled", "failed"), 1):
            order = self.run_order(
                id=900 + number,
                status=status,
                date_paid=None,
                date_modified_gmt=f"2026-01-0{number}",
            )
            self.assertIn(order.state, ("draft", "cancel"), status)
            self.assertFalse(order.invoice_ids, status)

    def test_listed_refunds_become_one_credit_note_each(self):
        self.run_order()
        refunds = [{"id": 31, "reason": "", "total": "-10.00"}]
        self.run_order(refunds=refunds, date_modified_gmt="2026-12-05T19:20:00")
        self.run_order(refunds=refunds, date_modified_gmt="2026-12-05T19:21:00")
        credit = self.env["storefront.binding"]._to_internal(self.woo, "account.move", "31")
        self.assertEqual(credit.move_type, "out_refund")
        self.assertAlmostEqual(credit.amount_total, 10.0, places=2)
        notes = self.env["account.move"].search([("move_type", "=", "out_refund")])
        self.assertEqual(len(notes), 1)

    def test_a_full_refund_of_an_invoiced_order_is_credited_in_full_once(self):
        paid = self.run_order()
        invoice = paid.invoice_ids
        refunds = [{"id": 41, "reason": "", "total": "-46.89"}]
        for minute in (30, 31):
            order = self.run_order(
                status="refunded", refunds=refunds, date_modified_gmt=f"2026-12-05T19:{minute}:00"
            )
            self.Log._cron_process()
            self.assertEqual(order, paid)
        credit = self.env["storefront.binding"]._to_internal(self.woo, "account.move", "41")
        self.assertEqual((credit.move_type, credit.state), ("out_refund", "posted"))
        self.assertAlmostEqual(credit.amount_total, 46.89, places=2)
        self.assertEqual(credit.reversed_entry_id, invoice)
        self.assertEqual(len(invoice.reversal_move_ids), 1)
        refund_logs = self.Log.search(
            [("channel_id", "=", self.woo.id), ("event_type", "=", "refund.created")]
        )
        self.assertEqual(refund_logs.mapped("state"), ["done"])
