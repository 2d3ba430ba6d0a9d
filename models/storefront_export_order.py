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
        maps = channel._get_value_maps()
        client = channel._get_client()
        if channel.platform == "clarity":
            action = maps.get("order_action_out", {}).get(status)
            if not action:
                log.response_summary = _(
                    "Clarity has no order status for %s: nothing sent.", status
                )
                return order
            client.order_action(action, log.external_id)
        else:
            code = maps.get("shipping_status_out", {}).get(status)
            if not code:
                raise errors.ValidationError(
                    _("The value map shipping_status_out has no code for %s.", status)
                )
            client.set_shipping_status(log.external_id, code)
        log.response_summary = client.last_response_summary
        return order
