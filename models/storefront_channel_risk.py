from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools.risk import DEFAULTS

HIGH_ACTIONS = [("hold", "Hold for review"), ("flag", "Flag only")]


class StorefrontChannel(models.Model):
    """Risk settings of a channel: thresholds of the levels, what high does, whitelist."""

    _inherit = "storefront.channel"  # pylint: disable=consider-merging-classes-inherited

    risk_threshold_low = fields.Integer(string="Low from", default=DEFAULTS["low"])
    risk_threshold_medium = fields.Integer(string="Medium from", default=DEFAULTS["medium"])
    risk_threshold_high = fields.Integer(string="High from", default=DEFAULTS["high"])
    risk_high_action = fields.Selection(
        HIGH_ACTIONS,
        string="High risk",
        default="hold",
        required=True,
        help="Hold: the order stays a quotation until someone releases or cancels it. "
        "Flag: the order is imported as usual with its risk shown.",
    )
    risk_window_minutes = fields.Integer(
        string="Order burst window (min)",
        default=DEFAULTS["window_minutes"],
        help="Orders from one email inside this window count as a burst.",
    )
    risk_whitelist_ids = fields.Many2many(
        "res.partner",
        "storefront_channel_risk_whitelist_rel",
        "channel_id",
        "partner_id",
        string="Trusted customers",
        help="Their orders are never held.",
        check_company=True,
    )
    held_order_count = fields.Integer(compute="_compute_held_order_count")

    @api.constrains("risk_threshold_low", "risk_threshold_medium", "risk_threshold_high")
    def _check_risk_thresholds(self):
        for channel in self:
            if not (
                0
                < channel.risk_threshold_low
                < channel.risk_threshold_medium
                < channel.risk_threshold_high
                <= 100
            ):
                raise ValidationError(
                    _("Risk thresholds must rise: 0 < low < medium < high <= 100.")
                )

    def _compute_held_order_count(self):
        # Shown to every storefront user, with or without sales rights: a count of the
        # channel's own orders, none of their content.
        counts = dict(
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [("storefront_channel_id", "in", self.ids), ("storefront_held", "=", True)],
                ["storefront_channel_id"],
                ["__count"],
            )
        )
        for channel in self:
            channel.held_order_count = counts.get(channel, 0)

    def _risk_settings(self):
        """The channel's thresholds as ``tools.risk`` reads them."""
        self.ensure_one()
        return {
            "low": self.risk_threshold_low,
            "medium": self.risk_threshold_medium,
            "high": self.risk_threshold_high,
            "window_minutes": self.risk_window_minutes or DEFAULTS["window_minutes"],
        }

    def action_view_held_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_quotations_with_onboarding"
        )
        action.update(
            domain=[("storefront_channel_id", "=", self.id), ("storefront_held", "=", True)],
            context={"create": False},
        )
        return action
