from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..connectors import errors
from ..tools.risk import LEVELS
from .storefront_connection import MANAGER

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
        # Deleting log rows (the retention cron) sets it null: found through the index.
        index="btree_not_null",
        help="The sync log row whose import stopped here, or the last update received since.",
    )
    storefront_held_payload = fields.Json(
        readonly=True,
        copy=False,
        prefetch=False,
        help="The latest storefront version of a held order: applied when it is released.",
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
        for order in self:
            if not order.storefront_held:
                raise UserError(_("Order %s is not held for review.", order.name))
            order._storefront_release(_("Released after review by %s.", self.env.user.name))
        return True

    def _storefront_release(self, message):
        """Unhold the order and apply its latest storefront version, as its import would."""
        self.ensure_one()
        log = self.storefront_risk_log_id
        if not (self.storefront_held_payload or log):
            raise UserError(
                _("The sync log row of order %s is gone: confirm it by hand.", self.name)
            )
        obj = self.storefront_held_payload
        self._storefront_unhold()
        try:
            obj = obj or log._get_object()
            values = self.storefront_channel_id._map("order", obj)
            with self.env.cr.savepoint():
                self.env["storefront.import.order"]._apply_status(self, obj, values, log)
        except (errors.StorefrontError, ValueError) as exc:
            raise UserError(
                _(
                    "Order %(order)s could not be released: %(error)s",
                    order=self.name,
                    error=errors.error_text(exc, self.env.lang),
                )
            ) from exc
        self._storefront_risk_close(message)

    def action_storefront_cancel_held(self):
        """Cancel a held order; the cancellation is pushed to the storefront."""
        for order in self:
            if not order.storefront_held:
                raise UserError(_("Order %s is not held for review.", order.name))
            order._storefront_unhold(released=False)
            order._action_cancel()
            order._storefront_risk_close(
                _("Cancelled after review by %s; the storefront is told.", self.env.user.name)
            )
        return True

    def action_confirm(self):
        """A held storefront order is confirmed by Release; a storefront manager may override.

        The override releases the order (its latest storefront version applied,
        invoiced if paid) and confirms it whatever the store's status. Release
        unholds the order before the import confirms it, so only a confirmation
        from elsewhere (the standard Confirm button) reaches the check.
        """
        held = self.filtered("storefront_held")
        if held and not (self.env.su or self.env.user.has_group(MANAGER)):
            raise UserError(
                _(
                    "Order %s is held for review: use Release to confirm it, or ask a "
                    "storefront manager.",
                    held[0].name,
                )
            )
        for order in held:
            order._storefront_release(_("Confirmed while held by %s.", self.env.user.name))
        # The latest storefront version may have confirmed some already.
        unconfirmed = held.filtered(lambda order: order.state in ("draft", "sent"))
        return super(SaleOrder, self - held | unconfirmed).action_confirm()

    def _storefront_keep_held(self, obj, log):
        """Keep the latest storefront version of a held order, the one Release applies."""
        self.write({"storefront_held_payload": obj, "storefront_risk_log_id": log.id})

    def _storefront_unhold(self, released=True):
        self.write(
            {
                "storefront_held": False,
                "storefront_risk_released": released,
                "storefront_held_payload": False,
            }
        )

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
