"""A channel's flow rules: their starter templates and the picture of the flow."""

from datetime import datetime, time

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# One click each. ``None`` values are chosen from the database by
# ``_flow_template_values``.
TEMPLATES = {
    "confirm_paid": {
        "name": _lt("Confirm only when paid"),
        "rule": {},
        "actions": [{"action_type": "confirm_policy", "confirm_policy": "paid"}],
    },
    "cod_on_delivery": {
        "name": _lt("Cash on delivery: invoiced on delivery"),
        "rule": {"payment_methods": "cod, COD, CashOnDelivery"},
        "actions": [
            {"action_type": "confirm_policy", "confirm_policy": "now"},
            {"action_type": "invoice_policy", "invoice_policy": "delivery"},
        ],
    },
    "country_warehouse": {
        "name": _lt("Austria and Switzerland ship from another warehouse"),
        "rule": {"countries": ("AT", "CH")},
        "actions": [{"action_type": "route_warehouse", "warehouse_id": None}],
    },
    "hold_category": {
        "name": _lt("Hold orders of a product category"),
        "rule": {"categ_ids": None},
        "actions": [
            {"action_type": "hold", "reason": _lt("A product of this category needs a review.")}
        ],
    },
    "b2b_vat": {
        "name": _lt("B2B pricelist for customers with a VAT number"),
        "rule": {"customer_kind": "b2b"},
        "actions": [{"action_type": "set_pricelist", "pricelist_id": None}],
    },
    "approval_amount": {
        "name": _lt("Approval above 2,000"),
        "rule": {"amount_min": 2000.0},
        "actions": [
            {
                "action_type": "require_approval",
                "group_id": "sales_team.group_sale_manager",
                "reason": _lt("Orders above 2,000 need a manager's approval."),
            }
        ],
    },
}


