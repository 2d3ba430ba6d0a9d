"""X-Cart connection fields: the 5.5 API token and the legacy REST API add-on key.

Read by ``connectors/adapter_xcart.py`` and ``connectors/adapter_xcart_legacy.py``
through their ``credential_fields`` and ``option_fields``.
"""

from odoo import models

from .storefront_connection import secret_field


class StorefrontConnection(models.AbstractModel):
    _inherit = "storefront.connection"  # pylint: disable=consider-merging-classes-inherited

    xcart_token = secret_field("API token (read/write)")
    xcart_legacy_key = secret_field("Legacy REST API key")
