"""Outbound flows of a channel: what Odoo sends to the store, and their actions."""

from odoo import _, fields, models


class StorefrontChannel(models.Model):
    _inherit = "storefront.channel"  # pylint: disable=consider-merging-classes-inherited

    export_stock = fields.Boolean(default=True)
    export_shipments = fields.Boolean(default=True)
    export_order_status = fields.Boolean(default=True)
    warehouse_ids = fields.Many2many(
        "stock.warehouse",
        string="Warehouses",
        check_company=True,
        help="Warehouses whose free stock is published to the storefront.",
    )
    stock_buffer = fields.Float(
        string="Safety buffer", help="Quantity held back from the published stock."
    )
    stock_quiet_seconds = fields.Integer(
        string="Stock quiet period (s)",
        default=60,
        help="Stock changes are published once the product's stock has not moved for this "
        "long, so a burst of moves gives one update.",
    )
    export_catalogue = fields.Boolean(
        string="Publish catalogue",
        help="Odoo is the source of truth for the published products: a change of their "
        "name, description, sale price, active flag or variants is sent to the storefront, "
        "and products marked for this channel are created there.",
    )
    export_customers = fields.Boolean(
        help="A change of a bound customer's name, email or addresses is sent to the "
        "storefront, where its API takes it.",
    )
    export_customer_login_email = fields.Boolean(
        string="Send login email changes",
        help="The email of a storefront customer is the login of their account: a change "
        "in Odoo is sent only when this is set (whoever edits the contact could otherwise "
        "take the account over through a password reset).",
    )
    export_payments = fields.Boolean(
        default=True,
        help="An invoice of a storefront order paid in Odoo (bank transfer, cash on "
        "delivery) marks the order paid on the storefront, once.",
    )

    def action_publish_catalogue(self):
        """Queue every published product of the channel; unchanged ones are not resent."""
        count = 0
        for channel in self:
            count += self.env["storefront.export.product"]._queue_all(channel)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": _("%s products queued for the storefront.", count),
            },
        }

    def action_push_stock(self):
        """Index the storefront catalogue in the cron, page by page, then queue every
        published product whose stock changed."""
        return self.action_index_catalogue(push_stock="changed")

    def action_resync_stock(self):
        """Like "push stock now", but every quantity is sent, even an unchanged one
        (repairs stock changed on the storefront side)."""
        return self.action_index_catalogue(push_stock="all")
