"""WooCommerce connection fields: its REST API key (as payment_stripe adds stripe_*).

Read by ``connectors/adapter_woocommerce.py`` through its ``credential_fields``.
"""

from odoo import fields, models

from .storefront_connection import MANAGER


class StorefrontConnection(models.AbstractModel):
    _inherit = "storefront.connection"  # pylint: disable=consider-merging-classes-inherited

    woocommerce_consumer_key = fields.Char(
        string="Consumer key", groups=MANAGER, copy=False, exportable=False
    )
    woocommerce_consumer_secret = fields.Char(
        string="Consumer secret", groups=MANAGER, copy=False, exportable=False
    )
