from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import const
from ..connectors import errors, platform_selection
from ..tools.mapping import MappingError, parse_condition


class StorefrontFieldMapping(models.Model):
    """One mapping line: where a value is read in a storefront object, and how."""

    _name = "storefront.field.mapping"
    _description = "Storefront Field Mapping"
    _order = "entity, sequence, id"

    channel_id = fields.Many2one("storefront.channel", ondelete="cascade", index=True)
    platform = fields.Selection(platform_selection(), required=True)
    company_id = fields.Many2one(related="channel_id.company_id", store=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    entity = fields.Selection(const.MAPPING_ENTITIES, required=True)
    target_field = fields.Char(required=True, help="Field filled on the Odoo side.")
    source_path = fields.Char(
        help="Dotted path in the storefront object: billing_address.country_code, "
        "items[0].sku, surcharges[type=shipping].value"
    )
    transform = fields.Selection(const.MAPPING_TRANSFORMS, default="direct", required=True)
    fmt = fields.Char(string="Format", help="strptime format for dates")
    value_map_code = fields.Char(string="Value map", help="Code of the value map to look up")
    template = fields.Char(help="E.g. {firstname} {lastname}")
    separator = fields.Char()
    split_index = fields.Char(help="Index of the part to keep (0, 1, -1) or 'rest'")
    default = fields.Char(help="Used when the source is empty; the value of a constant")
    condition = fields.Char(
        help="The line applies only when this holds, e.g. payment_status.code == P"
    )
    # Read by no transform (the currency transform had no exchange rates to use):
    # kept while the mapping list still shows them.
    currency_path = fields.Char(help="Path of the source currency code")
    currency_to = fields.Char(help="Target currency code")
    required = fields.Boolean()

    @api.constrains("condition")
    def _check_condition(self):
        for line in self.filtered("condition"):
            try:
                parse_condition(line.condition)
            except MappingError as exc:
                raise ValidationError(errors.error_text(exc, self.env.lang)) from exc

    def _as_engine_line(self):
        """Return the line as the plain dict the mapping engine reads."""
        self.ensure_one()
        split_index = self.split_index
        if split_index and split_index.lstrip("-").isdigit():
            split_index = int(split_index)
        line = {
            "sequence": self.sequence,
            "target_field": self.target_field,
            "source_path": self.source_path or "",
            "transform": self.transform,
            "fmt": self.fmt,
            "value_map": self.value_map_code,
            "template": self.template,
            # Admins type escapes such as \n for a line break.
            "separator": self.separator and self.separator.encode().decode("unicode_escape"),
            "split_index": split_index,
            "default": self.default,
            "condition": self.condition,
            "required": self.required,
        }
        return {key: value for key, value in line.items() if value not in (False, None, "")}
