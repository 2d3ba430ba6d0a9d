from odoo import api, fields, models

# Fields of a product template the storefront catalogue publishes.
CATALOGUE_FIELDS = (
    "name",
    "description_sale",
    "list_price",
    "active",
    "sale_ok",
    "default_code",
    "storefront_channel_ids",
)


class ProductTemplate(models.Model):
    _inherit = "product.template"

    storefront_channel_ids = fields.Many2many(
        "storefront.channel",
        string="Publish on storefronts",
        copy=False,
        groups="storefront_connector.group_storefront_user",
        help="Storefronts that publish their catalogue from Odoo create this product "
        "when it is not on the store yet.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        templates = super().create(vals_list)
        templates.filtered("storefront_channel_ids")._storefront_queue_catalogue()
        return templates

    def write(self, vals):
        result = super().write(vals)
        if any(field in vals for field in CATALOGUE_FIELDS):
            self._storefront_queue_catalogue()
        return result

    def _storefront_queue_catalogue(self):
        """Hook: queue the published products changed (any user; the queue is sudo)."""
        self.env["storefront.export.product"]._queue(self)
