"""Import a store's history by date range, after a dry run that writes nothing."""

from collections import Counter

from odoo import _, fields, models
from odoo.exceptions import UserError

from .. import const
from ..connectors import errors
from ..models.storefront_history_import import HISTORY_ENTITIES, history_bounds
from .dialog import reopen

# A dry run reads at most this many pages of the listing (100 objects each).
DRY_RUN_MAX_PAGES = 500


class StorefrontHistoryWizard(models.TransientModel):
    _name = "storefront.history.wizard"
    _description = "Import storefront history"

    channel_id = fields.Many2one("storefront.channel", required=True, ondelete="cascade")
    entity = fields.Selection(HISTORY_ENTITIES, required=True, default="order")
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    dry_run_count = fields.Integer(readonly=True)
    dry_run_summary = fields.Text(readonly=True)
    dry_run_done = fields.Boolean(readonly=True)

    def _check_entity(self):
        self.ensure_one()
        adapter_class = self.channel_id._adapter_class()
        if self.entity not in adapter_class.poll_entities:
            raise UserError(
                _(
                    "%(platform)s does not list %(entity)s: they come with the orders.",
                    platform=adapter_class.label,
                    entity=dict(HISTORY_ENTITIES)[self.entity].lower(),
                )
            )

    def _status_label(self, adapter, obj):
        """An order's status as the store gives it, shipped or not: the dry run's groups."""
        if self.entity != "order":
            return dict(HISTORY_ENTITIES)[self.entity]
        try:
            values = self.channel_id._map("order", obj)
        except errors.StorefrontError:
            return _("unreadable")
        status = values.get("status") or _("no status")
        if adapter.order_fulfilled(obj, values):
            return _("%s, shipped", status)
        return status

    def action_dry_run(self):
        """Count what the import would bring, by store status; nothing is written."""
        self.ensure_one()
        self._check_entity()
        start, end = history_bounds(self.date_from, self.date_to)
        History = self.env["storefront.history.import"]
        counts = Counter()
        try:
            adapter = self.channel_id._adapter()
            for page in range(DRY_RUN_MAX_PAGES):
                objects, _pages, complete = adapter.list_changed(
                    self.entity, start, page, const.POLL_PAGE_SIZE, 1
                )
                for obj in objects:
                    if isinstance(obj, dict) and History._in_range(
                        adapter, self.entity, obj, start, end
                    ):
                        counts[self._status_label(adapter, obj)] += 1
                if complete or not objects:
                    break
        except errors.StorefrontError as exc:
            raise UserError(_("The storefront could not be read: %s", exc)) from exc
        total = sum(counts.values())
        lines = [
            _(
                "%(entity)s created from %(start)s to %(end)s: %(count)s",
                entity=dict(HISTORY_ENTITIES)[self.entity],
                start=self.date_from,
                end=self.date_to,
                count=total,
            )
        ]
        lines += [f"  {label}: {count}" for label, count in sorted(counts.items())]
        self.write(
            {"dry_run_count": total, "dry_run_summary": "\n".join(lines), "dry_run_done": True}
        )
        return self._reopen()

    def action_import(self):
        """Queue the import: the processing cron reads the listing page by page."""
        self.ensure_one()
        self._check_entity()
        history_bounds(self.date_from, self.date_to)
        run = self.env["storefront.history.import"].create(
            {
                "channel_id": self.channel_id.id,
                "entity": self.entity,
                "date_from": self.date_from,
                "date_to": self.date_to,
                "expected": self.dry_run_count if self.dry_run_done else 0,
            }
        )
        self.channel_id.history_state = "importing"
        run._queue_page(0)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": _("The history import is queued: its progress shows on the channel."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _reopen(self):
        return reopen(self)
