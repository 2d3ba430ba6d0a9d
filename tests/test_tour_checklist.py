from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestChecklistTour(HttpCase):
    """The checklist before the first order, as the admin sees it in Chromium."""

    def test_checklist_shown_on_a_new_channel_hidden_once_an_order_came(self):
        Channel = self.env["storefront.channel"]
        new = Channel.create({"name": "Tour new store", "platform": "xcart"})
        busy = Channel.create({"name": "Tour busy store", "platform": "xcart"})
        product = self.env["product.product"].create({"name": "Tour cap", "list_price": 5.0})
        self.env["sale.order"].create(
            {
                "partner_id": self.env["res.partner"].create({"name": "Tour buyer"}).id,
                "storefront_channel_id": busy.id,
                "storefront_reference": "T-2",
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        self.assertFalse(new.has_imported_order)
        self.assertTrue(busy.has_imported_order)
        self.start_tour(
            "/odoo/action-storefront_connector.storefront_channel_action",
            "storefront_checklist_tour",
            login="admin",
            timeout=180,
        )
