from odoo import api, models

STOCK_FIELDS = ("quantity", "reserved_quantity")


class StockQuant(models.Model):
    _inherit = "stock.quant"

    @api.model_create_multi
    def create(self, vals_list):
        quants = super().create(vals_list)
        quants._storefront_mark_dirty()
        return quants

    def write(self, vals):
        result = super().write(vals)
        if any(field in vals for field in STOCK_FIELDS):
            self._storefront_mark_dirty()
        return result

    def _storefront_mark_dirty(self):
        """Hook: queue the changed stock for the storefronts, once per transaction."""
        internal = self.filtered(lambda quant: quant.location_id.usage == "internal")
        if internal:
            self.env["storefront.stock.dirty"]._mark(
                [quant.product_id.id for quant in internal],
                [quant.location_id.id for quant in internal],
            )
