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
        invoice.invoice_date = self._accounting_date(order)
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
        Register = self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        )
        for part_journal, amount in self._payment_parts(
            order, values, journal, invoice.amount_total
        ):
            payments = Register.create(
                {
                    "journal_id": part_journal.id,
                    "currency_id": invoice.currency_id.id,
                    "amount": amount,
                    "payment_date": self._accounting_date(order),
                    "communication": order.storefront_reference,
                }
            )._create_payments()
            payments.storefront_imported = True
        return invoice

    @api.model
    def _payment_parts(self, order, values, journal, total):
        """``[(journal, amount)]`` paying ``total``: what the storefront took by gift card
        (``amount_gift_card``) in the channel's gift card journal, the rest in ``journal``."""
        channel = order.storefront_channel_id
        currency = order.currency_id
        gift = abs(values.get("amount_gift_card") or 0.0)
        if channel.currency_mode == "convert" and gift:
            Importer = self.env["storefront.import.order"]
            gift = Importer._convert(gift, Importer._currency(values), channel, order.date_order)
        gift = min(currency.round(gift), total)
        if currency.is_zero(gift):
            return [(journal, total)]
        if not channel.gift_card_journal_id:
            raise errors.ValidationError(
                _(
                    "Order %s is paid by gift card but the channel has no gift card journal.",
                    order.storefront_reference,
                )
            )
        parts = [(channel.gift_card_journal_id, gift)]
        if not currency.is_zero(total - gift):
            parts.append((journal, currency.round(total - gift)))
        return parts

    @api.model
    def _accounting_date(self, order):
        """The date of the order's invoice and payments: today, for live orders."""
        return fields.Date.context_today(self)

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
        payments = self.env["account.payment"].create(
            [
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": order.partner_invoice_id.commercial_partner_id.id,
                    "company_id": order.company_id.id,
                    "journal_id": part_journal.id,
                    "currency_id": order.currency_id.id,
                    "amount": amount,
                    "date": self._accounting_date(order),
                    "memo": order.storefront_reference,
                    "storefront_imported": True,
                }
                for part_journal, amount in self._payment_parts(
                    order, values, journal, order.amount_total
                )
            ]
        )
        payments.action_post()
        self.env["storefront.binding"]._bind(channel, payments[0], values["external_id"])
        order.message_post(
            body=_(
                "Paid on the storefront: payment %s registered, to be matched with the "
                "invoice made on delivery.",
                ", ".join(payments.mapped("name")),
            )
        )
        return payments
