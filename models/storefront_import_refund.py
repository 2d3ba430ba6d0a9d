from odoo import _, api, fields, models
from odoo.tools import float_compare

from ..connectors import errors
from ..tools.payload_check import validate_object


class StorefrontImportRefund(models.AbstractModel):
    """Storefront refunds to credit notes."""

    _name = "storefront.import.refund"
    _description = "Storefront refund import"

    @api.model
    def _process_log(self, log):
        """Credit the refunded amount on the order's invoice; return the credit note.

        The body is ``{"order_id": ..., "amount": ...}`` (or the refunded order
        itself, whose whole total is then credited).
        """
        channel = log.channel_id
        obj = log._get_object()
        validate_object(obj, channel.platform, "refund")
        external_id = obj.get("order_id") or obj.get("id") or obj.get("ID")
        order = self.env["storefront.binding"]._to_internal(channel, "sale.order", external_id)
        if not order:
            raise errors.BusinessError(
                _("Refund for order %s, which was never imported.", external_id)
            )
        invoice = order.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )[:1]
        if not invoice:
            raise errors.BusinessError(
                _(
                    "Refund for order %s, which has no posted invoice to credit.",
                    order.storefront_reference or order.name,
                )
            )
        amount = obj.get("amount")
        amount = invoice.amount_total if amount is None else float(amount)
        if float_compare(amount, invoice.amount_total, precision_digits=2) > 0 or amount <= 0:
            raise errors.ValidationError(
                _(
                    "Refund of %(amount)s for order %(order)s: it must be positive and at most "
                    "the invoice total %(total)s.",
                    amount=amount,
                    order=order.storefront_reference,
                    total=invoice.amount_total,
                )
            )
        credit_note = invoice._reverse_moves(
            [
                {
                    "ref": _("Storefront refund of %s", order.storefront_reference),
                    "date": fields.Date.context_today(self),
                }
            ]
        )
        if float_compare(amount, invoice.amount_total, precision_digits=2) < 0:
            # A partial refund: one line for the refunded amount, taxes included.
            credit_note.write(
                {
                    "invoice_line_ids": [
                        fields.Command.clear(),
                        fields.Command.create(
                            {
                                "name": _("Partial refund"),
                                "quantity": 1,
                                "price_unit": amount,
                                "account_id": invoice.invoice_line_ids[:1].account_id.id,
                                "tax_ids": [fields.Command.clear()],
                            }
                        ),
                    ]
                }
            )
        credit_note.action_post()
        return credit_note
