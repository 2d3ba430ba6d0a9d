"""First connection and history: nothing old is imported unless asked for."""

from odoo import _, api, fields, models

HISTORY_STATES = [
    ("not_imported", "Not imported"),
    ("importing", "Importing"),
    ("imported", "Imported"),
]


class StorefrontChannel(models.Model):
    _inherit = "storefront.channel"  # pylint: disable=consider-merging-classes-inherited

    history_state = fields.Selection(HISTORY_STATES, copy=False, readonly=True)
    history_note = fields.Char(compute="_compute_history_note")
    history_import_ids = fields.One2many("storefront.history.import", "channel_id")

    @api.depends(
        "history_state",
        "history_import_ids.state",
        "history_import_ids.found",
        "history_import_ids.expected",
    )
    def _compute_history_note(self):
        for channel in self:
            runs = channel.history_import_ids.filtered(lambda run: run.state != "cancelled")
            if channel.history_state == "not_imported" or not runs:
                channel.history_note = channel.history_state and _(
                    "History not imported: use Import history."
                )
                continue
            done, total = runs._progress()
            channel.history_note = _(
                "History import: %(done)s of %(total)s objects imported.",
                done=done,
                total=total,
            )

    def _first_poll_entry(self, adapter, entity, entry, now):
        """A first poll sets the entity's watermark to now and imports nothing.

        What the store holds already is history: it comes only by the history
        import, by date range, after a dry run. One page is read all the same:
        refused credentials or an unreachable store show at the first poll.
        """
        adapter.list_changed(entity, None, 0, 1, 1)
        entry = dict(entry, watermark=fields.Datetime.to_string(now))
        entry.pop("resume", None)
        if not self.history_state:
            self.history_state = "not_imported"
        return entry

    def action_open_history_wizard(self):
        """Open the history import (dry run first) for this channel."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Import history"),
            "res_model": "storefront.history.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_channel_id": self.id},
        }
