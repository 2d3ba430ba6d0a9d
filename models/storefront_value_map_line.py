from odoo import fields, models


class StorefrontValueMapLine(models.Model):
    _name = "storefront.value.map.line"
    _description = "Storefront Value Map Line"
    _order = "map_id, sequence, id"

    map_id = fields.Many2one("storefront.value.map", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    source_value = fields.Char(required=True, help="The value as the storefront sends it.")
    target_value = fields.Char(help="The value Odoo uses.")
    note = fields.Char()

    _sql_constraints = [
        ("source_unique", "unique(map_id, source_value)", "A source value appears once per map."),
    ]
