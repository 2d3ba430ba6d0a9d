"""Store statuses that never confirm an order."""

from odoo import _, api, models

# Mapped statuses of an order the store did not (or no longer) sell.
NEVER_CONFIRM = ("refunded", "failed", "declined")


class StorefrontImportOrder(models.AbstractModel):
    _inherit = "storefront.import.order"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _apply_status(self, order, obj, values, log):
        """Refunded, failed and declined orders are never confirmed.

        One refunded before Odoo confirmed it comes in cancelled (nothing is
        pushed back: the store cancelled it); a failed or declined one stays a
        quotation. A confirmed order the store refunds later keeps its state:
        the refund itself brings the credit note.
        """
        status = values.get("status")
        if status not in NEVER_CONFIRM:
            return super()._apply_status(order, obj, values, log)
        if status == "refunded" and order.state in ("draft", "sent"):
            self._cancel(order, values)
            log.response_summary = _(
                "Order %s was refunded on the storefront before it was confirmed: imported "
                "cancelled.",
                self._reference(values),
            )
        return order
