"""A history import: the store's old objects of one entity in a date range, page by page."""

from datetime import datetime, time, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import const
from ..connectors import errors
from ..connectors.base import parse_storefront_date
from .storefront_sync_log import payload_hash

HISTORY_ENTITIES = [("order", "Orders"), ("customer", "Customers"), ("product", "Products")]
PAGE_EVENT = "history.page"


def history_event(entity):
    """The inbox event of a history object: its importer knows it is history."""
    return f"{entity}.history"


class StorefrontHistoryImport(models.Model):
    """One requested history import.

    Each page of the store's listing is one sync log row, committed on its
    own with the rows of the objects it found: a stopped worker resumes at
    the page it was reading, a cancelled import stops at the next page.
    """

    _name = "storefront.history.import"
    _inherit = "storefront.page.run"
    _description = "Storefront history import"
    _order = "id desc"
    _page_event = PAGE_EVENT
    _page_prefix = "history-page"

    entity = fields.Selection(HISTORY_ENTITIES, required=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    found = fields.Integer(help="Objects in the range queued for import.")
    expected = fields.Integer(help="Objects the dry run counted.")

    @api.depends("entity", "date_from", "date_to")
    def _compute_display_name(self):
        labels = dict(HISTORY_ENTITIES)
        for run in self:
            run.display_name = f"{labels.get(run.entity)} {run.date_from} - {run.date_to}"

    # ------------------------------------------------------------------
    # Range
    # ------------------------------------------------------------------

    def _bounds(self):
        """``(start, end)`` naive UTC datetimes: from the first day's start to the last's end."""
        return history_bounds(self.date_from, self.date_to)

    @api.model
    def _in_range(self, adapter, entity, obj, start, end):
        created = parse_storefront_date(adapter.object_created(entity, obj))
        return bool(created and start <= created < end)

    # ------------------------------------------------------------------
    # Pages (run by the processing cron, see storefront.import.history)
    # ------------------------------------------------------------------

    def _read_page(self, page):
        """Read page ``page`` of the listing, queue the objects in range, queue the next page."""
        channel = self.channel_id
        adapter = channel._adapter()
        start, end = self._bounds()
        # The listing runs by change date: what changed last before the range
        # was created before it too, so the range's start ends the window.
        objects, _pages, complete = adapter.list_changed(
            self.entity, start, page, const.POLL_PAGE_SIZE, 1
        )
        Log = self.env["storefront.sync.log"].sudo()
        queued = 0
        for obj in objects:
            if not isinstance(obj, dict):
                raise errors.ValidationError(
                    _("The storefront listed something that is not an object.")
                )
            if not self._in_range(adapter, self.entity, obj, start, end):
                continue
            external_id = str(obj.get("id") or obj.get("ID") or obj.get("order_id") or "")
            _log, created = Log._enqueue(
                channel,
                "in",
                history_event(self.entity),
                obj,
                external_id=external_id or None,
                dedup_key=f"history:{self.id}:{external_id or payload_hash(obj)}",
            )
            queued += int(created)
        values = {"next_page": page + 1, "found": self.found + queued}
        if complete or not objects:
            values["state"] = "done"
        self.write(values)
        if complete or not objects:
            if not channel.history_import_ids.filtered(lambda run: run.state == "running"):
                channel.history_state = "imported"
        else:
            self._queue_page(page + 1)
        return queued

    # ------------------------------------------------------------------
    # Progress and cancellation
    # ------------------------------------------------------------------

    def _rows_domain(self, states):
        keys = [f"history:{run.id}:" for run in self] + [f"history-page:{r.id}:" for r in self]
        domain = [("state", "in", states)]
        prefixes = [("dedup_key", "=like", key + "%") for key in keys]
        return domain + ["|"] * (len(prefixes) - 1) + prefixes

    def _progress(self):
        """``(imported, total)`` objects of these runs: total is the dry run's count until
        the listing found more."""
        if not self:
            return 0, 0
        Log = self.env["storefront.sync.log"].sudo()
        domain = [*self._rows_domain(["done"]), ("event_type", "!=", PAGE_EVENT)]
        done = Log.search_count(domain)
        total = sum(max(run.expected, run.found) for run in self)
        return done, max(total, done)

    def action_cancel(self):
        """Stop the import: no further page is read, the queued objects are withdrawn."""
        running = self.filtered(lambda run: run.state == "running")
        running.write({"state": "cancelled"})
        if running:
            rows = self.env["storefront.sync.log"].sudo().search(running._rows_domain(["pending"]))
            rows.write({"state": "cancelled", "next_attempt_at": False})
        for channel in running.channel_id:
            if not channel.history_import_ids.filtered(lambda run: run.state == "running"):
                channel.history_state = "not_imported"
        return True


def history_bounds(date_from, date_to):
    """Naive UTC datetimes from the start of ``date_from`` to the end of ``date_to``."""
    if not date_from or not date_to or date_from > date_to:
        raise UserError(_("Give a date range whose start is not after its end."))
    start = datetime.combine(date_from, time.min)
    return start, datetime.combine(date_to, time.min) + timedelta(days=1)
