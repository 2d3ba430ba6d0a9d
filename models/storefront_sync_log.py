import hashlib
import json
import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .. import const
from ..connectors import errors
from ..tools import engine

_logger = logging.getLogger(__name__)

USER_GROUP = "storefront_connector.group_storefront_user"
INTEGRATION_GROUP = "storefront_connector.group_storefront_integration"
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


# The partial and covering indexes the ORM cannot declare.
INDEXES = (
    # Serves the claim query: due pending rows and expired leases, oldest first.
    """CREATE INDEX IF NOT EXISTS storefront_sync_log_claim_idx
           ON storefront_sync_log (next_attempt_at, id)
           WHERE state IN ('pending', 'running')""",
    # Serves the fair claim: each channel's due rows, oldest first.
    """CREATE INDEX IF NOT EXISTS storefront_sync_log_channel_claim_idx
           ON storefront_sync_log (channel_id, next_attempt_at NULLS FIRST, id)
           WHERE state IN ('pending', 'running')""",
    # Serve the dashboard and the metrics without reading the table: the last
    # webhook of each channel; the rows that need attention (scattered among
    # the done ones). The rest comes from storefront.sync.count.
    """CREATE INDEX IF NOT EXISTS storefront_sync_log_webhook_idx
           ON storefront_sync_log (channel_id, create_date)
           WHERE direction = 'in' AND delivery_id IS NOT NULL""",
    """CREATE INDEX IF NOT EXISTS storefront_sync_log_open_idx
           ON storefront_sync_log (channel_id, state, create_date)
           WHERE state IN ('pending', 'running', 'failed', 'dead')""",
    """CREATE INDEX IF NOT EXISTS storefront_sync_log_record_idx
           ON storefront_sync_log (res_model, res_id)
           WHERE res_id IS NOT NULL""",
    # Serves the sync status filters of orders and pickings: their outbound rows by
    # state, without the inbound ones (most of the log).
    """CREATE INDEX IF NOT EXISTS storefront_sync_log_out_state_idx
           ON storefront_sync_log (res_model, state, res_id)
           WHERE direction = 'out' AND res_id IS NOT NULL""",
)


