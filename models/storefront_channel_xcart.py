"""X-Cart connection fields: the 5.5 API token and the legacy REST API add-on key.

Read by ``connectors/adapter_xcart.py`` and ``connectors/adapter_xcart_legacy.py``
through their ``credential_fields`` and ``option_fields``.
"""

from odoo import fields, models

from .storefront_connection import MANAGER


class StorefrontConnection(models.AbstractModel):
    _inherit = "storefront.connection"  # pylint: disable=consider-merging-classes-inherited

    xcart_token = fields.Char(
        string="API token (read/write)", groups=MANAGER, copy=False, exportable=False
    )
    xcart_legacy_key = fields.Char(
        string="Legacy REST API key", groups=MANAGER, copy=False, exportable=False
    )
