from odoo import fields, models

from .. import const


class StorefrontMappingRejection(models.Model):
    """A suggested mapping the admin refused: never proposed again on the channel."""

    _name = "storefront.mapping.rejection"
    _description = "Rejected Mapping Suggestion"
    _order = "entity, target_field"

    channel_id = fields.Many2one(
        "storefront.channel", required=True, ondelete="cascade", index=True
    )
    entity = fields.Selection(const.MAPPING_ENTITIES, required=True)
    target_field = fields.Char(required=True)
    source_path = fields.Char(required=True)

    _sql_constraints = [
        (
            "rejection_unique",
            "unique(channel_id, entity, target_field, source_path)",
            "This suggestion is already rejected on the channel.",
        )
    ]
