import hashlib
import json
import logging
import random
import time
from contextlib import contextmanager
from datetime import timedelta

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.exceptions import ValidationError as OdooValidationError
from odoo.tools import config

from .. import const
from ..connectors import errors
from ..tools import engine
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
        # Serves the fair claim: each channel's due rows, oldest first.
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS storefront_sync_log_channel_claim_idx
                ON storefront_sync_log (channel_id, next_attempt_at NULLS FIRST, id)
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
    def _claim(
        self,
        limit=const.DEFAULT_BATCH_SIZE,
        lease_seconds=const.DEFAULT_LEASE_SECONDS,
        per_channel=None,
        recent_channels=(),
        exclude_ids=(),
    ):
        """Lock and lease up to ``limit`` due rows that no other worker holds.

        Due rows are pending rows whose next attempt has come, and running rows
        whose lease expired (their worker died): reclaiming one counts an attempt.
        Outbound rows of a channel whose credentials failed wait (and so do its
        inbound rows that need the API); a paused channel's rows all wait.
        ``SKIP LOCKED`` gives concurrent workers disjoint rows. Claims are fair:
        at most ``per_channel`` rows per channel, first rank of every channel
        first, and channels in ``recent_channels`` (served last) after the others.
        Rows in ``exclude_ids`` (already tried by this run) are left alone.
        Runs in the caller's transaction: the engine commits it on its own.
        """
        self.env.flush_all()
        self.env.cr.execute(
            """
            WITH picked AS (
                SELECT log.id, log.channel_id, log.next_attempt_at
                  FROM storefront_channel channel
                 CROSS JOIN LATERAL (
                        SELECT row.id, row.channel_id, row.next_attempt_at
                          FROM storefront_sync_log row
                         WHERE row.channel_id = channel.id
                           AND row.state IN ('pending', 'running')
                           AND row.id <> ALL(%(exclude)s::int[])
                           AND ((row.state = 'pending'
                                 AND (row.next_attempt_at IS NULL
                                      OR row.next_attempt_at <= %(now)s))
                                OR (row.state = 'running'
                                    AND (row.lease_until IS NULL OR row.lease_until < %(now)s)))
                           AND (channel.health_state = 'ok'
                                OR (row.direction = 'in'
                                    AND row.error_class IS DISTINCT FROM 'auth'))
                         ORDER BY row.next_attempt_at NULLS FIRST, row.id
                         LIMIT %(per_channel)s
                           FOR UPDATE SKIP LOCKED
                      ) log
                 WHERE channel.active AND channel.health_state IN ('ok', 'auth_failed')
            ),
            chosen AS (
                SELECT id FROM (
                    SELECT id, channel_id, next_attempt_at,
                           row_number() OVER (PARTITION BY channel_id
                                              ORDER BY next_attempt_at NULLS FIRST, id) AS rank
                      FROM picked
                ) ranked
                 ORDER BY channel_id = ANY(%(recent)s::int[]), rank,
                          next_attempt_at NULLS FIRST, id
                 LIMIT %(limit)s
            )
            UPDATE storefront_sync_log log
               SET state = 'running',
                   attempts = log.attempts + 1,
                   lease_until = %(now)s + make_interval(secs => %(lease)s),
                   date_started = %(now)s
              FROM chosen
             WHERE log.id = chosen.id
         RETURNING log.id
            """,
            # Python's clock, as for next_attempt_at: PostgreSQL's now() is the
            # transaction's start.
            {
                "now": fields.Datetime.now(),
                "limit": limit,
                "per_channel": per_channel or limit,
                "lease": lease_seconds,
                "recent": list(recent_channels),
                "exclude": list(exclude_ids),
            },
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.invalidate_model(["state", "attempts", "lease_until", "date_started"])
        return self.browse(sorted(ids))

    @api.model
    def _cron_process(self, limit=None):
        """Process due rows, each in a transaction of its own, within a time budget.

        Each claim commits on its own (the lease is visible to every worker),
        then the row is processed and its outcome recorded in its own
        transaction: a finished row stays finished whatever happens to the next,
        and a worker killed mid-row leaves that one row running until its lease
        expires. The run stops claiming when its budget (a share of the cron
        time limit) is spent, or after ``limit`` rows, and reports the rest to
        the cron, which calls again.
        """
        self.env.flush_all()
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        started = engine.run_start(self.env.cr, in_cron)
        budget, row_time, lease = engine.run_budget(engine.cron_time_limit(config))
        deadline = started + row_time
        processed, recent = [], []
        while limit is None or len(processed) < limit:
            if time.monotonic() >= started + budget:
                break
            with self._engine_transaction(read_committed=True) as env:
                claimed = env[self._name]._claim(
                    limit=const.CLAIM_SIZE,
                    lease_seconds=lease,
                    per_channel=const.CLAIM_SIZE,
                    recent_channels=recent,
                    exclude_ids=processed,
                )
                rows = [(log.id, log.channel_id.id, log.attempts) for log in claimed]
            if not rows:
                break
            if in_cron and not processed:
                self._wake_other_lanes()
            for log_id, channel_id, attempts in rows:
                recent = [channel_id] if channel_id in recent else [*recent, channel_id]
                self._process_row(log_id, attempts, deadline)
                processed.append(log_id)
        self.env.invalidate_all()
        remaining = self._count_due()
        if remaining and time.monotonic() >= started + budget:
            # Odoo stops calling a cron whose call did nothing: wake it for the rest.
            self._trigger_processing()
        self.env["ir.cron"]._notify_progress(done=len(processed), remaining=remaining)
        return self.browse(processed)

    @api.model
    def _wake_other_lanes(self):
        """Wake the other processing lanes that no wake-up is due for yet.

        Each lane is a cron job: with several cron workers, they process the
        queue side by side; with one, they run in turn and find it empty.
        """
        current = self.env.context.get("cron_id")
        crons = self.env["ir.cron"].sudo()
        for xmlid in const.PROCESS_CRONS:
            cron = self.env.ref(xmlid, raise_if_not_found=False)
            if cron and cron.active and cron.id != current:
                crons |= cron
        if not crons:
            return
        self.env.cr.execute(
            "SELECT DISTINCT cron_id FROM ir_cron_trigger WHERE cron_id IN %s AND call_at <= %s",
            [tuple(crons.ids), fields.Datetime.now()],
        )
        waiting = {row[0] for row in self.env.cr.fetchall()}
        for cron in crons.filtered(lambda c: c.id not in waiting):
            cron._trigger()

    @api.model
    def _count_due(self):
        """Rows the next claim could take."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT count(*) FROM storefront_sync_log log
              JOIN storefront_channel channel ON channel.id = log.channel_id
             WHERE channel.active
               AND (channel.health_state = 'ok'
                    OR (channel.health_state = 'auth_failed'
                        AND log.direction = 'in'
                        AND log.error_class IS DISTINCT FROM 'auth'))
               AND ((log.state = 'pending'
                     AND (log.next_attempt_at IS NULL OR log.next_attempt_at <= %(now)s))
                    OR (log.state = 'running' AND log.lease_until < %(now)s))
            """,
            {"now": fields.Datetime.now()},
        )
        return self.env.cr.fetchone()[0]

    @contextmanager
    def _engine_transaction(self, read_committed=False):
        """Yield an environment on a transaction of its own, committed at the end.

        Rolled back when the block raises. Inside a test transaction (a cursor
        that refuses to commit), a savepoint of that transaction stands for it.
        A claim runs in READ COMMITTED: ``SKIP LOCKED`` then steps over rows
        another worker claimed meanwhile instead of failing to serialize.
        """
        cr = self.env.cr
        if self.env.registry.test_cr is None and "commit" in vars(cr):
            with cr.savepoint():
                yield self.env
            return
        self.env.flush_all()
        with self.env.registry.cursor() as row_cr:
            if read_committed:
                row_cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            yield self.env(cr=row_cr)

    @api.model
    def _process_row(self, log_id, attempts, deadline):
        """Run the handler of one claimed row and record its outcome, in one transaction.

        The row is not written before the handler runs, so no lock is held on it
        during the storefront calls. A failure rolls back the handler's work and
        is recorded in a fresh transaction; recording never raises.
        """
        started = time.monotonic()
        try:
            with self._engine_transaction() as env:
                log = env[self._name].browse(log_id).with_context(storefront_deadline=deadline)
                record = log._get_handler()._process_log(log)
                if log._owns_claim(attempts):
                    log._record_success(record, started)
        except Exception as exc:  # noqa: BLE001 - every failure is classified and recorded
            self._record_failure_safely(log_id, attempts, exc, started)

    def _owns_claim(self, attempts):
        """Lock the row and tell whether it is still this worker's claim.

        A row whose lease expired while its worker was slow may have been
        reclaimed by another worker: the late outcome is then dropped.
        """
        self.ensure_one()
        self.env.cr.execute(
            "SELECT state, attempts FROM storefront_sync_log WHERE id = %s FOR UPDATE",
            [self.id],
        )
        row = self.env.cr.fetchone()
        if row == ("running", attempts):
            return True
        _logger.warning("Sync log %s was reclaimed by another worker: outcome dropped", self.id)
        return False

    @api.model
    def _record_failure_safely(self, log_id, attempts, exc, started):
        """Record a failure in a transaction of its own; never raise."""
        try:
            with self._engine_transaction() as env:
                log = env[self._name].browse(log_id)
                if log._owns_claim(attempts):
                    log._record_failure(exc, started)
            return
        except Exception:  # the batch goes on whatever happens here
            _logger.exception("Recording the failure of sync log %s failed", log_id)
        try:
            with self._engine_transaction() as env:
                log = env[self._name].browse(log_id)
                if log._owns_claim(attempts):
                    log.write(
                        {
                            "state": "failed",
                            "error_class": "business",
                            "error_message": _(
                                "The outcome could not be recorded (%s): see the server log.",
                                type(exc).__name__,
                            ),
                            "lease_until": False,
                        }
                    )
        except Exception:  # the row stays running until its lease expires
            _logger.exception("Sync log %s left to its lease", log_id)

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
        if self.direction == "in":
            # What the importers write must not be queued back to the storefront.
            return self.env[model].with_context(storefront_import=True)
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
        if self.response_summary:
            values["response_summary"] = engine.clean_text(self.response_summary)
        self.write(values)

    def _record_failure(self, exc, started):
        """Record a failed attempt: retry (and wake the cron then), fail, or die.

        Never fails on the exception's content: Retry-After is clamped to
        [0, the channel's delay cap] (ignored when unparseable), texts lose
        their NUL characters and are capped.
        """
        error_class, message, retry_after = self._classify(exc)
        message = engine.clean_text(message) or type(exc).__name__
        channel = self.channel_id
        values = {
            "error_class": error_class,
            "error_message": message,
            "duration_ms": int((time.monotonic() - started) * 1000),
            "lease_until": False,
        }
        if self.response_summary:
            values["response_summary"] = engine.clean_text(self.response_summary)
        if error_class == "auth":
            # The work waits for fixed credentials: the attempt does not count.
            values.update(state="pending", attempts=max(self.attempts - 1, 0))
            channel._set_auth_failed(message)
        elif error_class == "transient" and self.attempts < channel.max_attempts:
            cap = max(channel.retry_max_delay, 0)
            delay = backoff_delay(self.attempts, max(channel.retry_base_delay, 0), cap)
            retry_after = engine.clamp_retry_after(retry_after, cap)
            if retry_after is not None:
                delay = retry_after
            next_attempt_at = fields.Datetime.now() + timedelta(seconds=delay)
            values.update(state="pending", next_attempt_at=next_attempt_at)
            # Wake the processing cron when the retry is due, not at its next tick.
            cron = self.env.ref("storefront_connector.ir_cron_storefront_process").sudo()
            cron._trigger(at=next_attempt_at)
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
