from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _invoice_paid_hook(self):
        """Hook: an invoice of a storefront order paid in Odoo marks the order paid there.

        Not for payments the importer registered (they came from the storefront).
        """
        result = super()._invoice_paid_hook()
        if not self.env.context.get("storefront_import"):
            invoices = self.filtered(lambda move: move.move_type == "out_invoice")
            self.env["storefront.export.payment"]._queue(invoices)
        return result
