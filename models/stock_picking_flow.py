from odoo import models


class StockPicking(models.Model):
    """A storefront order's last delivery done: invoice on delivery, rules of that stage."""

    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        orders = (
            self.sudo()
            .filtered(
                lambda p: p.picking_type_code == "outgoing" and p.sale_id.storefront_channel_id
            )
            .sale_id
        )
        delivered = orders.filtered(lambda order: not self._storefront_outgoing_open(order))
        delivered._storefront_delivered()
        return result
