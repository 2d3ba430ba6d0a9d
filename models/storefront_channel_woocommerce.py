"""WooCommerce connection fields: its REST API key (as payment_stripe adds stripe_*).

Read by ``connectors/adapter_woocommerce.py`` through its ``credential_fields``.
"""

from odoo import models

from .storefront_connection import secret_field


class StorefrontConnection(models.AbstractModel):
    _inherit = "storefront.connection"  # pylint: disable=consider-merging-classes-inherited

    woocommerce_consumer_key = secret_field("Consumer key")
    woocommerce_consumer_secret = secret_field("Consumer secret")
