"""What the flow rules leave on a storefront order, and the approval they may ask for."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .storefront_flow_action import CONFIRM_POLICIES, INVOICE_POLICIES


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    storefront_rule_ids = fields.Many2many(
        "storefront.flow.rule",
        "sale_order_storefront_flow_rule_rel",
        "order_id",
        "rule_id",
        string="Flow rules fired",
        readonly=True,
        copy=False,
    )
    storefront_flow_stages = fields.Char(
        readonly=True, copy=False, help="The stages whose rules have run for this order."
    )
    storefront_payment_method = fields.Char(
        string="Storefront payment method", readonly=True, copy=False
    )
    storefront_confirm_policy = fields.Selection(
        CONFIRM_POLICIES, string="Confirm", readonly=True, copy=False
    )
    storefront_invoice_policy = fields.Selection(
        INVOICE_POLICIES, string="Invoice", readonly=True, copy=False
    )
    storefront_hold_reason = fields.Char(string="Held because", readonly=True, copy=False)
    storefront_approval_group_id = fields.Many2one(
        "res.groups", string="Approval by", readonly=True, copy=False
    )

    def _storefront_flow_hold(self, reason, log, group=None):
        """Hold the order for review (the risk hold's flag and Release) with a rule's reason."""
        self.ensure_one()
        channel = self.storefront_channel_id
        values = {
            "storefront_held": True,
            "storefront_hold_reason": reason,
            "storefront_risk_log_id": log.id if log else False,
        }
        if group:
            values["storefront_approval_group_id"] = group.id
        self.write(values)
        user = channel.user_id or self.env.ref("base.user_admin")
        if group and user not in group.users:
            user = group.users.filtered("active")[:1] or user
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self._storefront_hold_summary(),
            note=reason,
            user_id=user.id,
        )
        self.message_post(body=_("Held for review: %s", reason))

    def action_storefront_release(self):
        """A hold that asks for a group's approval is released by a member of that group."""
        for order in self:
            group = order.storefront_approval_group_id
            if order.storefront_held and group and group not in self.env.user.groups_id:
                raise UserError(
                    _(
                        "Order %(order)s waits for the approval of %(group)s.",
                        order=order.name,
                        group=group.full_name,
                    )
                )
        return super().action_storefront_release()

    def _storefront_flow_record(self, rules, stage, notes):
        """Remember which rules fired, on the order and in its chatter."""
        self.ensure_one()
        stages = set(filter(None, (self.storefront_flow_stages or "").split(",")))
        values = {"storefront_flow_stages": ",".join(sorted(stages | {stage}))}
        if rules:
            values["storefront_rule_ids"] = [fields.Command.link(rule.id) for rule in rules]
        self.write(values)
        if rules:
            body = _(
                "Flow rules (%(stage)s): %(rules)s",
                stage=self._storefront_flow_stage_label(stage),
                rules=", ".join(rules.mapped("name")),
            )
            self._message_log(body="\n".join([body, *notes]))

    def _storefront_flow_ran(self, stage):
        return stage in (self.storefront_flow_stages or "").split(",")

    def _storefront_delivered(self):
        """A storefront order's delivery is done: invoice it if a rule said so, then rules."""
        importer = self.env["storefront.import.order"].sudo()
        for order in self.sudo():
            if order.storefront_invoice_policy == "delivery" and not order.invoice_ids.filtered(
                lambda move: move.state == "posted"
            ):
                invoice = order._create_invoices()
                invoice.action_post()
                order.message_post(body=_("Invoiced on delivery: %s.", invoice.name))
            importer._flow_run(order, "order_shipped", None)

    @api.model
    def _storefront_flow_stage_label(self, stage):
        Rule = self.env["storefront.flow.rule"]
        return dict(Rule._fields["stage"]._description_selection(self.env))[stage]
