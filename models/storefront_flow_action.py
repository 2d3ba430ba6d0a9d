"""What a flow rule does to the order it matched."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

ACTION_TYPES = [
    ("route_warehouse", "Ship from a warehouse"),
    ("set_pricelist", "Set the pricelist"),
    ("set_fiscal_position", "Set the fiscal position"),
    ("set_team", "Set the sales team and salesperson"),
    ("add_tags", "Add tags"),
    ("hold", "Hold for review"),
    ("confirm_policy", "Confirm"),
    ("invoice_policy", "Invoice"),
    ("require_approval", "Require approval"),
    ("activity", "Schedule an activity"),
    ("notify", "Post in a Discuss channel"),
    ("skip", "Skip the import"),
]
CONFIRM_POLICIES = [
    ("now", "Now"),
    ("paid", "When paid"),
    ("never", "Never (by hand)"),
]
INVOICE_POLICIES = [
    ("confirm", "On confirmation"),
    ("delivery", "On delivery"),
    ("never", "Never (by hand)"),
]
# The field each action type needs.
REQUIRED = {
    "route_warehouse": "warehouse_id",
    "set_pricelist": "pricelist_id",
    "set_fiscal_position": "fiscal_position_id",
    "set_team": "team_id",
    "add_tags": "tag_ids",
    "hold": "reason",
    "confirm_policy": "confirm_policy",
    "invoice_policy": "invoice_policy",
    "require_approval": "group_id",
    "notify": "discuss_channel_id",
    "skip": "reason",
}


class FlowSkipped(Exception):
    """A rule told the importer to leave this storefront object out."""

    def __init__(self, reason, rules):
        super().__init__(reason)
        self.reason = reason
        self.rules = rules


class StorefrontFlowAction(models.Model):
    _name = "storefront.flow.action"
    _description = "Storefront flow action"
    _order = "rule_id, sequence, id"

    rule_id = fields.Many2one("storefront.flow.rule", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    action_type = fields.Selection(ACTION_TYPES, required=True, default="hold")
    warehouse_id = fields.Many2one("stock.warehouse")
    pricelist_id = fields.Many2one("product.pricelist")
    fiscal_position_id = fields.Many2one("account.fiscal.position")
    team_id = fields.Many2one("crm.team", string="Sales team")
    user_id = fields.Many2one(
        "res.users", string="User", help="The salesperson set, or who the activity is for."
    )
    tag_ids = fields.Many2many("crm.tag", string="Tags")
    reason = fields.Char(translate=True, help="Shown on the held order, the activity or the log.")
    confirm_policy = fields.Selection(CONFIRM_POLICIES)
    invoice_policy = fields.Selection(INVOICE_POLICIES)
    group_id = fields.Many2one("res.groups", string="Approved by")
    discuss_channel_id = fields.Many2one("discuss.channel", string="Discuss channel")

    @api.constrains(*set(REQUIRED.values()), "action_type")
    def _check_required(self):
        for action in self:
            field = REQUIRED.get(action.action_type)
            if field and not action[field]:
                raise ValidationError(
                    _(
                        "Action %(action)s of rule %(rule)s needs %(field)s.",
                        action=action._type_label(),
                        rule=action.rule_id.name,
                        field=action._fields[field].get_description(self.env)["string"],
                    )
                )

    @api.depends("action_type", "warehouse_id", "pricelist_id", "reason")
    def _compute_display_name(self):
        for action in self:
            action.display_name = action._describe()

    def _type_label(self):
        return dict(self._fields["action_type"]._description_selection(self.env))[self.action_type]

    def _describe(self):
        """One sentence: what the action does (the simulation and the diagram show it)."""
        self.ensure_one()
        kind = self.action_type
        confirm = dict(self._fields["confirm_policy"]._description_selection(self.env))
        invoice = dict(self._fields["invoice_policy"]._description_selection(self.env))
        detail = {
            "route_warehouse": self.warehouse_id.name,
            "set_pricelist": self.pricelist_id.name,
            "set_fiscal_position": self.fiscal_position_id.name,
            "set_team": " / ".join(filter(None, [self.team_id.name, self.user_id.name])),
            "add_tags": ", ".join(self.tag_ids.mapped("name")),
            "hold": self.reason,
            "confirm_policy": confirm.get(self.confirm_policy),
            "invoice_policy": invoice.get(self.invoice_policy),
            "require_approval": self.group_id.full_name,
            "activity": self.reason or self.rule_id.name,
            "notify": self.discuss_channel_id.name,
            "skip": self.reason,
        }.get(kind)
        return f"{self._type_label()}: {detail}" if detail else self._type_label()

    # ------------------------------------------------------------------
    # Applying
    # ------------------------------------------------------------------

    def _apply(self, order, log):
        """Do the action on ``order``; return a note when it could not (else None)."""
        self.ensure_one()
        return getattr(self, f"_apply_{self.action_type}")(order, log)

    def _draft(self, order):
        if order.state in ("draft", "sent"):
            return None
        return _("%s: the order is already confirmed.", self._describe())

    def _apply_route_warehouse(self, order, log):
        if order.state in ("draft", "sent"):
            order.warehouse_id = self.warehouse_id
            return None
        return self._draft(order)

    def _apply_set_pricelist(self, order, log):
        if self.pricelist_id.currency_id != order.currency_id:
            return _(
                "%(action)s not applied: the pricelist is in %(pl)s, the order in %(order)s.",
                action=self._describe(),
                pl=self.pricelist_id.currency_id.name,
                order=order.currency_id.name,
            )
        # The prices stay the storefront's: the pricelist tells later quotations and reports.
        order.pricelist_id = self.pricelist_id
        return None

    def _apply_set_fiscal_position(self, order, log):
        if order.state not in ("draft", "sent"):
            return self._draft(order)
        order.fiscal_position_id = self.fiscal_position_id
        order._recompute_taxes()
        return None

    def _apply_set_team(self, order, log):
        values = {"team_id": self.team_id.id}
        if self.user_id:
            values["user_id"] = self.user_id.id
        order.write(values)
        return None

    def _apply_add_tags(self, order, log):
        order.tag_ids = [fields.Command.link(tag.id) for tag in self.tag_ids]
        return None

    def _apply_hold(self, order, log, group=None):
        order._storefront_flow_hold(self.reason or self.rule_id.name, log, group=group)
        return None

    def _apply_require_approval(self, order, log):
        reason = self.reason or _("Approval by %s required.", self.group_id.full_name)
        order._storefront_flow_hold(reason, log, group=self.group_id)
        return None

    def _apply_confirm_policy(self, order, log):
        order.storefront_confirm_policy = self.confirm_policy
        return None

    def _apply_invoice_policy(self, order, log):
        order.storefront_invoice_policy = self.invoice_policy
        return None

    def _apply_activity(self, order, log):
        channel = order.storefront_channel_id
        user = self.user_id or channel.user_id or self.env.ref("base.user_admin")
        order.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.reason or self.rule_id.name,
            note=_("Flow rule %s.", self.rule_id.name),
            user_id=user.id,
        )
        return None

    def _apply_notify(self, order, log):
        self.discuss_channel_id.sudo().message_post(
            body=_(
                "%(order)s (%(ref)s): %(reason)s",
                order=order.name,
                ref=order.storefront_reference or "",
                reason=self.reason or self.rule_id.name,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return None

    def _apply_skip(self, order, log):
        raise FlowSkipped(self.reason, self.rule_id)
