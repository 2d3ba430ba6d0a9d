from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    storefront_channel_id = fields.Many2one(
        "storefront.channel",
        string="Storefront",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    storefront_reference = fields.Char(
        string="Storefront order",
        readonly=True,
        copy=False,
        help="The order number on the storefront.",
    )
    storefront_amount_total = fields.Monetary(
        string="Storefront total",
        readonly=True,
        copy=False,
    )
    storefront_amount_mismatch = fields.Boolean(
        string="Total mismatch",
        readonly=True,
        copy=False,
        help="Odoo's total differs from the storefront's by more than the channel accepts.",
    )
    storefront_mismatch_message = fields.Char(readonly=True, copy=False)
