"""The processing cron's handler of history pages."""

from odoo import api, models


class StorefrontImportHistory(models.AbstractModel):
    _name = "storefront.import.history"
    _description = "Storefront history page"

    @api.model
    def _process_log(self, log):
        """Read one page of a history import; return the import."""
        payload = log.payload or {}
        run = self.env["storefront.history.import"].browse(payload.get("run")).exists()
        if run:
            run._read_page(int(payload.get("page") or 0))
        return run