class StorefrontChannel(models.Model):
    _inherit = "storefront.channel"  # pylint: disable=consider-merging-classes-inherited

    flow_rule_ids = fields.One2many("storefront.flow.rule", "channel_id", string="Flow rules")
    flow_rule_count = fields.Integer(compute="_compute_flow_rule_count")

    def _compute_flow_rule_count(self):
        for channel in self:
            channel.flow_rule_count = len(channel.flow_rule_ids)

    def _flow_rules(self, stage=None):
        """The active rules of ``stage`` (every stage when None), in their order."""
        self.ensure_one()
        rules = self.flow_rule_ids
        return rules.filtered(lambda r: r.stage == stage) if stage else rules

    def _flow_may_skip(self):
        return any(a.action_type == "skip" for a in self.flow_rule_ids.action_ids)

    # ------------------------------------------------------------------
    # Starter templates
    # ------------------------------------------------------------------

    def action_add_flow_template(self):
        """Add the starter rule named by the ``flow_template`` context key; open it."""
        self.ensure_one()
        code = self.env.context.get("flow_template")
        if code not in TEMPLATES:
            raise UserError(_("Unknown flow template %s.", code))
        rule = self.env["storefront.flow.rule"].create(self._flow_template_values(code))
        return {
            "type": "ir.actions.act_window",
            "res_model": "storefront.flow.rule",
            "res_id": rule.id,
            "view_mode": "form",
            "target": "current",
        }

    def _flow_template_values(self, code):
        """The rule of a template; left inactive when its choice (warehouse...) has none."""
        template = TEMPLATES[code]
        rule = dict(template["rule"])
        complete = True
        if "countries" in rule:
            codes = rule.pop("countries")
            rule["country_ids"] = self.env["res.country"].search([("code", "in", codes)]).ids
        if "categ_ids" in rule:
            rule["categ_ids"] = []
            complete = False
        actions = []
        for values in template["actions"]:
            values = dict(values)
            if "warehouse_id" in values:
                warehouses = self.env["stock.warehouse"].search(
                    [("company_id", "=", self.company_id.id)], order="sequence, id"
                )
                values["warehouse_id"] = warehouses[1:2].id or warehouses[:1].id
                complete = complete and len(warehouses) > 1
            if "pricelist_id" in values:
                pricelist = self.env["product.pricelist"].search(
                    [("name", "ilike", "B2B"), ("company_id", "in", (False, self.company_id.id))],
                    limit=1,
                )
                values["pricelist_id"] = pricelist.id or self.pricelist_id.id
                complete = complete and bool(pricelist)
            if isinstance(values.get("group_id"), str):
                values["group_id"] = self.env.ref(values["group_id"]).id
            if values["action_type"] == "hold" and not rule.get("categ_ids"):
                complete = False
            if any(v is False or v is None for v in values.values()):
                # The choice is left to the user: the action waits in the form.
                continue
            if values.get("reason"):
                values["reason"] = str(values["reason"])
            actions.append(fields.Command.create(values))
        last = max(self.with_context(active_test=False).flow_rule_ids.mapped("sequence") or [0])
        return {
            **rule,
            "channel_id": self.id,
            "name": str(template["name"]),
            "sequence": last + 10,
            "active": complete,
            "action_ids": actions,
        }

    # ------------------------------------------------------------------
    # The flow, drawn
    # ------------------------------------------------------------------

    def action_open_flow(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "storefront_connector.flow",
            "name": _("Flow of %s", self.name),
            "params": {"channel_id": self.id},
            "context": {"active_id": self.id},
        }

    @api.model
    def _flow_today(self):
        return datetime.combine(fields.Date.context_today(self), time.min)

    def flow_graph(self):
        """The nodes of the channel's flow with their live counts (the diagram reads this)."""
        self.ensure_one()
        Log = self.env["storefront.sync.log"]
        today = self._flow_today()
        base = [("channel_id", "=", self.id), ("create_date", ">=", today)]
        inbound = [*base, ("direction", "=", "in")]
        failed = ("state", "in", ("failed", "dead"))
        orders = [*inbound, ("event_type", "like", "order.")]

        def count(domain):
            return Log.search_count(domain)

        def node(key, label, rows=None, failures=None, held=None, open_action=None, detail=""):
            return {
                "key": key,
                "label": label,
                "detail": detail,
                "rows": rows,
                "failures": failures,
                "held": held,
                "open": open_action,
            }

        SaleOrder = self.env["sale.order"]
        new_orders = [("storefront_channel_id", "=", self.id), ("create_date", ">=", today)]
        held_rule = self.env["sale.order"].search_count(
            [("storefront_channel_id", "=", self.id), ("storefront_held", "=", True)]
        )
        outbound = [*base, ("direction", "=", "out")]
        pushes = [
            ("stock", _("Stock"), "stock."),
            ("shipment", _("Shipments"), "shipment."),
            ("status", _("Order status"), "order."),
            ("catalogue", _("Catalogue"), "product."),
        ]
        rules = []
        for rule in self.with_context(active_test=False).flow_rule_ids.sorted(
            lambda r: (r.sequence, r.id)
        ):
            rules.append(
                {
                    "id": rule.id,
                    "name": rule.name,
                    "active": rule.active,
                    "stage": rule.stage,
                    "stop": rule.stop,
                    "condition": rule.condition_summary,
                    "actions": [action._describe() for action in rule.action_ids],
                    "fired": len(rule.order_ids),
                    "held": self.env["sale.order"].search_count(
                        [("storefront_rule_ids", "in", rule.id), ("storefront_held", "=", True)]
                    ),
                }
            )
        return {
            "channel": {"id": self.id, "name": self.name, "platform": self.platform},
            "sources": [
                node(
                    "webhook",
                    _("Webhook"),
                    rows=count([*inbound, ("delivery_id", "!=", False)]),
                    open_action="logs_webhook",
                ),
                node(
                    "poll",
                    _("Polling"),
                    rows=count([*inbound, ("delivery_id", "=", False)]),
                    open_action="config_poll",
                    detail=_("every %s min", self.poll_interval),
                ),
            ],
            "steps": [
                node("verify", _("Verify"), open_action="config_webhook", detail=_("signature")),
                node(
                    "map",
                    _("Map"),
                    rows=count(inbound),
                    failures=count([*inbound, failed, ("error_class", "=", "validation")]),
                    open_action="config_mapping",
                ),
                node(
                    "risk",
                    _("Risk"),
                    held=self.env["sale.order"].search_count(
                        [
                            ("storefront_channel_id", "=", self.id),
                            ("storefront_held", "=", True),
                            ("storefront_hold_reason", "=", False),
                        ]
                    ),
                    open_action="config_risk",
                    detail=_("score, then hold or flag"),
                ),
            ],
            "rules": rules,
            "import": node(
                "import",
                _("Import"),
                rows=count([*orders, ("state", "=", "done")]),
                failures=count([*orders, failed]),
                held=held_rule,
                open_action="logs_orders",
            ),
            "finish": [
                node(
                    "confirm",
                    _("Confirm"),
                    rows=SaleOrder.search_count([*new_orders, ("state", "=", "sale")]),
                    open_action="orders_confirmed",
                ),
                node(
                    "invoice",
                    _("Invoice"),
                    rows=SaleOrder.search_count([*new_orders, ("invoice_status", "=", "invoiced")]),
                    open_action="orders_invoiced",
                ),
                node(
                    "pay",
                    _("Pay"),
                    open_action="config_defaults",
                    detail=self.payment_journal_id.name or _("journal per method"),
                ),
            ],
            "pushes": [
                node(
                    key,
                    label,
                    rows=count([*outbound, ("event_type", "like", prefix)]),
                    failures=count([*outbound, ("event_type", "like", prefix), failed]),
                    open_action=f"logs_out_{key}",
                )
                for key, label, prefix in pushes
            ],
        }

    def flow_open(self, what):
        """The action a node of the diagram opens."""
        self.ensure_one()
        if what.startswith("config_"):
            return self.action_open_dashboard_channel()
        if what.startswith("orders_"):
            domain = [("storefront_channel_id", "=", self.id)]
            if what == "orders_confirmed":
                domain.append(("state", "=", "sale"))
            if what == "orders_invoiced":
                domain.append(("invoice_status", "=", "invoiced"))
            return {
                "type": "ir.actions.act_window",
                "name": _("Orders"),
                "res_model": "sale.order",
                "view_mode": "list,form",
                "views": [(False, "list"), (False, "form")],
                "domain": domain,
            }
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "storefront_connector.storefront_sync_log_action"
        )
        domain = [("channel_id", "=", self.id)]
        if what == "logs_webhook":
            domain += [("direction", "=", "in"), ("delivery_id", "!=", False)]
        elif what == "logs_orders":
            domain += [("direction", "=", "in"), ("event_type", "like", "order.")]
        elif what.startswith("logs_out_"):
            prefix = {"status": "order.", "catalogue": "product."}.get(what[9:], f"{what[9:]}.")
            domain += [("direction", "=", "out"), ("event_type", "like", prefix)]
        action.update(domain=domain, context={})
        return action

    def flow_reorder(self, rule_ids):
        """The diagram's drag and drop: the channel's rules in this order."""
        self.ensure_one()
        rules = self.with_context(active_test=False).flow_rule_ids
        self.env["storefront.flow.rule"]._reorder([i for i in rule_ids if i in rules.ids])
        return True
