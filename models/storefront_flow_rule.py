"""Flow rules: per channel, ordered, a stage, a condition and typed actions."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

from ..tools.risk import LEVELS

STAGES = [
    ("order_received", "Order received"),
    ("order_paid", "Order paid"),
    ("order_shipped", "Order shipped"),
    ("order_cancelled", "Order cancelled"),
]
PRODUCT_TYPES = [
    ("storable", "Tracked goods"),
    ("consu", "Goods"),
    ("service", "Service"),
    ("combo", "Combo"),
]
CUSTOMER_KINDS = [("b2b", "Business (has a VAT number)"), ("b2c", "Consumer (no VAT number)")]
RISK_AT_LEAST = [(level, level.capitalize()) for level in LEVELS if level != "none"]


class StorefrontFlowRule(models.Model):
    """One step of a channel's order flow: when its condition holds, its actions run."""

    _name = "storefront.flow.rule"
    _description = "Storefront flow rule"
    _order = "channel_id, sequence, id"

    channel_id = fields.Many2one(
        "storefront.channel", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="channel_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    stage = fields.Selection(
        STAGES,
        required=True,
        default="order_received",
        help="When the rule is read: as the order is imported, when the storefront says it "
        "is paid, when its delivery is done, or when the storefront cancels it.",
    )
    domain = fields.Text(
        string="Condition",
        default="[]",
        help="A sale order domain; the quick fields below are checked too.",
    )
    country_ids = fields.Many2many("res.country", string="Shipping countries")
    categ_ids = fields.Many2many(
        "product.category", string="Product categories", help="Or any of their subcategories."
    )
    product_type = fields.Selection(PRODUCT_TYPES, help="Some line has a product of this type.")
    payment_methods = fields.Char(
        help="Comma-separated, as the storefront names them (e.g. cod, bacs, CreditCard)."
    )
    amount_min = fields.Float(string="Total from", help="In the order's currency; 0: no minimum.")
    amount_max = fields.Float(string="Total up to", help="In the order's currency; 0: no maximum.")
    partner_category_ids = fields.Many2many("res.partner.category", string="Customer tags")
    risk_level = fields.Selection(RISK_AT_LEAST, string="Risk at least")
    customer_kind = fields.Selection(CUSTOMER_KINDS, string="Customer")
    stop = fields.Boolean(
        string="Stop after this rule", help="When this rule matches, the later rules are not read."
    )
    action_ids = fields.One2many("storefront.flow.action", "rule_id", string="Actions", copy=True)
    condition_summary = fields.Char(compute="_compute_condition_summary")
    order_ids = fields.Many2many(
        "sale.order",
        "sale_order_storefront_flow_rule_rel",
        "rule_id",
        "order_id",
        string="Orders",
        readonly=True,
    )
    order_count = fields.Integer(compute="_compute_order_count", string="Fired")

    @api.constrains("domain")
    def _check_domain(self):
        for rule in self:
            try:
                domain = rule._domain_list()
                self.env["sale.order"].search_count(domain, limit=1)
            except Exception as exc:
                raise ValidationError(
                    _(
                        "The condition of rule %(rule)s is not valid: %(error)s",
                        rule=rule.name,
                        error=exc,
                    )
                ) from exc

    @api.constrains("amount_min", "amount_max")
    def _check_amounts(self):
        for rule in self:
            if rule.amount_max and rule.amount_min > rule.amount_max:
                raise ValidationError(_("Rule %s: the total range is empty.", rule.name))

    def _compute_order_count(self):
        for rule in self:
            rule.order_count = len(rule.order_ids)

    @api.depends(
        "domain",
        "country_ids",
        "categ_ids",
        "product_type",
        "payment_methods",
        "amount_min",
        "amount_max",
        "partner_category_ids",
        "risk_level",
        "customer_kind",
    )
    def _compute_condition_summary(self):
        for rule in self:
            rule.condition_summary = " · ".join(rule._condition_parts()) or _("every order")

    def _condition_parts(self):
        self.ensure_one()
        parts = []
        if self.country_ids:
            parts.append(_("ships to %s", ", ".join(self.country_ids.mapped("code"))))
        if self.categ_ids:
            parts.append(_("category %s", ", ".join(self.categ_ids.mapped("name"))))
        if self.product_type:
            parts.append(
                _(
                    "has %s",
                    dict(self._fields["product_type"]._description_selection(self.env))[
                        self.product_type
                    ],
                )
            )
        if self.payment_methods:
            parts.append(_("paid by %s", ", ".join(self._payment_method_set())))
        if self.amount_min:
            parts.append(_("total ≥ %s", self.amount_min))
        if self.amount_max:
            parts.append(_("total ≤ %s", self.amount_max))
        if self.partner_category_ids:
            parts.append(
                _("customer tagged %s", ", ".join(self.partner_category_ids.mapped("name")))
            )
        if self.risk_level:
            parts.append(_("risk ≥ %s", self.risk_level))
        if self.customer_kind:
            parts.append(_("B2B") if self.customer_kind == "b2b" else _("B2C"))
        if self._domain_list():
            parts.append(_("custom condition"))
        return parts

    def _domain_list(self):
        self.ensure_one()
        return safe_eval(self.domain or "[]") or []

    def _payment_method_set(self):
        return [m.strip() for m in (self.payment_methods or "").split(",") if m.strip()]

    # ------------------------------------------------------------------
    # Matching
    # ------------------------------------------------------------------

    @api.model
    def _order_facts(self, order):
        """What the quick conditions read, computed once per order and stage."""
        lines = order.order_line.filtered(lambda line: line.product_id and not line.is_delivery)
        partner = order.partner_id.commercial_partner_id
        products = lines.product_id
        types = set(products.mapped("type"))
        if any(products.mapped("is_storable")):
            types.add("storable")
        return {
            "country": order.partner_shipping_id.country_id,
            "category_paths": products.categ_id.mapped("parent_path"),
            "types": types,
            "payment_method": (order.storefront_payment_method or "").strip().lower(),
            "total": order.storefront_amount_total or order.amount_total,
            "partner_tags": order.partner_id.category_id | partner.category_id,
            "risk": order.storefront_risk_level or "none",
            "vat": bool(partner.vat or order.partner_invoice_id.vat),
        }

    def _mismatch(self, order, facts):
        """None when the rule matches the order, else the condition that failed (a sentence)."""
        self.ensure_one()
        if self.country_ids and facts["country"] not in self.country_ids:
            return _(
                "Shipping country %(country)s is not one of %(countries)s.",
                country=facts["country"].code or _("(none)"),
                countries=", ".join(self.country_ids.mapped("code")),
            )
        if self.categ_ids and not any(
            path.startswith(categ.parent_path)
            for categ in self.categ_ids
            for path in facts["category_paths"]
        ):
            return _("No product of category %s.", ", ".join(self.categ_ids.mapped("name")))
        if self.product_type and self.product_type not in facts["types"]:
            return _("No product of type %s.", self.product_type)
        methods = self._payment_method_set()
        if methods and facts["payment_method"] not in {m.lower() for m in methods}:
            return _(
                "Payment method %(method)s is not one of %(methods)s.",
                method=facts["payment_method"] or _("(none)"),
                methods=", ".join(methods),
            )
        if self.amount_min and facts["total"] < self.amount_min:
            return _("Total %(total)s is below %(min)s.", total=facts["total"], min=self.amount_min)
        if self.amount_max and facts["total"] > self.amount_max:
            return _("Total %(total)s is above %(max)s.", total=facts["total"], max=self.amount_max)
        if self.partner_category_ids and not (facts["partner_tags"] & self.partner_category_ids):
            return _(
                "The customer has none of the tags %s.",
                ", ".join(self.partner_category_ids.mapped("name")),
            )
        if self.risk_level and LEVELS.index(facts["risk"]) < LEVELS.index(self.risk_level):
            return _("Risk %(risk)s is below %(level)s.", risk=facts["risk"], level=self.risk_level)
        if self.customer_kind == "b2b" and not facts["vat"]:
            return _("The customer has no VAT number.")
        if self.customer_kind == "b2c" and facts["vat"]:
            return _("The customer has a VAT number.")
        domain = self._domain_list()
        if domain and not order.filtered_domain(domain):
            return _("The custom condition %s does not hold.", self.domain)
        return None

    # ------------------------------------------------------------------
    # Actions of the screens
    # ------------------------------------------------------------------

    @api.model
    def _reorder(self, rule_ids):
        """Write the sequence of the rules in the order given (the diagram's drag and drop)."""
        rules = self.browse(rule_ids).exists()
        for position, rule in enumerate(self.browse([r for r in rule_ids if r in rules.ids])):
            if rule.sequence != (position + 1) * 10:
                rule.sequence = (position + 1) * 10
        return True

    def action_toggle_active(self):
        for rule in self:
            rule.active = not rule.active
        return True

    def action_open_orders(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Orders of rule %s", self.name),
            "res_model": "sale.order",
            "view_mode": "list,form",
            "domain": [("id", "in", self.order_ids.ids)],
        }
