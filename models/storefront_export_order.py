from odoo import _, api, models

from ..connectors import errors


class StorefrontExportOrder(models.AbstractModel):
    """Order status changes made in Odoo (cancellation, return), pushed to the storefront."""

    _name = "storefront.export.order"
    _description = "Storefront order status export"

    @api.model
    def _process_log(self, log):
        """Push one status; return the sale order."""
        order = self.env["sale.order"].browse(log.payload.get("order_id")).exists()
        if not order:
            raise errors.BusinessError(_("The sale order of this entry no longer exists."))
        channel = log.channel_id
        status = log.payload.get("status")
        adapter = channel._adapter()
        if not adapter.push_order_status(log.external_id, status, channel._get_value_maps()):
            log.response_summary = _(
                "%(platform)s has no order status for %(status)s: nothing sent.",
                platform=adapter.label,
                status=status,
            )
            return order
        log.response_summary = adapter.last_response_summary
        return order
