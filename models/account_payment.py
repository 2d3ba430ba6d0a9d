from odoo import fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    storefront_imported = fields.Boolean(
        string="Paid on the storefront",
        readonly=True,
        copy=False,
        help="Registered by the order import from the storefront's own payment: never "
        "sent back to the storefront, whoever reconciles it later.",
    )
