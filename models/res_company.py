from odoo import Command, api, models

from .. import const


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model_create_multi
    def create(self, vals_list):
        """Give the Storefront Integration user every new company."""
        companies = super().create(vals_list)
        companies._storefront_share_with_integration()
        return companies

    def _storefront_share_with_integration(self):
        """Add these companies (all when empty) to the Storefront Integration user.

        The crons run as that user, a row in its channel's company: the user
        must be allowed every company a channel may belong to.
        """
        user = self.env.ref(const.INTEGRATION_USER, raise_if_not_found=False)
        companies = self or self.sudo().search([])
        if user:
            # A service account the creator of a company may not edit.
            user.sudo().write({"company_ids": [Command.link(company.id) for company in companies]})
