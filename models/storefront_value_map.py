from odoo import fields, models

from ..connectors import platform_selection


class StorefrontValueMap(models.Model):
    """A named translation table: storefront values to Odoo values."""

    _name = "storefront.value.map"
    _description = "Storefront Value Map"
    _order = "code"

    name = fields.Char(required=True)
    code = fields.Char(required=True, help="Referenced by mapping lines and by the importers.")
    channel_id = fields.Many2one("storefront.channel", ondelete="cascade", index=True)
    platform = fields.Selection(platform_selection(), required=True)
    company_id = fields.Many2one(related="channel_id.company_id", store=True)
    line_ids = fields.One2many("storefront.value.map.line", "map_id", copy=True)

    _sql_constraints = [
        ("code_unique", "unique(channel_id, platform, code)", "Value map codes must be unique."),
    ]

    def _as_dict(self):
        """Return the map as {source value: Odoo value}."""
        self.ensure_one()
        return {line.source_value: line.target_value for line in self.line_ids}
