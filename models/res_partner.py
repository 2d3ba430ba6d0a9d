from odoo import api, models

# Fields of a customer (or of one of its addresses) the storefront profile holds.
CUSTOMER_FIELDS = (
    "name",
    "email",
    "phone",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "type",
    "active",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners.filtered("parent_id")._storefront_queue_customer()
        return partners

    def write(self, vals):
        result = super().write(vals)
        if any(field in vals for field in CUSTOMER_FIELDS):
            self._storefront_queue_customer()
        return result

    def _storefront_queue_customer(self):
        """Hook: queue the bound customers whose profile or addresses changed (any user)."""
        self.env["storefront.export.customer"]._queue(self)
