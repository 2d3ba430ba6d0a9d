from odoo import _, api, models

from ..connectors import errors


class StorefrontExportShipment(models.AbstractModel):
    """Shipped status, carrier and tracking of a delivery, pushed to the storefront.

    A partial shipment sends its tracking number at once; the order's shipped
    status follows with its last delivery (X-Cart has no partly-shipped status).
    """

    _name = "storefront.export.shipment"
    _description = "Storefront shipment export"

    @api.model
    def _process_log(self, log):
        """Push one done delivery; return the picking."""
        picking = self.env["stock.picking"].browse(log.payload.get("picking_id")).exists()
        if not picking:
            raise errors.BusinessError(_("The delivery of this entry no longer exists."))
        channel = log.channel_id
        if log.payload.get("backorder_cancelled") and picking.sale_id.state == "cancel":
            log.response_summary = _("The order is cancelled: no shipped status to send.")
            return picking
        complete = not self.env["stock.picking"]._storefront_outgoing_open(picking.sale_id)
        notes = self._push(channel, log.external_id, picking, complete)
        if not complete:
            notes.append(_("Partial shipment: the shipped status follows the last delivery."))
        log.response_summary = "\n".join(notes)
        return picking

    @api.model
    def _push(self, channel, order_id, picking, complete):
        tracking = picking.carrier_tracking_ref
        carrier = picking.carrier_id.name or ""
        adapter = channel._adapter()
        notes = []
        if tracking and "tracking" in adapter.capabilities:
            key = self._shipment_key(order_id, picking)
            if adapter.push_shipment(order_id, key, tracking, carrier):
                notes.append(_("Tracking number %s sent.", tracking))
            else:
                notes.append(_("Tracking number %s is already on the order.", tracking))
        elif tracking:
            notes.append(
                _(
                    "Tracking number %(number)s not sent: %(reason)s",
                    number=tracking,
                    reason=adapter.limitation("tracking"),
                )
            )
        if complete:
            adapter.push_order_status(order_id, "shipped", channel._get_value_maps())
            notes.append(_("Order marked shipped."))
        return notes

    @api.model
    def _shipment_key(self, order_id, picking):
        """The stable storefront key of the shipment of one delivery (its CustomKey)."""
        database = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")[:8]
        return f"odoo-{database}-{order_id}-{picking.id}"
