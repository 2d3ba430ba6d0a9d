import json

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .storefront_field_mapping_sample import sample_object


class StorefrontChannel(models.Model):
    """A sample storefront object on the channel: each mapping line shows what it reads."""

    _inherit = "storefront.channel"  # pylint: disable=consider-merging-classes-inherited

    mapping_sample_log_id = fields.Many2one(
        "storefront.sync.log",
        string="Sample from sync log",
        domain="[('channel_id', '=', id), ('direction', '=', 'in')]",
        help="An inbound row whose object the mapping lines are shown against.",
    )
    mapping_sample = fields.Text(
        string="Sample object",
        help="A storefront object in JSON (an order shows its lines and addresses too).",
    )
    mapping_rejection_ids = fields.One2many("storefront.mapping.rejection", "channel_id")

    @api.onchange("mapping_sample_log_id")
    def _onchange_mapping_sample_log_id(self):
        if self.mapping_sample_log_id:
            self.mapping_sample = json.dumps(self.mapping_sample_log_id.payload, indent=2)

    @api.constrains("mapping_sample")
    def _check_mapping_sample(self):
        for channel in self.filtered("mapping_sample"):
            try:
                sample = json.loads(channel.mapping_sample)
            except ValueError as exc:
                raise ValidationError(_("The sample object is not valid JSON: %s", exc)) from exc
            if not isinstance(sample, dict):
                raise ValidationError(_("The sample must be a JSON object."))

    def _mapping_sample_object(self, entity):
        """The sample's object of ``entity``, or None when there is none."""
        self.ensure_one()
        try:
            sample = json.loads(self.mapping_sample or "null")
        except ValueError:
            return None
        return sample_object(entity, sample) if isinstance(sample, dict) else None

    def action_suggest_mappings(self):
        """Open the suggestion review on this channel's sample."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Suggest mappings"),
            "res_model": "storefront.mapping.suggest",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_channel_id": self.id,
                "default_log_id": self.mapping_sample_log_id.id,
                "default_payload": self.mapping_sample,
            },
        }

    def action_open_mapping_lines(self):
        """The channel's mapping lines grouped by entity, each with its value on the sample."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "storefront_connector.storefront_field_mapping_action"
        )
        action.update(
            name=_("Mappings of %s", self.name),
            domain=[("channel_id", "=", self.id)],
            context={
                "default_channel_id": self.id,
                "default_platform": self.platform,
                "search_default_groupby_entity": 1,
            },
        )
        return action
