from odoo import _, api, fields, models
from odoo.tools import float_compare, float_is_zero

from ..connectors import errors
from ..connectors.base import REFUND_SHAPE
from ..tools.payload_check import validate_object


class StorefrontImportRefund(models.AbstractModel):
    """Storefront refunds to credit notes."""

    _name = "storefront.import.refund"
    _description = "Storefront refund import"

    @api.model
    def _process_log(self, log):
        """Credit the refunded amount on the order's invoice; return the credit note.

        The body is ``{"order_id": ..., "refund_id": ..., "amount": ...}`` (or the
        refunded order itself, whose whole total is then credited). The
        storefront refund id makes the refund idempotent: the same refund sent
        twice gives one credit note, two partial refunds give two. A refund is
        capped at what the invoice still has to credit, converted like the order,
        and credited line by line with the invoice's taxes.
        """
        channel = log.channel_id
        obj = log._get_object()
        validate_object(obj, REFUND_SHAPE)
        external_id = obj.get("order_id") or obj.get("id") or obj.get("ID")
        refund_id = obj.get("refund_id") or obj.get("RefundID")
        Binding = self.env["storefront.binding"]
        if refund_id:
            credited = Binding._to_internal(channel, "account.move", refund_id)
            if credited:
                log.response_summary = _(
                    "Refund %(refund)s is already credited by %(move)s.",
                    refund=refund_id,
                    move=credited.name,
                )
                return credited
        order = Binding._to_internal(channel, "sale.order", external_id)
        if not order:
            raise errors.BusinessError(
                _("Refund for order %s, which was never imported.", external_id)
            )
        invoice = order.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )[:1]
        if not invoice and order.state == "cancel":
            # Refunded before it was imported: it came in cancelled, nothing was charged.
            log.response_summary = _(
                "Order %s is cancelled and was never invoiced: nothing to credit.",
                order.storefront_reference or order.name,
            )
            return order
        if not invoice:
            raise errors.BusinessError(
                _(
                    "Refund for order %s, which has no posted invoice to credit.",
                    order.storefront_reference or order.name,
                )
            )
        left = self._left_to_credit(invoice)
        amount = obj.get("amount")
        if amount is None:
            amount = left
        else:
            amount = self._to_invoice_currency(channel, order, obj, float(amount))
            if float_compare(amount, 0.0, precision_digits=2) <= 0:
                raise errors.ValidationError(
                    _(
                        "Refund of %(amount)s for order %(order)s: the amount must be positive.",
                        amount=amount,
                        order=order.storefront_reference,
                    )
                )
        if invoice.currency_id.is_zero(left):
            raise errors.BusinessError(
                _(
                    "Refund %(refund)s for order %(order)s: the invoice is already fully credited.",
                    refund=refund_id or "",
                    order=order.storefront_reference,
                )
            )
        capped = min(amount, left)
        credit_note = self._credit(invoice, capped, order)
        if refund_id:
            Binding._bind(channel, credit_note, refund_id)
        summary = _("Credited %(amount)s on %(move)s.", amount=capped, move=credit_note.name)
        if float_compare(amount, left, precision_digits=2) > 0:
            summary += " " + _(
                "The storefront refunded %(amount)s: capped at the %(left)s left to credit.",
                amount=amount,
                left=left,
            )
        log.response_summary = summary
        return credit_note

    @api.model
    def _left_to_credit(self, invoice):
        """The invoice total less its posted credit notes."""
        credits = invoice.reversal_move_ids.filtered(
            lambda m: m.state == "posted" and m.move_type == "out_refund"
        )
        return invoice.currency_id.round(invoice.amount_total - sum(credits.mapped("amount_total")))

    @api.model
    def _to_invoice_currency(self, channel, order, obj, amount):
        """A storefront amount in the invoice currency: converted at the rate the order
        was imported with (kept on the order, whatever the sync log's retention)."""
        if channel.currency_mode != "convert":
            return amount
        Importer = self.env["storefront.import.order"]
        code = obj.get("currency") or obj.get("CurrencyKey")
        currency = Importer._currency({"currency": code}) if code else order.storefront_currency_id
        if order.storefront_currency_rate and currency == order.storefront_currency_id:
            return order.currency_id.round(amount * order.storefront_currency_rate)
        if not currency:
            raise errors.ValidationError(
                _(
                    "Refund for order %s: its storefront currency is unknown.",
                    order.storefront_reference,
                )
            )
        return Importer._convert(amount, currency, channel, order.date_order)

    @api.model
    def _credit(self, invoice, amount, order):
        """A posted credit note of ``amount`` over the invoice's lines and taxes."""
        credit_note = invoice._reverse_moves(
            [
                {
                    "ref": _("Storefront refund of %s", order.storefront_reference),
                    "date": fields.Date.context_today(self),
                }
            ]
        )
        currency = invoice.currency_id
        if currency.compare_amounts(amount, invoice.amount_total) < 0:
            ratio = amount / invoice.amount_total
            commands = []
            for line in credit_note.invoice_line_ids.filtered(
                lambda ln: ln.display_type == "product"
            ):
                if any(tax.amount_type == "fixed" for tax in line.tax_ids):
                    # A fixed tax is per unit: credit a share of the units.
                    values = {"quantity": line.quantity * ratio}
                else:
                    values = {"price_unit": line.price_unit * ratio}
                commands.append(fields.Command.update(line.id, values))
            credit_note.write({"invoice_line_ids": commands})
            residue = currency.round(amount - credit_note.amount_total)
            if not float_is_zero(residue, precision_rounding=currency.rounding):
                credit_note.write(
                    {
                        "invoice_line_ids": [
                            fields.Command.create(
                                {
                                    "name": _("Refund rounding"),
                                    "quantity": 1,
                                    "price_unit": residue,
                                    "account_id": invoice.invoice_line_ids[:1].account_id.id,
                                    "tax_ids": [fields.Command.clear()],
                                }
                            )
                        ]
                    }
                )
        credit_note.action_post()
        return credit_note
