"""Payments out: an invoice of a storefront order paid in Odoo marks the order paid, once."""

from odoo import Command

from .common import CLARITY_API, make_user
from .import_common import ImportCase
from .outbound_common import OutboundCase

EVENT = "payment.paid"


class TestPaymentExport(OutboundCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Mug", "default_code": "MUG-0042", "list_price": 10.0, "taxes_id": False}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Jane Doe"})
        cls.bank = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.accountant = make_user(cls.env, "sf_billing", "account.group_account_invoice")

    def setUp(self):
        super().setUp()
        self.xcart.orders[10452]["payment_status"] = {"id": 1, "code": "Q", "name": "Queued"}
        self.clarity.sales_orders[88214]["StatusKey"] = "CONFIRMED"

    def invoiced_order(self, channel, external_id):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "storefront_channel_id": channel.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        self.bind(channel, order, external_id)
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        return order, invoice

    def pay(self, invoice, amount=None):
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(
            {"journal_id": self.bank.id, "amount": amount or invoice.amount_total}
        )._create_payments()

    def test_invoice_paid_by_an_accountant_marks_the_xcart_order_paid_once(self):
        order, invoice = self.invoiced_order(self.channel, 10452)
        self.pay(invoice, 4.0)
        self.assertFalse(self.rows(EVENT), "a partial payment leaves the order unpaid")
        self.pay(invoice)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        (row,) = self.rows(EVENT)
        self.assertEqual((row.external_id, row.res_id), ("10452", order.id))
        self.process()
        self.assertEqual(row.state, "done", row.error_message)
        (put,) = self.writes(self.xcart)
        self.assertEqual((put.path, put.json), ("/api/orders/10452/payment_status", {"code": "P"}))
        self.assertEqual(self.xcart.orders[10452]["payment_status"]["code"], "P")
        invoice._invoice_paid_hook()
        self.process()
        self.assertEqual(len(self.rows(EVENT)), 1)
        self.assertEqual(len(self.writes(self.xcart)), 1)

    def test_a_partly_invoiced_order_paid_in_full_is_not_marked_paid(self):
        later = self.env["product.product"].create(
            {"name": "Valve", "list_price": 5.0, "taxes_id": False, "invoice_policy": "delivery"}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "storefront_channel_id": self.channel.id,
                "order_line": [
                    Command.create({"product_id": self.product.id}),
                    Command.create({"product_id": later.id}),
                ],
            }
        )
        self.bind(self.channel, order, 10452)
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(invoice.invoice_line_ids.product_id, self.product, "one line invoiced")
        self.pay(invoice)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertFalse(self.rows(EVENT), "the valve is not invoiced yet: the order is not paid")
        self.process()
        self.assertFalse(self.writes(self.xcart))

    def test_clarity_order_takes_the_full_payment_status(self):
        _order, invoice = self.invoiced_order(self.clarity_channel, 88214)
        self.pay(invoice)
        self.process()
        (put,) = self.writes(self.clarity)
        self.assertEqual(put.path, f"{CLARITY_API}/Ordering/SalesOrder/Update")
        self.assertEqual(put.json, {"ID": 88214, "StatusKey": "FULL_PAYMENT_RECEIVED"})
        self.assertEqual(self.clarity.sales_orders[88214]["StatusKey"], "FULL_PAYMENT_RECEIVED")

    def test_toggle_off_queues_nothing(self):
        self.channel.export_payments = False
        _order, invoice = self.invoiced_order(self.channel, 10452)
        self.pay(invoice)
        self.assertFalse(self.rows(EVENT))


class TestImportedPayment(ImportCase):
    def test_payment_registered_at_import_is_not_sent_back(self):
        self.channel.export_payments = True
        order = self.order_of(self.run_event(self.xcart()))
        self.assertIn(order.invoice_ids.payment_state, ("paid", "in_payment"))
        self.assertFalse(self.Log.search([("event_type", "=", EVENT)]))

    def test_payment_registered_at_import_reconciled_by_a_user_is_not_sent_back(self):
        self.channel.export_payments = True
        self.mug.invoice_policy = "delivery"
        order = self.order_of(self.run_event(self.xcart()))
        self.assertFalse(order.invoice_ids, "invoiced on delivery")
        payment = self.env["account.payment"].search([("memo", "=", "00457")])
        for move in order.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
        order.picking_ids.button_validate()
        invoice = order._create_invoices()
        invoice.action_post()
        receivable = (invoice.line_ids | payment.move_id.line_ids).filtered(
            lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
        )
        receivable.reconcile()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.env.cr.flush()
        self.assertFalse(self.Log.search([("event_type", "=", EVENT)]), "no echo")
        self.assertTrue(payment.storefront_imported, "marked as the storefront's")
