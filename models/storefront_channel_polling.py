"""Polling: the safety net for missed webhooks, a watermark per entity."""

import logging
import time
from contextlib import contextmanager
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
        # A poll started within the budget reads pages up to the engine's row deadline.
        deadline = started + engine.run_budget(limit)[1]
        now = fields.Datetime.now()
        channels = self.search([("poll_interval", ">", 0), ("health_state", "=", "ok")])
        due = channels.filtered(
            lambda channel: (
                not channel.last_poll_date
                or channel.last_poll_date + timedelta(minutes=channel.poll_interval) <= now
            )
        )
        polled = self.browse()
        for channel in due:
            if polled and time.monotonic() >= started + budget:
                break
            try:
                # As the Storefront Integration user, in the channel's company.
                poller = engine.as_integration(channel, channel.company_id)
                poller.with_context(storefront_deadline=deadline)._poll()
            except Exception as exc:  # one broken channel must not stop the others
                _logger.exception("Polling channel %s failed", channel.id)
                engine.as_integration(channel)._record_poll_error(
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
        later than now, never backwards). Each page read is committed with the
        point to resume from, so a poll stopped by its page bound, by the
        run's deadline (``storefront_deadline`` in the context) or by a killed
        worker is read on by the next poll (one page back, for the objects a
        change moved) until the window is read.
        """
        self.ensure_one()
        started = fields.Datetime.now()
        with self._poll_transaction() as channel:
            state = dict(channel.poll_state or {})
        created_count = 0
        stopped = {}
        try:
            adapter = self._adapter()
            for entity in self._get_poll_entities():
                if self._poll_time_up():
                    stopped[entity] = "deadline"
                    continue
                created, stop = self._poll_entity(adapter, entity, state, started)
                created_count += created
                if stop:
                    stopped[entity] = stop
        except errors.AuthError as exc:
            with self._poll_transaction() as channel:
                channel.write({"last_poll_date": started})
                channel._set_auth_failed(str(exc))
            return None
        except (errors.StorefrontError, UserError) as exc:
            self._record_poll_error(started, str(exc))
            return None
        watermarks = [parse_storefront_date(e.get("watermark")) for e in state.values()]
        watermarks = [w for w in watermarks if w]
        values = {
            # written with the watermark, which alone would clear it (a setting by hand)
            "poll_state": state,
            "last_poll_date": started,
            "last_error": False,
            "last_error_date": False,
        }
        if watermarks:
            values["poll_watermark"] = max(watermarks)
        if stopped:
            values.update(last_error=self._poll_stopped_message(stopped), last_error_date=started)
        with self._poll_transaction() as channel:
            channel.write(values)
        if created_count:
            self.env["storefront.sync.log"]._wake()
        return created_count

    @contextmanager
    def _poll_transaction(self):
        """Yield the channel in a transaction of its own, committed at the end."""
        with self.env["storefront.sync.log"]._engine_transaction() as env:
            yield self.with_env(env)

    def _poll_time_up(self):
        """Whether the run's deadline (``storefront_deadline``, monotonic) has passed."""
        deadline = self.env.context.get("storefront_deadline")
        return deadline is not None and time.monotonic() >= deadline

    def _poll_stopped_message(self, stopped):
        if "deadline" in stopped.values():
            return _("The poll ran out of time: the next polls read the rest.")
        return _(
            "More objects changed than one poll reads (%(pages)s pages): the next "
            "polls read the rest.",
            pages=const.POLL_MAX_PAGES,
        )

    def _poll_entity(self, adapter, entity, state, now):
        """Poll one entity page by page, each page committed with ``state``.

        Return the number of new rows and why the poll stopped before the end
        of the window (``"bound"``, ``"deadline"``) or None.
        """
        entry = dict(state.get(entity) or {})
        # a channel polled before the watermarks per entity starts from the common one
        watermark = parse_storefront_date(entry.get("watermark")) or self.poll_watermark
        resume = entry.get("resume")
        if not (watermark or resume):
            with self._poll_transaction() as channel:
                state[entity] = channel._first_poll_entry(adapter, entity, entry, now)
                channel.write({"poll_state": state})
            return 0, None
        if resume:
            since, skip = parse_storefront_date(resume.get("since")), int(resume.get("skip") or 0)
        else:
            since = watermark and watermark - timedelta(seconds=max(self.poll_overlap, 0))
            skip = 0
        created, newest = 0, watermark
        for read in range(const.POLL_MAX_PAGES):
            if read and self._poll_time_up():
                stop = "deadline"
                break
            objects, pages, complete = adapter.list_changed(
                entity, since, skip + read, const.POLL_PAGE_SIZE, 1
            )
            newest = self._newest_change(adapter, entity, objects, newest, now)
            entry["watermark"] = _iso(newest)
            if complete:
                entry.pop("resume", None)
            else:
                entry["resume"] = {"since": _iso(since), "skip": skip + read + pages}
            state[entity] = entry
            with self._poll_transaction() as channel:
                created += sum(channel._enqueue_polled(entity, obj) for obj in objects)
                channel.write({"poll_state": state})
            if complete:
                return created, None
        else:
            stop = "bound"
        # read on one page back: a change may have moved objects across pages
        entry["resume"]["skip"] = max(entry["resume"]["skip"] - 1, skip + 1)
        with self._poll_transaction() as channel:
            channel.write({"poll_state": state})
        return created, stop

    def _newest_change(self, adapter, entity, objects, newest, now):
        """The newest change date among ``objects`` and ``newest``; check each is an object."""
        for obj in objects:
            if not isinstance(obj, dict):
                raise errors.ValidationError(
                    _("The storefront listed something that is not an object.")
                )
            changed = parse_storefront_date(adapter.object_date(entity, obj))
            if changed:
                changed = min(changed, now)  # a clock ahead must not hide the next changes
                if not newest or changed > newest:
                    newest = changed
        return newest

    def _record_poll_error(self, when, message):
        _logger.warning("Polling channel %s failed: %s", self.id, message)
        with self._poll_transaction() as channel:
            channel.write(
                {
                    "last_poll_date": when,
                    "last_error": _("Polling failed: %s", message),
                    "last_error_date": when,
                }
            )

    def _enqueue_polled(self, entity, obj):
        """Store one polled object like a webhook delivery; return 1 when it is new."""
        Log = self.env["storefront.sync.log"]
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
