"""The base of the shipment and order status export tests."""

from odoo import Command

from .common import storable
from .outbound_common import StoresCase


class ShipmentCase(StoresCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.product = storable(cls.env, "T-shirt", "TSHIRT-BLK-M")
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 100
        )
        cls.customer = cls.env["res.partner"].create({"name": "Jane Doe"})

    def bound_order(self, channel=None, external_id="10452", quantity=4):
        channel = channel or self.channel
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "storefront_channel_id": channel.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_uom_qty": quantity})
                ],
            }
        )
        self.env["storefront.binding"]._bind(channel, order, external_id)
        order.action_confirm()
        return order

    def ship(self, picking, quantity=None, tracking="1Z999"):
        picking.carrier_tracking_ref = tracking
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty if quantity is None else quantity
            move.picked = True
        picking._action_done()
        return picking
