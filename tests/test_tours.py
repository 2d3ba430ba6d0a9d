from odoo import Command
from odoo.tests import HttpCase, tagged

from ..sandbox import XCartSandbox
from .common import make_user, storable


@tagged("post_install", "-at_install")
class TestStorefrontTours(HttpCase):
    """The screens in headless Chromium, as the admin and as a warehouse user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.xcart = cls.enterClassContext(XCartSandbox(token="rw-token"))
        cls.xcart.load_samples()

    def test_admin_guided_setup_and_connection_test(self):
        self.env["ir.default"].set("storefront.setup.wizard", "base_url", self.xcart.url)
        self.start_tour(
            "/odoo/action-storefront_connector.storefront_setup_wizard_action",
            "storefront_setup_tour",
            login="admin",
            timeout=180,
        )
        channel = self.env["storefront.channel"].search([("name", "=", "Tour web store")])
        self.assertTrue(channel)
        self.assertTrue(channel.sudo().last_test_date)
        self.assertEqual(channel.sudo().base_url, self.xcart.url)
        self.assertEqual({r.method for r in self.xcart.requests}, {"GET"})

    def test_admin_dashboard_and_requeue(self):
        channel = self.env["storefront.channel"].create(
            {"name": "Tour dashboard store", "platform": "xcart", "base_url": "http://127.0.0.1:9"}
        )
        log, _created = self.env["storefront.sync.log"]._enqueue(
            channel, "in", "order.created", {"id": 77}, external_id="77"
        )
        log.write({"state": "failed", "error_class": "validation", "error_message": "SKU X"})
        self.start_tour(
            "/odoo/action-storefront_connector.storefront_overview_action",
            "storefront_dashboard_tour",
            login="admin",
            timeout=180,
        )
        self.assertEqual(log.state, "pending")

    def test_warehouse_user_validates_a_storefront_delivery(self):
        channel = self.env["storefront.channel"].create(
            {"name": "Tour warehouse store", "platform": "xcart", "base_url": "http://127.0.0.1:9"}
        )
        product = storable(self.env, "Tour mug", list_price=10.0)
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        self.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 5)
        partner = self.env["res.partner"].create({"name": "Tour customer"})
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "storefront_channel_id": channel.id,
                "storefront_reference": "T-1",
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 2})],
            }
        )
        self.env["storefront.binding"]._bind(channel, order, "9001")
        order.action_confirm()
        picking = order.picking_ids
        self.assertEqual(picking.state, "assigned")
        make_user(
            self.env,
            "storefront_wh",
            "stock.group_stock_user",
            password="storefront_wh",
            name="Warehouse user",
        )
        self.start_tour(
            f"/odoo/action-stock.action_picking_tree_all/{picking.id}",
            "storefront_warehouse_tour",
            login="storefront_wh",
            timeout=180,
        )
        self.assertEqual(picking.state, "done")
        shipment = self.env["storefront.sync.log"].search(
            [("channel_id", "=", channel.id), ("event_type", "=", "shipment.shipped")]
        )
        self.assertEqual(shipment.external_id, "9001")
