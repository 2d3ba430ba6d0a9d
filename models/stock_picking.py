from odoo import api, models

SHIPMENT_EVENT = "shipment.shipped"


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "storefront.sync.status.mixin"]

    def _action_done(self):
        result = super()._action_done()
        self._storefront_queue_shipments()
        self._storefront_queue_returns()
        return result

    def write(self, vals):
        result = super().write(vals)
        if vals.get("carrier_tracking_ref"):
            self.filtered(lambda picking: picking.state == "done")._storefront_queue_shipments()
        return result

    def _storefront_channel(self):
        """(channel, external order id) of the picking's bound sale order, or (None, None)."""
        self.ensure_one()
        # Warehouse staff validate deliveries without any storefront right: the
        # channel and the binding are read with sudo, from the order's id only.
        order = self.sudo().sale_id
        channel = order.storefront_channel_id
        if not channel:
            return None, None
        return channel, self.env["storefront.binding"].sudo()._to_external(channel, order)

    def _storefront_queue_shipments(self):
        """Hook: queue the shipped status and tracking of done deliveries of bound orders."""
        Log = self.env["storefront.sync.log"].sudo()
        queued = False
        for picking in self.filtered(lambda p: p.picking_type_code == "outgoing"):
            channel, external_id = picking._storefront_channel()
            if not (external_id and channel.export_shipments):
                continue
            tracking = picking.carrier_tracking_ref or ""
            Log._enqueue(
                channel,
                "out",
                SHIPMENT_EVENT,
                {"picking_id": picking.id, "tracking": tracking},
                external_id=external_id,
                record=picking,
                dedup_key=f"{SHIPMENT_EVENT}:{picking.id}:{tracking}",
            )
            queued = True
        if queued:
            Log._trigger_processing()

    def _storefront_queue_returns(self):
        """Hook: queue "returned" when goods of a bound order come back."""
        for picking in self.filtered(lambda p: p.picking_type_code == "incoming" and p.return_id):
            channel, external_id = picking._storefront_channel()
            if external_id and channel.export_order_status:
                picking.sale_id._storefront_queue_status("returned", record=picking)

    @api.model
    def _storefront_outgoing_open(self, order):
        """Outgoing deliveries of ``order`` not yet done nor cancelled (backorders)."""
        return order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state not in ("done", "cancel")
        )
