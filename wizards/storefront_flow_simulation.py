"""A dry run of a channel's flow rules on a storefront order: nothing is written."""

import json

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError as OdooValidationError

from ..connectors import errors
from ..tools.mapping import MappingError
from .dialog import json_object, reopen

STEP_ERRORS = (errors.StorefrontError, MappingError, UserError, OdooValidationError, ValueError)


class StorefrontFlowSimulation(models.TransientModel):
    _name = "storefront.flow.simulation"
    _description = "Storefront flow rules simulation"

    channel_id = fields.Many2one("storefront.channel", required=True, ondelete="cascade")
    log_id = fields.Many2one("storefront.sync.log", ondelete="cascade")
    payload_text = fields.Text(string="Storefront order (JSON)")
    result = fields.Json(readonly=True)
    result_html = fields.Html(compute="_compute_result_html", sanitize=False)

    @api.depends("result")
    def _compute_result_html(self):
        for wizard in self:
            wizard.result_html = self._render(wizard.result) if wizard.result else False

    def action_run(self):
        """Simulate the rules on the pasted storefront order."""
        self.ensure_one()
        obj = json_object(
            self.payload_text,
            lambda exc: _("The pasted order is not JSON: %s", exc),
            _("The pasted order must be a JSON object."),
        )
        obj = obj.get("data") if isinstance(obj.get("data"), dict) else obj
        self.result = self._simulate(self.channel_id, obj)
        return self._reopen()

    def _reopen(self):
        return reopen(self, name=_("Test the flow rules"))

    @api.model
    def _show(self, channel, result, log=None):
        wizard = self.create(
            {"channel_id": channel.id, "log_id": log.id if log else False, "result": result}
        )
        return dict(wizard._reopen(), simulation=result)

    # ------------------------------------------------------------------
    # The simulation
    # ------------------------------------------------------------------

    @api.model
    def _simulate(self, channel, obj):
        """Map, score and read every rule on ``obj``; roll everything back."""
        result = {"mapping": {}, "risk": None, "stages": [], "error": None}
        importer = self.env["storefront.import.order"].with_context(
            storefront_import=True,
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
        )
        # Everything the simulation writes is rolled back, whatever happens.
        savepoint = self.env.cr.savepoint()
        try:
            values = channel._map("order", obj)
            result["mapping"] = json.loads(json.dumps(values, default=str))
            order = importer._flow_draft(channel, obj, values)
            risk = self.env["storefront.order.risk"]._risk_score(order)
            result["risk"] = {
                "score": risk["score"],
                "level": risk["level"],
                "facts": [fact["sentence"] for fact in risk["facts"]],
            }
            result["stages"] = self._simulate_rules(channel, order)
        except STEP_ERRORS as exc:
            result["error"] = str(exc)
        finally:
            savepoint.close(rollback=True)
        return result

    @api.model
    def _simulate_rules(self, channel, order):
        Rule = self.env["storefront.flow.rule"]
        stages = []
        facts = Rule._order_facts(order)
        for stage, label in Rule._fields["stage"]._description_selection(self.env):
            rules = channel._flow_rules(stage)
            if not rules:
                continue
            rows, stopped_by = [], None
            for rule in rules:
                row = {"id": rule.id, "name": rule.name, "condition": rule.condition_summary}
                if stopped_by:
                    row.update(
                        matched=False, why=_("Not read: rule %s stops the flow.", stopped_by)
                    )
                else:
                    why = rule._mismatch(order, facts)
                    row.update(matched=not why, why=why)
                    if not why:
                        row["actions"] = [action._describe() for action in rule.action_ids]
                        stopped_by = rule.stop and rule.name
                rows.append(row)
            stages.append({"stage": stage, "label": label, "rules": rows})
        return stages

    # ------------------------------------------------------------------
    # Showing it
    # ------------------------------------------------------------------

    @api.model
    def _render(self, result):
        parts = []
        if result.get("error"):
            parts.append(Markup('<div class="alert alert-danger">%s</div>') % result["error"])
        mapping = result.get("mapping") or {}
        if mapping:
            items = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td></tr>") % (key, mapping[key])
                for key in sorted(mapping)
            )
            parts.append(
                Markup('<h5>%s</h5><table class="table table-sm o_flow_mapping">%s</table>')
                % (_("1. Mapping"), items)
            )
        risk = result.get("risk")
        if risk:
            facts = Markup("").join(Markup("<li>%s</li>") % fact for fact in risk["facts"])
            parts.append(
                Markup("<h5>%s</h5><p>%s</p><ul>%s</ul>")
                % (
                    _("2. Risk"),
                    _("Score %(score)s (%(level)s).", score=risk["score"], level=risk["level"]),
                    facts,
                )
            )
        parts.append(Markup("<h5>%s</h5>") % _("3. Flow rules"))
        if not result.get("stages"):
            parts.append(Markup("<p>%s</p>") % _("The channel has no active rule."))
        for stage in result.get("stages") or []:
            rows = []
            for rule in stage["rules"]:
                if rule["matched"]:
                    what = Markup("<b>%s</b> %s") % (
                        _("matches:"),
                        "; ".join(rule.get("actions") or []) or _("no action"),
                    )
                    css = "text-success"
                else:
                    what = Markup("%s %s") % (_("does not match:"), rule["why"])
                    css = "text-muted"
                rows.append(
                    Markup('<li class="%s o_flow_rule_result"><b>%s</b> (%s) %s</li>')
                    % (css, rule["name"], rule["condition"], what)
                )
            parts.append(
                Markup("<p><i>%s</i></p><ol>%s</ol>") % (stage["label"], Markup("").join(rows))
            )
        return escape("") + Markup("").join(parts)
