"""Money to the cent against the sandboxes: a coupon with taxed shipping on each platform,
gift cards paid in their journal, the rounding policy, a thin channel's partial refund."""

import copy

from ..sandbox import ClaritySandbox, XCartSandbox
from .import_common import ImportCase

VALVE = {"id": 1, "product_id": 301, "sku": "VALVE-DN50", "name": "Ball valve DN50"}


class TestOrderMoney(ImportCase):
    """Every channel thin: each order and refund is read from its sandbox over HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.xstore = cls.enterClassContext(XCartSandbox())
        cls.cstore = cls.enterClassContext(ClaritySandbox())
        service = {"type": "service", "taxes_id": False, "invoice_policy": "order"}
        Product = cls.env["product.product"]
        cls.coupon = Product.create(dict(service, name="Coupon"))
        cls.rounding = Product.create(dict(service, name="Rounding"))
        cls.fee = Product.create(dict(service, name="Handling", taxes_id=cls.vat19.ids))
        cls.gift_journal = cls.env["account.journal"].create(
            {"name": "Gift cards", "code": "GIFT", "type": "bank"}
        )
        common = {
            "delivery_product_id": cls.ship_de.id,
            "discount_product_id": cls.coupon.id,
            "payment_journal_id": cls.bank.id,
            "gift_card_journal_id": cls.gift_journal.id,
            "rounding_product_id": cls.rounding.id,
            "fee_product_id": cls.fee.id,
            "thin_notifications": True,
            "rate_limit": 0,
            "request_timeout": 5,
        }
        cls.channel.write(dict(common, base_url=cls.xstore.url, xcart_token="rw-token"))
        cls.legacy = cls.legacy_channel_on(cls.xstore, **common)
        cls.clarity.write(
            dict(
                common,
                base_url=cls.cstore.api_url,
                clarity_token_url=cls.cstore.token_url,
                clarity_client_id="cid",
                clarity_client_secret="csecret",
            )
        )

    def setUp(self):
        super().setUp()
        for store in (self.xstore, self.cstore):
            store.clear_requests()
        self.xstore.orders.clear()
        self.cstore.sales_orders.clear()

    def fetched(self, channel, external_id):
        """Import the order a thin notification names, read from the store."""
        return self.order_of(self.run_event({"id": external_id}, channel=channel))

    def assert_store_total(self, order, total):
        self.assertFalse(order.storefront_amount_mismatch, order.storefront_mismatch_message)
        self.assertAlmostEqual(order.amount_total, total)
        self.assertEqual(order.state, "sale")
        self.assertAlmostEqual(order.invoice_ids.amount_total, total)
        self.assertIn(order.invoice_ids.payment_state, ("paid", "in_payment"))

    # -- a coupon and a taxed shipping ------------------------------------

    def xcart_coupon_order(self):
        """4 valves at 120, a coupon of 24, shipping 15, 19% on goods and shipping."""
        return self.xstore.add_order(
            self.xcart(
                total=560.49,
                sub_total=480.0,
                items=[
                    dict(
                        VALVE,
                        price=120.0,
                        item_net_price=120.0,
                        discounted_subtotal=480.0,
                        amount=4,
                    )
                ],
                surcharges=[
                    {"type": "shipping", "code": "SHIPPING", "include": False, "value": 15.0},
                    {"type": "discount", "code": "DCOUPON", "include": False, "value": -24.0},
                    {"type": "tax", "code": "VAT", "include": False, "value": 89.49},
                ],
            )
        )

    def assert_coupon_and_shipping_tax(self, order):
        self.assert_store_total(order, 560.49)
        discount = order.order_line.filtered(lambda line: line.product_id == self.coupon)
        self.assertEqual((discount.price_unit, discount.tax_id), (-24.0, self.vat19))
        shipping = order.order_line.filtered("is_delivery")
        self.assertEqual((shipping.price_unit, shipping.tax_id), (15.0, self.vat19))
        self.assertAlmostEqual(order.amount_tax, 89.49)

    def test_xcart_coupon_and_shipping_tax(self):
        self.xcart_coupon_order()
        self.assert_coupon_and_shipping_tax(self.fetched(self.channel, 10452))
        self.assertEqual(self.xstore.requests[-1].path, "/api/orders/10452")

    def test_legacy_xcart_coupon_and_shipping_tax(self):
        self.xcart_coupon_order()
        self.assert_coupon_and_shipping_tax(self.fetched(self.legacy, 10452))
        self.assertEqual(self.xstore.requests[-1].query["_path"], "order/10452")

    def test_clarity_coupon_and_shipping_tax(self):
        order = copy.deepcopy(self.clarity_order)
        order["SalesItems"][0]["UnitSoldPrice"] = 120.0  # the coupon is the order's, not the line's
        self.cstore.add_sales_order(order)
        self.assert_coupon_and_shipping_tax(self.fetched(self.clarity, 88214))

    def test_clarity_handling_and_fees_are_lines_taxed_by_the_fee_product(self):
        order = copy.deepcopy(self.clarity_order)
        order["SalesItems"][0]["UnitSoldPrice"] = 120.0
        # 19% on 5.00 handling and 2.50 fees: 0.95 + 0.48 more tax
        order["Totals"].update(Handling=5.0, Fees=2.5, Tax=90.92, Total=569.42)
        for payment in order["SalesOrderPayments"]:
            payment["Amount"] = 569.42
        self.cstore.add_sales_order(order)
        imported = self.fetched(self.clarity, 88214)
        self.assert_store_total(imported, 569.42)
        fees = imported.order_line.filtered(lambda line: line.product_id == self.fee)
        self.assertEqual(sorted(fees.mapped("price_unit")), [2.5, 5.0])
        self.assertEqual(fees.tax_id, self.vat19)

    # -- gift cards and the rounding policy --------------------------------

    def test_gift_card_is_a_payment_in_its_journal_not_a_discount(self):
        order = copy.deepcopy(self.clarity_order)
        order["SalesOrderPayments"] = [
            {"ID": 4410, "Amount": 500.49, "StatusKey": "Captured", "PaymentMethod": "CreditCard"},
            {"ID": 4411, "Amount": 60.0, "StatusKey": "Captured", "PaymentMethod": "GiftCard"},
        ]
        self.cstore.add_sales_order(order)
        order = self.fetched(self.clarity, 88214)
        self.assert_store_total(order, 560.49)
        self.assertNotIn(self.coupon, order.order_line.product_id, "no discount for a gift card")
        payments = order.invoice_ids._get_reconciled_payments()
        self.assertEqual(
            sorted((p.journal_id.code, p.amount) for p in payments),
            sorted([("GIFT", 60.0), (self.bank.code, 500.49)]),
        )
        self.assertTrue(all(payments.mapped("storefront_imported")))

    def test_a_difference_within_the_tolerance_left_or_rounded(self):
        order = copy.deepcopy(self.clarity_order)
        order["Totals"]["Total"] = 560.52
        order["SalesOrderPayments"][0]["Amount"] = 560.52
        self.cstore.add_sales_order(order)
        left = self.fetched(self.clarity, 88214)
        self.assertFalse(left.storefront_amount_mismatch)
        self.assertAlmostEqual(left.amount_total, 560.49, msg="Odoo's total stands")
        self.assertNotIn(self.rounding, left.order_line.product_id)

        self.cstore.sales_orders[88214]["ID"] = 88215
        self.cstore.sales_orders[88215] = self.cstore.sales_orders.pop(88214)
        self.clarity.total_mismatch_policy = "rounding"
        rounded = self.fetched(self.clarity, 88215)
        line = rounded.order_line.filtered(lambda ln: ln.product_id == self.rounding)
        self.assertEqual((line.price_unit, line.tax_id.ids), (0.03, []))
        self.assert_store_total(rounded, 560.52)

        self.cstore.sales_orders[88215]["ID"] = 88216
        self.cstore.sales_orders[88216] = self.cstore.sales_orders.pop(88215)
        self.cstore.sales_orders[88216]["Totals"]["Total"] = 561.0
        beyond = self.fetched(self.clarity, 88216)
        self.assertTrue(beyond.storefront_amount_mismatch, "beyond the tolerance: no rounding")
        self.assertNotIn(self.rounding, beyond.order_line.product_id)

    # -- refunds -----------------------------------------------------------

    def test_thin_partial_refund_credits_the_refund_not_the_order(self):
        self.cstore.add_sales_order(copy.deepcopy(self.clarity_order))
        order = self.fetched(self.clarity, 88214)
        self.cstore.sales_orders[88214]["SalesOrderPayments"].append(
            {"ID": 4420, "Amount": 119.0, "StatusKey": "Refunded", "PaymentMethod": "CreditCard"}
        )
        log = self.run_event(
            {"id": "88214", "refund_id": "4420"}, event="refund.created", channel=self.clarity
        )
        self.assertEqual(log.state, "done", log.error_message)
        credit = self.env["account.move"].browse(log.res_id)
        self.assertAlmostEqual(credit.amount_total, 119.0, msg="the refund, not the order")
        invoice = order.invoice_ids.filtered(lambda move: move.move_type == "out_invoice")
        self.assertEqual(credit.reversed_entry_id, invoice)
        unknown = self.run_event(
            {"id": "88214", "refund_id": "4499"}, event="refund.created", channel=self.clarity
        )
        self.assertEqual((unknown.state, unknown.error_class), ("failed", "business"))
        self.assertIn("lists no refund 4499", unknown.error_message)
        credits = invoice.reversal_move_ids
        self.assertEqual(credits.mapped("amount_total"), [119.0], "nothing more credited")

    def test_thin_partial_refund_of_a_store_listing_no_refunds_credits_its_amount(self):
        self.xcart_coupon_order()
        order = self.fetched(self.channel, 10452)
        log = self.run_event(
            {"id": "10452", "refund_id": "RF-1", "amount": 20.0}, event="refund.created"
        )
        self.assertEqual(log.state, "done", log.error_message)
        self.assertAlmostEqual(self.env["account.move"].browse(log.res_id).amount_total, 20.0)
        no_amount = self.run_event({"id": "10452", "refund_id": "RF-2"}, event="refund.created")
        self.assertEqual((no_amount.state, no_amount.error_class), ("failed", "business"))
        invoice = order.invoice_ids.filtered(lambda move: move.move_type == "out_invoice")
        self.assertEqual(invoice.reversal_move_ids.mapped("amount_total"), [20.0])
