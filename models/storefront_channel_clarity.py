"""Clarity eCommerce connection fields: OAuth2 client or API user, inventory section.

Read by ``connectors/adapter_clarity.py`` through its ``credential_fields`` and
``option_fields``.
"""

from odoo import fields, models

from ..connectors.adapter_clarity import AUTH_MODES
from .storefront_connection import MANAGER, secret_field


class StorefrontConnection(models.AbstractModel):
    _inherit = "storefront.connection"  # pylint: disable=consider-merging-classes-inherited

    clarity_auth_mode = fields.Selection(
        AUTH_MODES, string="Authentication", default="oauth2", groups=MANAGER
    )
    clarity_token_url = fields.Char(string="Token URL", groups=MANAGER)
    clarity_client_id = fields.Char(string="Client ID", groups=MANAGER, copy=False)
    clarity_client_secret = secret_field("Client secret")
    clarity_username = fields.Char(string="API user", groups=MANAGER, copy=False)
    clarity_password = secret_field("API password")
    clarity_location_section = fields.Integer(
        string="Inventory location section",
        default=1,
        help="Clarity ProductInventoryLocationSection that receives the published stock.",
    )
