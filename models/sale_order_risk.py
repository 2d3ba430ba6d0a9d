from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..connectors import errors
from ..tools.risk import LEVELS

RISK_LEVELS = [
    ("none", "None"),
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
]
assert tuple(code for code, _label in RISK_LEVELS) == LEVELS


class SaleOrder(models.Model):
    """Risk of storefront orders: scored before confirmation, held for review when high."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    storefront_risk_score = fields.Integer(
        string="Risk score", readonly=True, copy=False, help="0 to 100: the sum of the facts."
    )
    storefront_risk_level = fields.Selection(
        RISK_LEVELS, string="Risk", default="none", readonly=True, copy=False
    )
    storefront_risk_facts = fields.Text(string="Risk facts", readonly=True, copy=False)
    storefront_held = fields.Boolean(
        string="Held for review",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The import stopped before confirmation: release or cancel the order.",
    )
    storefront_risk_released = fields.Boolean(readonly=True, copy=False)
    storefront_risk_log_id = fields.Many2one(
        "storefront.sync.log",
        string="Held by",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The sync log row whose import stopped here.",
    )

    @api.model
    def _storefront_risk_fields(self, result):
        """Values of the risk fields for a ``tools.risk.score_order`` result."""
        return {
            "storefront_risk_score": result["score"],
            "storefront_risk_level": result["level"],
            "storefront_risk_facts": "\n".join(
                f"+{fact['weight']}: {fact['sentence']}" for fact in result["facts"]
            )
            or False,
        }

    def action_storefront_release(self):
        """Continue the import where the hold stopped it: confirm, invoice, payment."""
        importer = self.env["storefront.import.order"]
        for order in self:
            if not order.storefront_held:
                raise UserError(_("Order %s is not held for review.", order.name))
            log = order.storefront_risk_log_id
            if not log:
                raise UserError(
                    _("The sync log row of order %s is gone: confirm it by hand.", order.name)
                )
            order.write({"storefront_held": False, "storefront_risk_released": True})
            try:
                obj = log._get_object()
                values = order.storefront_channel_id._map("order", obj)
                with self.env.cr.savepoint():
                    importer._apply_status(order, obj, values, log)
            except (errors.StorefrontError, ValueError) as exc:
                raise UserError(
                    _(
                        "Order %(order)s could not be released: %(error)s",
                        order=order.name,
                        error=errors.error_text(exc, self.env.lang),
                    )
                ) from exc
            order._storefront_risk_close(_("Released after review by %s.", self.env.user.name))
        return True

    def action_storefront_cancel_held(self):
        """Cancel a held order; the cancellation is pushed to the storefront."""
        for order in self:
            if not order.storefront_held:
                raise UserError(_("Order %s is not held for review.", order.name))
            order.storefront_held = False
            order._action_cancel()
            order._storefront_risk_close(
                _("Cancelled after review by %s; the storefront is told.", self.env.user.name)
            )
        return True

    def _storefront_risk_close(self, message):
        self.ensure_one()
        self.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
                and a.summary == self._storefront_hold_summary()
            )
        ).action_feedback(feedback=message)
        self.message_post(body=message)

    @api.model
    def _storefront_hold_summary(self):
        return _("Storefront order held for review")