def canonical_json(payload):
    """The payload as compact JSON with sorted keys: what jsonb stores of it anyway."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)


def payload_hash(payload, canonical=None):
    """Stable hash of a JSON-able payload (key order does not matter)."""
    canonical = canonical or canonical_json(payload)
    return hashlib.sha256(canonical.encode()).hexdigest()


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
    lost_leases = fields.Integer(
        string="Worker deaths",
        readonly=True,
        help="Times the worker processing this row died (memory or time limit) before "
        "recording an outcome: each counts as an attempt.",
    )
    next_attempt_at = fields.Datetime(readonly=True)
    lease_until = fields.Datetime(readonly=True)
    error_class = fields.Selection(const.ERROR_CLASSES, readonly=True)
    error_message = fields.Text(readonly=True)
    # The message as source text and values (connectors.errors.dump), so each reader
    # sees it in their own language; error_message keeps the English text.
    error_template = fields.Json(readonly=True, copy=False)
    error_text = fields.Text(string="Error", compute="_compute_error_text")
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
        """Create the indexes of ``INDEXES`` (on install and on every update)."""
        for statement in INDEXES:
            self.env.cr.execute(statement)

    @api.depends("event_type", "external_id")
    def _compute_display_name(self):
        for log in self:
            log.display_name = " ".join(filter(None, [log.event_type, log.external_id]))

    @api.depends("error_message", "error_template")
    @api.depends_context("lang")
    def _compute_error_text(self):
        for log in self:
            log.error_text = log.error_message
            if log.error_template and log.error_message:
                message = errors.load(log.error_template)
                # A template is only shown for the message it was written with.
                if engine.clean_text(errors.render(message)) == log.error_message:
                    log.error_text = engine.clean_text(errors.render(message, log.env.lang))

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
        wake=False,
    ):
        """Store one unit of work with a single INSERT, deduplicated per channel.

        The dedup key is the sender's delivery id when there is one, else the
        event and the payload hash. Returns ``(log, created)``; an existing row
        with the same key is returned with ``created=False``. ``wake`` wakes the
        processing cron for a new row: the same statement tells whether a
        wake-up is due already, so a burst of deliveries costs one query each.
        """
        text = canonical_json(payload)
        digest = payload_hash(payload, text)
        if not dedup_key:
            dedup_key = f"delivery:{delivery_id}" if delivery_id else f"{event_type}:{digest}"
        insert = """
            INSERT INTO storefront_sync_log (
                channel_id, company_id, direction, event_type, external_id, delivery_id,
                dedup_key, payload, payload_hash, state, attempts, next_attempt_at,
                res_model, res_id, create_uid, write_uid, create_date, write_date
            )
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 'pending', 0, %s, %s, %s,
                    %s, %s, now() at time zone 'UTC', now() at time zone 'UTC')
            ON CONFLICT (channel_id, dedup_key) DO NOTHING
            RETURNING id
        """
        params = (
            channel.id,
            channel.company_id.id,
            direction,
            event_type,
            (external_id and str(external_id)) or None,
            delivery_id,
            dedup_key,
            text,
            digest,
            next_attempt_at,
            record._name if record else None,
            record.id if record else None,
            self.env.uid,
            self.env.uid,
        )
        query = SQL(insert, *params)
        if wake:
            cron = self._process_cron()
            self.env["ir.cron.trigger"].sudo().flush_model()
            query = SQL(
                """
                WITH new AS (%s)
                SELECT id, EXISTS (SELECT 1 FROM ir_cron_trigger
                                    WHERE cron_id = %s AND call_at <= %s)
                  FROM new
                """,
                query,
                cron.id,
                fields.Datetime.now(),
            )
        self.env.cr.execute(query)
        row = self.env.cr.fetchone()
        if row:
            # A due wake-up makes the cron workers claim this row too: unless this
            # very run consumes it (see _wake).
            if wake and not (row[1] and self.env.context.get("cron_id") != cron.id):
                self._wake()
            return self.browse(row[0]), True
        self.env.cr.execute(
            "SELECT id FROM storefront_sync_log WHERE channel_id = %s AND dedup_key = %s",
            (channel.id, dedup_key),
        )
        return self.browse(self.env.cr.fetchone()[0]), False

    @api.model
    def _enqueue_out(self, channel, event, rows):
        """Queue outbound work and wake the processing cron: the one way out.

        ``rows`` are dicts with a ``payload`` and, optionally, the ``record``
        the row is about, its ``external_id`` and a ``dedup_key``. Hooks of any
        user call it: the queue is written with sudo. Returns the new rows.
        """
        Log = self.sudo()
        created = Log
        for row in rows:
            log, new = Log._enqueue(
                channel,
                "out",
                event,
                row["payload"],
                external_id=row.get("external_id"),
                dedup_key=row.get("dedup_key"),
                record=row.get("record"),
            )
            if new:
                created |= log
        if created:
            Log._wake()
        return created

    @api.model
    def _wake(self, at=None):
        """Wake the processing cron: at ``at`` (a retry's due time), else now.

        The one way to wake it. A wake-up for now is skipped when one is due
        already and not being consumed by this very run: it makes the cron
        workers claim every pending row anyway, and each trigger costs a NOTIFY
        on a connection of its own. At worst a row stored while a run ends waits
        for the cron's next scheduled call (every minute).
        """
        cron = self._process_cron()
        if at is None and self.env.context.get("cron_id") != cron.id:
            self.env["ir.cron.trigger"].sudo().flush_model()
            self.env.cr.execute(
                "SELECT 1 FROM ir_cron_trigger WHERE cron_id = %s AND call_at <= %s LIMIT 1",
                (cron.id, fields.Datetime.now()),
            )
            if self.env.cr.fetchone():
                return
        cron._trigger(at=at)

    @api.model
    def _process_cron(self):
        """The processing cron (sudo), by its cached xmlid: env.ref would query its existence."""
        cron_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "storefront_connector.ir_cron_storefront_process"
        )
        return self.env["ir.cron"].sudo().browse(cron_id)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def write(self, vals):
        """Refuse, outside the engine, any change to what a row carries.

        Access rights let only managers write rows at all; this also keeps
        them from the content: the engine (the Storefront Integration user the
        crons run as) records what it finds with its own authority.
        """
        if not (self.env.su or self.env.user.has_group(INTEGRATION_GROUP)):
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
                "lost_leases": 0,
                "next_attempt_at": False,
                "lease_until": False,
            }
        )
        if logs:
            self._wake()
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
