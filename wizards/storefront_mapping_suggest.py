import json

from odoo import _, api, fields, models

from .. import const
from ..models.storefront_field_mapping_sample import display_value
from ..tools.mapping_suggest import prepare_sample, suggest_mappings
from .dialog import json_object, reopen

# Settings of a replaced default line that belonged to its old path.
REPLACED_SETTINGS = ("fmt", "separator", "split_index", "condition", "currency_path", "currency_to")


class StorefrontMappingSuggest(models.TransientModel):
    """Suggested mapping lines for a sample object, reviewed one by one or by score."""

    _name = "storefront.mapping.suggest"
    _description = "Storefront Mapping Suggestions"

    channel_id = fields.Many2one("storefront.channel", required=True, ondelete="cascade")
    entity = fields.Selection(const.MAPPING_ENTITIES, required=True, default="order")
    log_id = fields.Many2one(
        "storefront.sync.log",
        string="From sync log",
        domain="[('channel_id', '=', channel_id), ('direction', '=', 'in')]",
    )
    payload = fields.Text(string="Sample object", help="A storefront object in JSON.")
    threshold = fields.Float(default=0.6, help="Accept every suggestion scoring at least this.")
    line_ids = fields.One2many("storefront.mapping.suggest.line", "wizard_id")
    note = fields.Char(readonly=True)

    @api.onchange("log_id")
    def _onchange_log_id(self):
        if self.log_id:
            self.payload = json.dumps(self.log_id.payload, indent=2)

    def _reopen(self):
        return reopen(self, name=_("Suggest mappings"))

    def _sample(self):
        return json_object(
            self.payload,
            lambda exc: _("The sample is not valid JSON: %s", exc),
            _("The sample must be a JSON object."),
        )

    def _accepted(self):
        """Every active mapping line of the entity, on all channels and platform defaults."""
        lines = (
            self.env["storefront.field.mapping"]
            .sudo()
            .search([("entity", "=", self.entity), ("source_path", "!=", False)])
        )
        return [{"target": line.target_field, "source_path": line.source_path} for line in lines]

    def _rejected(self):
        return [
            {"target": r.target_field, "source_path": r.source_path}
            for r in self.channel_id.mapping_rejection_ids
            if r.entity == self.entity
        ]

    def action_suggest(self):
        """Score the sample and list one suggestion per target, best first."""
        self.ensure_one()
        sample = self._sample()
        suggestions = suggest_mappings(
            self.entity, sample, self._accepted(), self._rejected(), lang=self.env.lang
        )
        obj, _reason = prepare_sample(self.entity, sample)
        current = {
            line.target_field: line
            for line in self.channel_id.field_mapping_ids
            if line.entity == self.entity and line.active
        }
        value_maps = self.channel_id._get_value_maps()
        commands = [fields.Command.clear()]
        for sequence, suggestion in enumerate(suggestions):
            existing = current.get(suggestion["target"])
            commands.append(
                fields.Command.create(
                    {
                        "sequence": sequence,
                        "target_field": suggestion["target"],
                        "source_path": suggestion["source_path"],
                        "transform": suggestion["transform"],
                        "template": suggestion.get("template"),
                        "value_map_code": suggestion.get("value_map_code"),
                        "score": suggestion["score"],
                        "reasons": "; ".join(suggestion["reasons"]),
                        "sample_value": self._value(obj, suggestion, value_maps),
                        "current_path": existing
                        and (existing.source_path or existing.template or existing.transform),
                        "locked": bool(existing and existing.origin == "manual"),
                    }
                )
            )
        self.write({"line_ids": commands, "note": False})
        return self._reopen()

    @api.model
    def _value(self, obj, suggestion, value_maps):
        line = {
            "target_field": suggestion["target"],
            "source_path": suggestion["source_path"] or "",
            "transform": suggestion["transform"],
            "template": suggestion.get("template"),
            "value_map": suggestion.get("value_map_code"),
        }
        return display_value(obj, {k: v for k, v in line.items() if v}, value_maps)

    def action_accept_above(self):
        """Mark every suggestion at or above the threshold as accepted."""
        self.ensure_one()
        self.line_ids.filtered(
            lambda ln: ln.score >= self.threshold and ln.decision == "todo" and not ln.locked
        ).decision = "accept"
        return self._reopen()

    def action_apply(self):
        """Accepted suggestions become mapping lines; rejections are remembered."""
        self.ensure_one()
        Mapping = self.env["storefront.field.mapping"].with_context(storefront_mapping_suggest=1)
        channel = self.channel_id
        accepted = kept = rejected = 0
        for line in self.line_ids.filtered(lambda ln: ln.decision == "accept"):
            existing = channel.field_mapping_ids.filtered(
                lambda m, ln=line: m.entity == self.entity and m.target_field == ln.target_field
            )
            if existing.filtered(lambda m: m.origin == "manual"):
                kept += 1
                continue
            values = line._mapping_values()
            same = existing.filtered(
                lambda m, ln=line: (
                    (m.source_path or False) == (ln.source_path or False)
                    and (m.template or False) == (ln.template or False)
                )
            )
            if same:
                # Already read from there (perhaps split or formatted): left as it is.
                kept += 1
                continue
            if existing:
                existing.with_context(storefront_mapping_suggest=1).write(
                    dict(values, **dict.fromkeys(REPLACED_SETTINGS, False))
                )
            else:
                Mapping.create(
                    dict(
                        values,
                        channel_id=channel.id,
                        platform=channel.platform,
                        entity=self.entity,
                        target_field=line.target_field,
                        sequence=100 + line.sequence,
                    )
                )
            accepted += 1
        Rejection = self.env["storefront.mapping.rejection"]
        for line in self.line_ids.filtered(lambda ln: ln.decision == "reject" and ln.source_path):
            key = [
                ("channel_id", "=", channel.id),
                ("entity", "=", self.entity),
                ("target_field", "=", line.target_field),
                ("source_path", "=", line.source_path),
            ]
            if not Rejection.search_count(key):
                Rejection.create({k: v for k, _op, v in key})
            rejected += 1
        message = _(
            "Mapping suggestions (%(entity)s): %(accepted)s accepted, %(rejected)s rejected, "
            "%(kept)s kept (set by an admin, or already reading that path).",
            entity=self.entity,
            accepted=accepted,
            rejected=rejected,
            kept=kept,
        )
        channel.message_post(body=message)
        self.note = message
        return {"type": "ir.actions.act_window_close"}
