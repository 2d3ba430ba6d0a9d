from odoo import api, models

# Fields of a variant the storefront catalogue publishes.
CATALOGUE_FIELDS = ("default_code", "active", "product_template_attribute_value_ids")


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model_create_multi
    def create(self, vals_list):
        products = super().create(vals_list)
        products.product_tmpl_id._storefront_queue_catalogue()
        return products

    def write(self, vals):
        result = super().write(vals)
        if any(field in vals for field in CATALOGUE_FIELDS):
            self.product_tmpl_id._storefront_queue_catalogue()
        return result
