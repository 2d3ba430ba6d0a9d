"""WooCommerce settings of a channel: its REST API key (as payment_stripe adds stripe_*)."""

from odoo import fields, models

from .storefront_channel import MANAGER


class StorefrontChannel(models.Model):
    _inherit = "storefront.channel"

    platform = fields.Selection(
        selection_add=[("woocommerce", "WooCommerce")], ondelete={"woocommerce": "cascade"}
    )
    woocommerce_consumer_key = fields.Char(
        string="Consumer key", groups=MANAGER, copy=False, exportable=False
    )
    woocommerce_consumer_secret = fields.Char(
        string="Consumer secret", groups=MANAGER, copy=False, exportable=False
    )
