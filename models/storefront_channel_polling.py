"""Polling: the safety net for missed webhooks, a watermark per entity."""

import logging
import time
from datetime import timedelta

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import config

from .. import const
from ..connectors import errors
from ..connectors.base import parse_storefront_date
from ..tools import engine
from ..tools.webhook import object_external_id
from .storefront_sync_log import payload_hash

_logger = logging.getLogger(__name__)

POLL_CRON = "storefront_connector.ir_cron_storefront_poll"


def _iso(moment):
    return moment and fields.Datetime.to_string(moment)


class StorefrontChannel(models.Model):
    _inherit = "storefront.channel"  # pylint: disable=consider-merging-classes-inherited

    poll_interval = fields.Integer(string="Polling interval (min)", default=15)
    poll_overlap = fields.Integer(string="Polling overlap (s)", default=300)
    # Setting it by hand clears poll_state (see the channel's write).
    poll_watermark = fields.Datetime(
        copy=False,
        help="Newest change the polls have read. Set it back to read again what "
        "changed since then: every entity then starts from it.",
    )
    # {entity: {"watermark": "YYYY-MM-DD HH:MM:SS",
    #           "resume": {"since": ... or None, "skip": pages}}}: "resume" is the
    # window a poll stopped in at its page bound, read on from page ``skip``.
    poll_state = fields.Json(copy=False)
    last_poll_date = fields.Datetime(copy=False, readonly=True)

    @api.model
    def _cron_poll(self):
        """Poll every channel whose polling interval has elapsed, each in its own transaction.

        Polling is the safety net for missed webhooks: what it reads goes
        through the same inbox and deduplication as the webhook deliveries.
        A channel's poll commits on its own (a failing or killed poll loses
        that channel's poll only); no channel starts once the run's budget (a
        share of the cron time limit) is spent: the cron is woken for the rest.
        """
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        started = engine.run_start(self.env.cr, in_cron)
        limit = engine.cron_time_limit(config)
        budget = limit * const.POLL_BUDGET_SHARE if limit else engine.run_budget(None)[0]
        now = fields.Datetime.now()
        channels = self.search([("poll_interval", ">", 0), ("health_state", "=", "ok")])
        due = channels.filtered(
            lambda channel: (
                not channel.last_poll_date
                or channel.last_poll_date + timedelta(minutes=channel.poll_interval) <= now
            )
        )
        Log = self.env["storefront.sync.log"]
        polled = self.browse()
        for channel in due:
            if polled and time.monotonic() >= started + budget:
                break
            try:
                with Log._engine_transaction() as env:
                    channel.with_env(env)._poll()
            except Exception as exc:  # one broken channel must not stop the others
                _logger.exception("Polling channel %s failed", channel.id)
                with Log._engine_transaction() as env:
                    channel.with_env(env)._record_poll_error(
                        fields.Datetime.now(),
                        _(
                            "Unexpected error (%(type)s): %(error)s",
                            type=type(exc).__name__,
                            error=exc,
                        ),
                    )
            polled |= channel
        self.env.invalidate_all()
        remaining = len(due) - len(polled)
        if remaining:
            # Odoo stops calling a cron whose call did nothing: wake it for the rest.
            self.env.ref(POLL_CRON).sudo()._trigger()
        self.env["ir.cron"]._notify_progress(done=len(polled), remaining=remaining)
        return polled

    def action_sync_now(self):
        """Schedule a poll of the channel at once (done by the poll cron, not in this request)."""
        self.write({"last_poll_date": False})
        self.env.ref(POLL_CRON).sudo()._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": _("The storefront will be polled in a moment."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _get_poll_entities(self):
        """Return the entities the channel polls: its enabled inbound flows the API can list."""
        self.ensure_one()
        listed = self._adapter_class().poll_entities
        return [
            entity
            for entity, flow in const.INBOUND_FLOWS.items()
            if entity in const.POLL_EVENTS and entity in listed and self[flow]
        ]

    def _poll(self):
        """Read each entity's objects changed since its watermark into the inbox.

        Returns the number of new sync log rows, or None when the poll failed.
        Each entity has its own watermark: the newest change date read (never
        later than now, never backwards). A poll that stops at its page bound
        keeps where it stopped; the next poll reads on from there (one page
        back, for the objects a change moved) until the window is read.
        """
        self.ensure_one()
        started = fields.Datetime.now()
        state = dict(self.poll_state or {})
        created_count = 0
        unfinished = []
        try:
            with self.env.cr.savepoint():
                adapter = self._adapter()
                for entity in self._get_poll_entities():
                    entry, created = self._poll_entity(adapter, entity, state.get(entity), started)
                    state[entity] = entry
                    created_count += created
                    if entry.get("resume"):
                        unfinished.append(entity)
        except errors.AuthError as exc:
            self.write({"last_poll_date": started})
            self._set_auth_failed(str(exc))
            return None
        except (errors.StorefrontError, UserError) as exc:
            self._record_poll_error(started, str(exc))
            return None
        watermarks = [parse_storefront_date(e.get("watermark")) for e in state.values()]
        watermarks = [w for w in watermarks if w]
        values = {
            "poll_state": state,
            "last_poll_date": started,
            "last_error": False,
            "last_error_date": False,
        }
        if watermarks:
            values["poll_watermark"] = max(watermarks)
        if unfinished:
            values.update(
                last_error=_(
                    "More objects changed than one poll reads (%(pages)s pages): the next "
                    "polls read the rest.",
                    pages=const.POLL_MAX_PAGES,
                ),
                last_error_date=started,
            )
        self.write(values)
        if created_count:
            self.env["storefront.sync.log"]._wake()
        return created_count

    def _poll_entity(self, adapter, entity, entry, now):
        """Poll one entity; return its new state entry and the number of new rows."""
        entry = dict(entry or {})
        # a channel polled before the watermarks per entity starts from the common one
        watermark = parse_storefront_date(entry.get("watermark")) or self.poll_watermark
        resume = entry.get("resume")
        if not (watermark or resume):
            return self._first_poll_entry(adapter, entity, entry, now), 0
        if resume:
            since, skip = parse_storefront_date(resume.get("since")), int(resume.get("skip") or 0)
        else:
            since = watermark and watermark - timedelta(seconds=max(self.poll_overlap, 0))
            skip = 0
        objects, pages, complete = adapter.list_changed(
            entity, since, skip, const.POLL_PAGE_SIZE, const.POLL_MAX_PAGES
        )
        newest, created = watermark, 0
        for obj in objects:
            if not isinstance(obj, dict):
                raise errors.ValidationError(
                    _("The storefront listed something that is not an object.")
                )
            created += self._enqueue_polled(entity, obj)
            changed = parse_storefront_date(adapter.object_date(entity, obj))
            if changed:
                changed = min(changed, now)  # a clock ahead must not hide the next changes
                if not newest or changed > newest:
                    newest = changed
        entry["watermark"] = _iso(newest)
        if complete:
            entry.pop("resume", None)
        else:
            entry["resume"] = {"since": _iso(since), "skip": skip + max(pages - 1, 1)}
        return entry, created

    def _record_poll_error(self, when, message):
        _logger.warning("Polling channel %s failed: %s", self.id, message)
        self.write(
            {
                "last_poll_date": when,
                "last_error": _("Polling failed: %s", message),
                "last_error_date": when,
            }
        )

    def _enqueue_polled(self, entity, obj):
        """Store one polled object like a webhook delivery; return 1 when it is new."""
        Log = self.env["storefront.sync.log"].sudo()
        event = const.POLL_EVENTS[entity]
        external_id = object_external_id(obj)
        if external_id and self._is_known_object(entity, external_id, payload_hash(obj)):
            return 0
        try:
            with self.env.cr.savepoint():
                _log, created = Log._enqueue(self, "in", event, obj, external_id=external_id)
        except psycopg2.errors.SerializationFailure:
            # A webhook stored the same object since this transaction began.
            return 0
        return int(created)

    def _is_known_object(self, entity, external_id, digest):
        """Tell whether this exact object is in the inbox already, under any event.

        A webhook may have brought it as ``order.created``: the poll's
        ``order.updated`` copy of the same content would be work done twice.
        """
        self.env["storefront.sync.log"].flush_model()
        self.env.cr.execute(
            """
            SELECT 1 FROM storefront_sync_log
             WHERE channel_id = %s AND direction = 'in' AND external_id = %s
               AND payload_hash = %s AND split_part(event_type, '.', 1) = %s
             LIMIT 1
            """,
            (self.id, external_id, digest, entity),
        )
        return bool(self.env.cr.fetchone())
