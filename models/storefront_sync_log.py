import hashlib
import json
import logging
import random
import time
from datetime import timedelta

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.exceptions import ValidationError as OdooValidationError

from .. import const
from ..connectors import errors
from ..tools.mapping import MappingError

_logger = logging.getLogger(__name__)

ACTIVE_STATES = ("pending", "running")
USER_GROUP = "storefront_connector.group_storefront_user"
# What the storefront sent (or what Odoo queued) and where it goes: never edited by
# hand, since the processing cron applies it with its own authority.
IMMUTABLE_FIELDS = frozenset(
    {
        "channel_id",
        "company_id",
        "direction",
        "event_type",
        "external_id",
        "delivery_id",
        "dedup_key",
        "payload",
        "payload_hash",
        "res_model",
        "res_id",
    }
)


def payload_hash(payload):
    """Stable hash of a JSON-able payload (key order does not matter)."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def backoff_delay(attempt, base, cap, rng=random):
    """Full-jitter exponential backoff: uniform(0, min(cap, base * 2**(attempt-1)))."""
    return rng.uniform(0, min(cap, base * 2 ** max(attempt - 1, 0)))


class StorefrontSyncLog(models.Model):
    """The durable queue and the audit trail of every synchronisation."""

    _name = "storefront.sync.log"
    _description = "Storefront Sync Log"
    _order = "id desc"

    channel_id = fields.Many2one(
        "storefront.channel", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="channel_id.company_id", store=True, index=True)
    platform = fields.Selection(related="channel_id.platform")
    direction = fields.Selection(const.DIRECTIONS, required=True, readonly=True)
    event_type = fields.Char(required=True, readonly=True, index=True)
    external_id = fields.Char(readonly=True, index="btree_not_null")
    delivery_id = fields.Char(readonly=True)
    dedup_key = fields.Char(readonly=True, copy=False)
    payload = fields.Json(readonly=True)
    payload_text = fields.Text(compute="_compute_payload_text", string="Payload (JSON)")
    payload_hash = fields.Char(readonly=True)
    state = fields.Selection(
        const.LOG_STATES, default="pending", required=True, readonly=True, index=True
    )
    attempts = fields.Integer(readonly=True)
    next_attempt_at = fields.Datetime(readonly=True)
    lease_until = fields.Datetime(readonly=True)
    error_class = fields.Selection(const.ERROR_CLASSES, readonly=True)
    error_message = fields.Text(readonly=True)
    response_summary = fields.Text(readonly=True)
    res_model = fields.Char(string="Record model", readonly=True)
    res_id = fields.Many2oneReference(model_field="res_model", string="Record", readonly=True)
    duration_ms = fields.Integer(string="Duration (ms)", readonly=True)
    date_started = fields.Datetime(readonly=True)
    date_done = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "dedup_key_unique",
            "unique(channel_id, dedup_key)",
            "This delivery is already in the sync log.",
        ),
    ]

    def init(self):
        # Serves the claim query: due pending rows and expired leases, oldest first.
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS storefront_sync_log_claim_idx
                ON storefront_sync_log (next_attempt_at, id)
                WHERE state IN ('pending', 'running')
            """
        )
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS storefront_sync_log_record_idx
                ON storefront_sync_log (res_model, res_id)
                WHERE res_id IS NOT NULL
            """
        )

    @api.depends("event_type", "external_id")
    def _compute_display_name(self):
        for log in self:
            log.display_name = " ".join(filter(None, [log.event_type, log.external_id]))

    @api.depends("payload")
    def _compute_payload_text(self):
        for log in self:
            log.payload_text = json.dumps(log.payload, indent=2, sort_keys=True, default=str)

    # ------------------------------------------------------------------
    # Enqueueing
    # ------------------------------------------------------------------

    @api.model
    def _enqueue(
        self,
        channel,
        direction,
        event_type,
        payload,
        external_id=None,
        delivery_id=None,
        dedup_key=None,
        next_attempt_at=None,
        record=None,
    ):
        """Store one unit of work with a single INSERT, deduplicated per channel.

        The dedup key is the sender's delivery id when there is one, else the
        event and the payload hash. Returns ``(log, created)``; an existing row
        with the same key is returned with ``created=False``.
        """
        digest = payload_hash(payload)
        if not dedup_key:
            dedup_key = f"delivery:{delivery_id}" if delivery_id else f"{event_type}:{digest}"
        self.env.cr.execute(
            """
            INSERT INTO storefront_sync_log (
                channel_id, company_id, direction, event_type, external_id, delivery_id,
                dedup_key, payload, payload_hash, state, attempts, next_attempt_at,
                res_model, res_id, create_uid, write_uid, create_date, write_date
            )
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 'pending', 0, %s, %s, %s,
                    %s, %s, now() at time zone 'UTC', now() at time zone 'UTC')
            ON CONFLICT (channel_id, dedup_key) DO NOTHING
            RETURNING id
            """,
            (
                channel.id,
                channel.company_id.id,
                direction,
                event_type,
                (external_id and str(external_id)) or None,
                delivery_id,
                dedup_key,
                json.dumps(payload, default=str),
                digest,
                next_attempt_at,
                record._name if record else None,
                record.id if record else None,
                self.env.uid,
                self.env.uid,
            ),
        )
        row = self.env.cr.fetchone()
        if row:
            return self.browse(row[0]), True
        self.env.cr.execute(
            "SELECT id FROM storefront_sync_log WHERE channel_id = %s AND dedup_key = %s",
            (channel.id, dedup_key),
        )
        return self.browse(self.env.cr.fetchone()[0]), False

    @api.model
    def _trigger_processing(self):
        self.env.ref("storefront_connector.ir_cron_storefront_process").sudo()._trigger()

    # ------------------------------------------------------------------
    # Claiming and processing
    # ------------------------------------------------------------------

    @api.model
    def _claim(self, limit=const.DEFAULT_BATCH_SIZE, lease_seconds=const.DEFAULT_LEASE_SECONDS):
        """Lock and lease up to ``limit`` due rows that no other worker holds.

        Due rows are pending rows whose next attempt has come, and running rows
        whose lease expired (their worker died). Outbound rows of a channel whose
        credentials failed wait (and so do its inbound rows that need the API);
        a paused channel's rows all wait. ``SKIP LOCKED`` gives
        concurrent workers disjoint rows.
        """
        self.env.flush_all()
        self.env.cr.execute(
            """
            WITH due AS (
                SELECT log.id
                  FROM storefront_sync_log log
                  JOIN storefront_channel channel ON channel.id = log.channel_id
                 WHERE channel.active
                   AND (channel.health_state = 'ok'
                        OR (channel.health_state = 'auth_failed'
                            AND log.direction = 'in'
                            AND log.error_class IS DISTINCT FROM 'auth'))
                   AND ((log.state = 'pending'
                         AND (log.next_attempt_at IS NULL OR log.next_attempt_at <= %(now)s))
                        OR (log.state = 'running' AND log.lease_until < %(now)s))
                 ORDER BY log.next_attempt_at NULLS FIRST, log.id
                 LIMIT %(limit)s
                   FOR UPDATE OF log SKIP LOCKED
            )
            UPDATE storefront_sync_log log
               SET state = 'running',
                   attempts = log.attempts + 1,
                   lease_until = %(now)s + make_interval(secs => %(lease)s),
                   date_started = %(now)s
              FROM due
             WHERE log.id = due.id
         RETURNING log.id
            """,
            # Python's clock, as for next_attempt_at: PostgreSQL's now() is the
            # transaction's start.
            {"now": fields.Datetime.now(), "limit": limit, "lease": lease_seconds},
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.invalidate_model(["state", "attempts", "lease_until", "date_started"])
        return self.browse(sorted(ids))

    @api.model
    def _cron_process(self, limit=const.DEFAULT_BATCH_SIZE):
        """Process one batch of due rows; the cron calls again while some remain."""
        logs = self._claim(limit=limit)
        for log in logs:
            log._process()
        remaining = self._count_due()
        self.env["ir.cron"]._notify_progress(done=len(logs), remaining=remaining)
        return logs

    @api.model
    def _count_due(self):
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT count(*) FROM storefront_sync_log
             WHERE state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= %s)
            """,
            [fields.Datetime.now()],
        )
        return self.env.cr.fetchone()[0]

    def _process(self):
        """Run the handler of one claimed row inside a savepoint and record the outcome."""
        self.ensure_one()
        started = time.monotonic()
        try:
            with self.env.cr.savepoint():
                record = self._get_handler()._process_log(self)
        except Exception as exc:  # noqa: BLE001 - every failure is classified and recorded
            self._record_failure(exc, started)
        else:
            self._record_success(record, started)

    def _get_object(self):
        """Return the storefront object of an inbound row.

        With thin notifications the payload carries only the id: the
        authoritative object is fetched from the storefront API.
        """
        self.ensure_one()
        payload = self.payload or {}
        if self.direction == "in" and self.channel_id.thin_notifications:
            entity = self.event_type.split(".")[0]
            external_id = payload.get("id") or payload.get("ID") or self.external_id
            return self.channel_id._fetch_object(entity, external_id)
        return payload

    def _get_handler(self):
        """Return the handler model registered for the row's direction and entity."""
        entity = self.event_type.split(".")[0]
        model = const.HANDLER_MODEL_PREFIX[self.direction] + entity
        if model not in self.env:
            raise errors.ValidationError(
                _(
                    "No handler for %(direction)s event %(event)s.",
                    direction=self.direction,
                    event=self.event_type,
                )
            )
        return self.env[model]

    def _record_success(self, record, started):
        values = {
            "state": "done",
            "date_done": fields.Datetime.now(),
            "duration_ms": int((time.monotonic() - started) * 1000),
            "lease_until": False,
            "next_attempt_at": False,
            "error_class": False,
            "error_message": False,
        }
        if isinstance(record, models.BaseModel) and len(record) == 1:
            values.update(res_model=record._name, res_id=record.id)
        self.write(values)

    def _record_failure(self, exc, started):
        error_class, message, retry_after = self._classify(exc)
        channel = self.channel_id
        values = {
            "error_class": error_class,
            "error_message": message[: const.ERROR_MESSAGE_LIMIT],
            "duration_ms": int((time.monotonic() - started) * 1000),
            "lease_until": False,
        }
        if error_class == "auth":
            # The work waits for fixed credentials: the attempt does not count.
            values.update(state="pending", attempts=max(self.attempts - 1, 0))
            channel._set_auth_failed(message)
        elif error_class == "transient" and self.attempts < channel.max_attempts:
            delay = backoff_delay(self.attempts, channel.retry_base_delay, channel.retry_max_delay)
            if retry_after:
                delay = max(float(retry_after), 0.0)
            values.update(
                state="pending",
                next_attempt_at=fields.Datetime.now() + timedelta(seconds=delay),
            )
        elif error_class == "transient":
            values["state"] = "dead"
        else:
            values["state"] = "failed"
        _logger.info(
            "Sync log %s (%s) %s: %s error: %s",
            self.id,
            self.event_type,
            values["state"],
            error_class,
            message,
        )
        self.write(values)

    @api.model
    def _classify(self, exc):
        """Return ``(error class, readable message, retry_after)`` for an exception."""
        if isinstance(exc, errors.StorefrontError):
            return exc.error_class, str(exc), exc.retry_after
        if isinstance(exc, MappingError):
            return "validation", str(exc), None
        if isinstance(exc, (OdooValidationError, UserError)):
            return "validation", exc.args[0] if exc.args else str(exc), None
        if isinstance(exc, psycopg2.errors.UniqueViolation):
            # A concurrent worker bound the same object first: the retry sees it.
            return "transient", _("Another worker imported the same object; retrying."), 1
        if isinstance(exc, psycopg2.OperationalError):
            return "transient", _("Database busy: %s", exc), None
        return (
            "business",
            _("Unexpected error (%(type)s): %(error)s", type=type(exc).__name__, error=exc),
            None,
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def write(self, vals):
        """Refuse, outside the engine, any change to what a row carries.

        Access rights let only managers write rows at all; this also keeps
        them from the content: the cron runs a row with its own authority.
        """
        if not self.env.su:
            locked = IMMUTABLE_FIELDS.intersection(vals)
            if locked:
                raise AccessError(
                    _(
                        "The sync log keeps what was received or queued: %s cannot be changed.",
                        ", ".join(sorted(locked)),
                    )
                )
        return super().write(vals)

    def _check_queue_action(self):
        """Requeue and cancel are for Storefront Users, on the rows they can read."""
        if not (self.env.su or self.env.user.has_group(USER_GROUP)):
            raise AccessError(_("Only Storefront users can requeue or cancel sync log entries."))
        self.check_access("read")

    def action_requeue(self):
        """Put failed, dead or cancelled rows back in the queue with fresh attempts."""
        self._check_queue_action()
        logs = self.filtered(lambda log: log.state in ("failed", "dead", "cancelled")).sudo()
        logs.write(
            {
                "state": "pending",
                "attempts": 0,
                "next_attempt_at": False,
                "lease_until": False,
            }
        )
        if logs:
            self._trigger_processing()
        return True

    def action_cancel(self):
        """Withdraw pending, failed or dead rows."""
        self._check_queue_action()
        self.filtered(lambda log: log.state in ("pending", "failed", "dead")).sudo().write(
            {"state": "cancelled", "next_attempt_at": False}
        )
        return True

    def action_open_record(self):
        self.ensure_one()
        if not (self.res_model and self.res_id):
            raise UserError(_("This entry has no related record."))
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------

    @api.model
    def _cron_cleanup(self, batch_size=const.RETENTION_BATCH_SIZE):
        """Delete done rows older than their channel's retention, one batch per call."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT log.id FROM storefront_sync_log log
              JOIN storefront_channel channel ON channel.id = log.channel_id
             WHERE log.state = 'done'
               AND channel.log_retention_days > 0
               AND log.date_done < now() at time zone 'UTC'
                                   - make_interval(days => channel.log_retention_days)
             LIMIT %s
            """,
            (batch_size + 1,),
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        batch = self.browse(ids[:batch_size])
        batch.unlink()
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(ids) - len(batch))
        return len(batch)
