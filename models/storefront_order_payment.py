"""Paid storefront orders: invoiced and paid in Odoo, or paid in advance."""

from odoo import _, api, fields, models
from odoo.tools import float_compare

from ..connectors import errors


class StorefrontOrderPayment(models.AbstractModel):
    """The payment of a storefront order, for the order importer."""

    _name = "storefront.order.payment"
    _description = "Storefront order payment"

    @api.model
    def _fully_captured(self, order, obj, values):
        """Captured payments summing to the storefront total mean paid.

        Both figures are the storefront's own, in its currency.
        """
        payments = order.storefront_channel_id._adapter_class().order_payments(obj)
        payments = [amount for amount, status in payments if status == "Captured"]
        captured = sum(payments)
        return bool(payments) and not float_compare(
            captured, values.get("amount_total") or 0.0, precision_digits=2
        )

    @api.model
    def _paid_amount(self, order, obj, values):
        """What the storefront says was paid, in the storefront's currency."""
        if values.get("amount_paid") is not None:
            return values["amount_paid"]
        payments = order.storefront_channel_id._adapter_class().order_payments(obj)
        captured = [
            amount for amount, status in payments if status.lower() in ("captured", "paid", "")
        ]
        return sum(captured) if payments else values.get("amount_total") or 0.0

    @api.model
    def _payment_journal(self, channel, values):
        code = (
            channel._get_value_maps()
            .get("payment_method", {})
            .get(values.get("payment_method") or "")
        )
        if code:
            journal = self.env["account.journal"].search(
                [("code", "=", code), ("company_id", "=", channel.company_id.id)], limit=1
            )
            if journal:
                return journal
        if channel.payment_journal_id:
            return channel.payment_journal_id
        raise errors.ValidationError(
            _(
                "The channel has no payment journal for payment method %s.",
                values.get("payment_method") or "?",
            )
        )

    @api.model
    def _invoice_and_pay(self, order, obj, values):
        """Invoice a paid order and register its payment.

        An order with lines invoiced on delivery cannot be invoiced yet: its
        payment is registered on the customer, to be matched with the invoice
        made after delivery.
        """
        channel = order.storefront_channel_id
        journal = self._payment_journal(channel, values)
        paid = self._paid_amount(order, obj, values)
        if channel.currency_mode == "convert":
            Importer = self.env["storefront.import.order"]
            paid = Importer._convert(paid, Importer._currency(values), channel, order.date_order)
        if not self._fully_invoiceable(order):
            return self._register_advance_payment(order, journal, paid, values)
        invoice = order._create_invoices()
        invoice.action_post()
        self._check_paid(
            channel,
            paid,
            invoice.amount_total,
            _(
                "Payment reconciliation: the storefront reports %(paid)s paid, the invoice "
                "of order %(order)s totals %(total)s.",
                paid=paid,
                order=order.storefront_reference,
                total=invoice.amount_total,
            ),
        )
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(
            {
                "journal_id": journal.id,
                "currency_id": invoice.currency_id.id,
                "amount": invoice.amount_total,
                "payment_date": fields.Date.context_today(self),
                "communication": order.storefront_reference,
            }
        )._create_payments()
        return invoice

    @api.model
    def _check_paid(self, channel, paid, total, message):
        """Refuse a storefront payment that differs from ``total`` beyond the tolerance."""
        if float_compare(abs(paid - total), channel.amount_tolerance, precision_digits=2) > 0:
            raise errors.BusinessError(message)

    @api.model
    def _fully_invoiceable(self, order):
        """True when every line of the order can be invoiced now (invoiced on order)."""
        lines = order.order_line.filtered(lambda line: not line.display_type)
        return all(
            not float_compare(
                line.qty_to_invoice,
                line.product_uom_qty,
                precision_rounding=line.product_uom.rounding,
            )
            for line in lines
        )

    @api.model
    def _payment_of(self, order, values):
        """The customer payment registered for a paid order that is not invoiced yet."""
        return self.env["storefront.binding"]._to_internal(
            order.storefront_channel_id, "account.payment", values["external_id"]
        )

    @api.model
    def _register_advance_payment(self, order, journal, paid, values):
        """Register the storefront payment of an order invoiced on delivery, once."""
        channel = order.storefront_channel_id
        self._check_paid(
            channel,
            paid,
            order.amount_total,
            _(
                "Payment reconciliation: the storefront reports %(paid)s paid, order "
                "%(order)s totals %(total)s.",
                paid=paid,
                order=order.storefront_reference,
                total=order.amount_total,
            ),
        )
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": order.partner_invoice_id.commercial_partner_id.id,
                "company_id": order.company_id.id,
                "journal_id": journal.id,
                "currency_id": order.currency_id.id,
                "amount": order.amount_total,
                "date": fields.Date.context_today(self),
                "memo": order.storefront_reference,
            }
        )
        payment.action_post()
        self.env["storefront.binding"]._bind(channel, payment, values["external_id"])
        order.message_post(
            body=_(
                "Paid on the storefront: payment %s registered, to be matched with the "
                "invoice made on delivery.",
                payment.name,
            )
        )
        return payment
