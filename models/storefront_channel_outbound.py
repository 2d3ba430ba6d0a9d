from odoo import _, fields, models


class StorefrontChannel(models.Model):
    """Odoo-side changes a channel sends: catalogue, customers and payments."""

    _inherit = "storefront.channel"

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
