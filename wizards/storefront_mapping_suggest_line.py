from odoo import fields, models

from .. import const

DECISIONS = [("todo", "To review"), ("accept", "Accept"), ("reject", "Reject")]


class StorefrontMappingSuggestLine(models.TransientModel):
    """One suggestion: a target, the path that fills it, why, and the admin's decision."""

    _name = "storefront.mapping.suggest.line"
    _description = "Storefront Mapping Suggestion"
    _order = "sequence, id"

    wizard_id = fields.Many2one("storefront.mapping.suggest", required=True, ondelete="cascade")
    sequence = fields.Integer()
    target_field = fields.Char(string="Target", readonly=True)
    source_path = fields.Char(string="Suggested path", readonly=True)
    transform = fields.Selection(const.MAPPING_TRANSFORMS, readonly=True)
    template = fields.Char(readonly=True)
    value_map_code = fields.Char(string="Value map", readonly=True)
    score = fields.Float(readonly=True, help="0 to 1: how sure the suggestion is.")
    reasons = fields.Char(readonly=True)
    sample_value = fields.Char(string="Value on sample", readonly=True)
    current_path = fields.Char(string="Current mapping", readonly=True)
    locked = fields.Boolean(
        string="Set by admin", readonly=True, help="The channel's line is kept as it is."
    )
    decision = fields.Selection(DECISIONS, default="todo", required=True)

    def _mapping_values(self):
        self.ensure_one()
        return {
            "source_path": self.source_path or False,
            "transform": self.transform,
            "template": self.template or False,
            "value_map_code": self.value_map_code or False,
            "origin": "suggested",
            "active": True,
        }

    def action_accept(self):
        self.decision = "accept"
        return self.wizard_id._reopen()

    def action_reject(self):
        self.decision = "reject"
        return self.wizard_id._reopen()
