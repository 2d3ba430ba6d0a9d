"""The processing cron's handler of history pages."""

from odoo import models


class StorefrontImportHistory(models.AbstractModel):
    _name = "storefront.import.history"
    _inherit = "storefront.import.page"
    _description = "Storefront history page"
    _run_model = "storefront.history.import"
