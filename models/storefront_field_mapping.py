from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import const
from ..connectors import errors, platform_selection
from ..connectors.errors import _lt
from ..tools.mapping import MappingError, parse_condition

# The Odoo model each mapping entity fills: a target written as a path of
# relations ("partner_id.email" on an order) starts there.
ENTITY_MODELS = {
    "order": "sale.order",
    "order_line": "sale.order.line",
    "customer": "res.partner",
    "address": "res.partner",
    "product": "product.product",
}


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

    def _check_targets_writable(self, env):
        """Refuse the lines whose target names an Odoo field ``env``'s user may not write.

        Targets are the keys the flows read ("email", "amount_total"). A target
        written as a model and its field ("res.users.login") or as a path of
        relations ("company_id.name") names an Odoo field itself: the row fails
        when the user processing it (the Storefront Integration user, in the
        crons) may not write that field, so no mapping reaches past its rights.
        """
        for line in self:
            model, field = line._target_model_field(env)
            if model is None:
                continue
            Model = env[model].browse()
            if not Model.has_access("write") or not Model._fields[field].is_accessible(env):
                raise errors.BusinessError(
                    _lt(
                        "The %(entity)s mapping line targets %(target)s: %(user)s may not "
                        "write the field %(field)s of %(model)s. Map the value to a target "
                        "of the storefront flows or remove the line; nothing was written.",
                        entity=line.entity,
                        target=line.target_field,
                        user=env.user.name,
                        field=field,
                        model=model,
                    )
                )

    def _target_model_field(self, env):
        """``(model, field)`` of an Odoo field the target names, or ``(None, None)``."""
        self.ensure_one()
        target = self.target_field or ""
        if "." not in target:
            return None, None
        model, _sep, field = target.rpartition(".")
        if model not in env:
            model = ENTITY_MODELS.get(self.entity)
            for name in target.split(".")[:-1]:
                relation = env[model]._fields.get(name) if model else None
                model = relation.comodel_name if relation and relation.relational else None
        if not model or field not in env[model]._fields:
            return None, None
        return model, field

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
