from odoo import api, models


class StorefrontImportNoop(models.AbstractModel):
    """The handler of ``noop.*`` rows: does nothing, so a run measures the engine alone."""

    _name = "storefront.import.noop"
    _description = "Storefront benchmark no-op handler"

    @api.model
    def _process_log(self, log):
        return None
