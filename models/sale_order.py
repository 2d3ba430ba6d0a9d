from odoo import fields, models
from odoo.tools import SQL

STATUS_EVENT = "order.status"


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "storefront.sync.status.mixin"]

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
    storefront_currency_id = fields.Many2one(
        "res.currency",
        string="Storefront currency",
        readonly=True,
        copy=False,
        help="The currency the storefront charged the order in.",
    )
    storefront_currency_rate = fields.Float(
        string="Storefront currency rate",
        digits=0,
        readonly=True,
        copy=False,
        help="One unit of the storefront currency in the order's currency, as imported: "
        "its refunds are converted at it, however old the order.",
    )

    def _action_cancel(self):
        result = super()._action_cancel()
        if not self.env.context.get("storefront_import"):
            for order in self:
                order._storefront_queue_status("cancelled")
        return result

    def _storefront_queue_status(self, status, record=None):
        """Hook: queue a status change of a bound order for its storefront (any user)."""
        self.ensure_one()
        # Any user who may cancel or return the order queues its status: the
        # channel's flags, the binding and the queue are read and written with
        # sudo, and only ids of the user's records cross into that code.
        channel = self.storefront_channel_id.sudo()
        if not (channel and channel.export_order_status):
            return
        external_id = self.env["storefront.binding"].sudo()._to_external(channel, self.sudo())
        if not external_id:
            return
        record = record or self
        self.env["storefront.sync.log"]._enqueue_out(
            channel,
            STATUS_EVENT,
            [
                {
                    "payload": {"order_id": self.id, "status": status},
                    "external_id": external_id,
                    "record": record,
                    "dedup_key": f"{STATUS_EVENT}:{self.id}:{status}:{record.id}",
                }
            ],
        )

    def _storefront_log_refs(self):
        refs = super()._storefront_log_refs()
        for order in self:
            refs[order] += [("stock.picking", picking.id) for picking in order.picking_ids]
        return refs

    def _storefront_rows_sql(self, states):
        """The orders of the pickings with such rows too, as in ``_storefront_log_refs``."""
        Picking = self.env["stock.picking"]
        Picking.flush_model(["sale_id"])
        return SQL(
            "%s UNION ALL SELECT picking.sale_id FROM (%s) shipped JOIN stock_picking picking "
            "ON picking.id = shipped.id WHERE picking.sale_id IS NOT NULL",
            super()._storefront_rows_sql(states),
            Picking._storefront_rows_sql(states),
        )
