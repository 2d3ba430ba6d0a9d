from odoo import _, api, models
from odoo.tools import float_compare

from ..connectors import errors

EVENT = "payment.paid"
PAID_STATES = ("paid", "in_payment")


class StorefrontExportPayment(models.AbstractModel):
    """Payments out: a storefront order whose invoices are paid in Odoo is marked paid there."""

    _name = "storefront.export.payment"
    _description = "Storefront payment export"

    @api.model
    def _queue(self, invoices):
        """Queue one payment row per storefront order fully paid by ``invoices`` (any user).

        Only an order whose every line is invoiced and whose invoices are all
        paid, none of them by a payment the order import registered (the
        storefront took that one). The row's key is the order: an order is
        marked paid once.
        """
        orders = invoices.sudo().invoice_line_ids.sale_line_ids.order_id
        Log = self.env["storefront.sync.log"].sudo()
        Binding = self.env["storefront.binding"].sudo()
        queued = Log
        for order in orders.filtered("storefront_channel_id.export_payments"):
            paid = order.invoice_ids.filtered(
                lambda move: move.move_type == "out_invoice" and move.state == "posted"
            )
            if not self._paid_in_odoo(order, paid):
                continue
            channel = order.storefront_channel_id
            external_id = Binding._to_external(channel, order)
            if not external_id:
                continue
            row = {
                "payload": {"order_id": order.id, "invoice_ids": paid.ids},
                "external_id": external_id,
                "record": order,
                "dedup_key": f"{EVENT}:{order.id}",
            }
            queued |= Log._enqueue_out(channel, EVENT, [row])
        return queued

    @api.model
    def _paid_in_odoo(self, order, invoices):
        """True when ``invoices`` are all of the order, all paid, none by the storefront."""
        if not invoices or any(move.payment_state not in PAID_STATES for move in invoices):
            return False
        lines = order.order_line.filtered(lambda line: not line.display_type)
        if any(
            float_compare(
                line.qty_invoiced,
                line.product_uom_qty,
                precision_rounding=line.product_uom.rounding,
            )
            < 0
            for line in lines
        ):
            return False
        return not any(invoices._get_reconciled_payments().mapped("storefront_imported"))

    @api.model
    def _process_log(self, log):
        """Set the order's payment status on the storefront; return the sale order."""
        order = self.env["sale.order"].browse((log.payload or {}).get("order_id")).exists()
        if not order:
            raise errors.BusinessError(_("The sale order of this entry no longer exists."))
        channel = log.channel_id
        values = {
            "status": "paid",
            "code": channel._get_value_maps().get("payment_status_out", {}).get("paid"),
            "amount": order.amount_total,
            "currency": order.currency_id.name,
        }
        adapter = log._push("push_payment_status", log.external_id, values)
        if not adapter:
            return order
        log.response_summary = _(
            "Order %(order)s marked paid: %(summary)s",
            order=log.external_id,
            summary=adapter.last_response_summary,
        )
        return order
