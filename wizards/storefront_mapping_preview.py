import json

from odoo import _, api, fields, models

from .. import const
from ..connectors import errors
from ..tools.mapping import MappingError


class StorefrontMappingPreview(models.TransientModel):
    """Shows what a channel's mappings make of a storefront object."""

    _name = "storefront.mapping.preview"
    _description = "Storefront Mapping Preview"

    channel_id = fields.Many2one("storefront.channel", required=True)
    entity = fields.Selection(const.MAPPING_ENTITIES, required=True, default="order")
    log_id = fields.Many2one(
        "storefront.sync.log",
        string="From sync log",
        domain="[('channel_id', '=', channel_id), ('direction', '=', 'in')]",
    )
    payload = fields.Text(help="A storefront object in JSON.")
    result = fields.Text(compute="_compute_result")
    error = fields.Text(compute="_compute_result")

    @api.onchange("log_id")
    def _onchange_log_id(self):
        if self.log_id:
            # the payload is read with the user's own rights (company rules apply)
            self.log_id.check_access("read")
            self.payload = json.dumps(self.log_id.payload, indent=2)

    @api.depends("channel_id", "entity", "payload")
    def _compute_result(self):
        for wizard in self:
            wizard.result, wizard.error = wizard._preview()

    def _preview(self):
        if not (self.channel_id and self.payload):
            return False, False
        try:
            payload = json.loads(self.payload)
        except ValueError as exc:
            return False, _("The payload is not valid JSON: %s", exc)
        if not isinstance(payload, dict):
            return False, _("The payload must be a JSON object.")
        try:
            values = self.channel_id._map(self.entity, payload)
        except MappingError as exc:
            return False, errors.error_text(exc, self.env.lang)
        return json.dumps(values, indent=2, sort_keys=True, default=str), False
