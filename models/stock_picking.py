from collections import defaultdict

from odoo import api, models
from odoo.tools import float_compare

SHIPMENT_EVENT = "shipment.shipped"


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "storefront.sync.status.mixin"]

    def _action_done(self):
        result = super()._action_done()
        self._storefront_queue_shipments()
        self._storefront_queue_returns()
        return result

    def action_cancel(self):
        result = super().action_cancel()
        self._storefront_queue_completed_by_cancel()
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

    def _storefront_queue_shipments(self, backorder_cancelled=False):
        """Hook: queue the shipped status and tracking of done deliveries of bound orders."""
        Log = self.env["storefront.sync.log"]
        for picking in self.filtered(lambda p: p.picking_type_code == "outgoing"):
            channel, external_id = picking._storefront_channel()
            if not (external_id and channel.export_shipments):
                continue
            tracking = picking.carrier_tracking_ref or ""
            payload = {"picking_id": picking.id, "tracking": tracking}
            if backorder_cancelled:
                payload["backorder_cancelled"] = True
            dedup_key = picking._storefront_shipment_key(payload)
            row = {
                "payload": payload,
                "external_id": external_id,
                "record": picking,
                "dedup_key": dedup_key,
            }
            Log._enqueue_out(channel, SHIPMENT_EVENT, [row])

    def _storefront_shipment_key(self, payload):
        """Dedup key of a shipment row: a repeat of the last push, or its next version.

        The version makes every change of tracking a new row, a number corrected
        A -> B -> A included; the same push queued twice is one row.
        """
        self.ensure_one()
        self.env["storefront.sync.log"].flush_model()
        self.env.cr.execute(
            """
            SELECT payload FROM storefront_sync_log
             WHERE res_model = 'stock.picking' AND res_id = %s AND event_type = %s
             ORDER BY id DESC
            """,
            [self.id, SHIPMENT_EVENT],
        )
        rows = [row[0] for row in self.env.cr.fetchall()]
        version = len(rows) if rows and rows[0] == payload else len(rows) + 1
        suffix = ":complete" if payload.get("backorder_cancelled") else ""
        return f"{SHIPMENT_EVENT}:{self.id}:v{version}:{payload['tracking']}{suffix}"

    def _storefront_queue_completed_by_cancel(self):
        """Hook: a cancelled backorder completes the shipment of what did ship.

        The order's last done delivery is pushed again: with no delivery left
        open, the handler sends the shipped status.
        """
        cancelled = self.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state == "cancel"
        )
        for order in cancelled.sale_id:
            if self._storefront_outgoing_open(order):
                continue
            done = order.picking_ids.filtered(
                lambda p: p.picking_type_code == "outgoing" and p.state == "done"
            )
            done.sorted(lambda p: (p.date_done, p.id))[-1:]._storefront_queue_shipments(
                backorder_cancelled=True
            )

    def _storefront_queue_returns(self):
        """Hook: queue "returned" once every delivered unit of a bound order came back."""
        for picking in self.filtered(lambda p: p.picking_type_code == "incoming" and p.return_id):
            channel, external_id = picking._storefront_channel()
            if (
                external_id
                and channel.export_order_status
                and self._storefront_fully_returned(picking.sale_id)
            ):
                picking.sale_id._storefront_queue_status("returned", record=picking)

    @api.model
    def _storefront_fully_returned(self, order):
        """True when the done returns of ``order`` bring back all it delivered."""
        delivered, returned = defaultdict(float), defaultdict(float)
        for move in order.picking_ids.move_ids.filtered(lambda m: m.state == "done"):
            code = move.picking_id.picking_type_code
            if code == "outgoing" and not move.origin_returned_move_id:
                delivered[move.product_id] += move.product_qty
            elif code == "incoming" and move.origin_returned_move_id:
                returned[move.product_id] += move.product_qty
        return bool(delivered) and all(
            float_compare(returned[product], quantity, precision_rounding=product.uom_id.rounding)
            >= 0
            for product, quantity in delivered.items()
        )

    @api.model
    def _storefront_outgoing_open(self, order):
        """Outgoing deliveries of ``order`` not yet done nor cancelled (backorders)."""
        return order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state not in ("done", "cancel")
        )
