"""The base of the shipment and order status export tests."""

from odoo import Command

from ..sandbox import ClaritySandbox, XCartSandbox
from .common import StorefrontCase


class ShipmentCase(StorefrontCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.xcart = cls.enterClassContext(XCartSandbox().load_samples())
        cls.clarity = cls.enterClassContext(ClaritySandbox().load_samples())
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.channel.write({"base_url": cls.xcart.url, "xcart_token": "rw-token", "rate_limit": 0})
        cls.clarity_channel = cls.env["storefront.channel"].create(
            {
                "name": "Clarity ship",
                "platform": "clarity",
                "base_url": cls.clarity.api_url,
                "clarity_token_url": cls.clarity.token_url,
                "clarity_client_id": "cid",
                "clarity_client_secret": "csecret",
                "rate_limit": 0,
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "T-shirt",
                "default_code": "TSHIRT-BLK-M",
                "type": "consu",
                "is_storable": True,
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 100
        )
        cls.customer = cls.env["res.partner"].create({"name": "Jane Doe"})

    def setUp(self):
        super().setUp()
        for sandbox in (self.xcart, self.clarity):
            sandbox.load_samples()
            sandbox.clear_requests()
            sandbox.clear_faults()

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

    def writes(self, sandbox):
        return [
            r
            for r in sandbox.requests
            if r.method in ("PUT", "PATCH", "POST") and not r.path.endswith("/oauth/token")
        ]
