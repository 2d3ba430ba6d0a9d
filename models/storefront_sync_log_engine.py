import logging
import time
from contextlib import contextmanager

from odoo import _, api, fields, models
from odoo.tools import config

from .. import const
from ..tools import engine

_logger = logging.getLogger(__name__)


class StorefrontSyncLog(models.Model):
    """The engine: committed claims, then a transaction per row within a time budget."""

    _inherit = "storefront.sync.log"  # pylint: disable=consider-merging-classes-inherited

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
        whose lease expired (their worker died): reclaiming one counts an attempt
        and a lost lease; at the attempt limit such a row is left to
        ``_bury_poison_rows``.
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
                           -- A CASE, not an OR of states: the planner then walks the
                           -- channel's claim index in order instead of sorting every
                           -- pending row it finds through the state index.
                           AND CASE row.state
                               WHEN 'pending' THEN row.next_attempt_at IS NULL
                                                   OR row.next_attempt_at <= %(now)s
                               ELSE row.attempts < channel.max_attempts
                                    AND (row.lease_until IS NULL OR row.lease_until < %(now)s)
                               END
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
               SET attempts = log.attempts + 1,
                   lost_leases = COALESCE(log.lost_leases, 0) + (log.state = 'running')::int,
                   state = 'running',
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
        expires. The run stops claiming when its budget (a share of the cron's
        real time limit, or of the worker's CPU time limit in prefork) is spent,
        or after ``limit`` rows, and reports the rest to the cron, which calls again.
        """
        self.env.flush_all()
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        started = engine.run_start(self.env.cr, in_cron)
        budget, row_time, lease = engine.run_budget(engine.cron_time_limit(config))
        deadline = started + row_time
        cpu_started = engine.cpu_start(in_cron)
        cpu_budget = engine.cpu_budget(config)

        def spent():
            return time.monotonic() >= started + budget or (
                cpu_budget is not None and time.process_time() >= cpu_started + cpu_budget
            )

        self._bury_poison_rows()
        processed, recent = [], []
        while limit is None or len(processed) < limit:
            if spent():
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
                # Committed at once: the other cron workers see these wake-ups
                # (and get their NOTIFY) now, not when this call ends.
                with self._engine_transaction(read_committed=True) as env:
                    env[self._name]._wake_other_lanes()
            for log_id, channel_id, attempts in rows:
                recent = [channel_id] if channel_id in recent else [*recent, channel_id]
                self._process_row(log_id, attempts, deadline)
                processed.append(log_id)
        self.env.invalidate_all()
        # Counted in a fresh snapshot: the cron job's own transaction started
        # before the rows above were processed and committed.
        with self._engine_transaction(read_committed=True) as env:
            remaining = env[self._name]._count_due()
        if remaining and spent():
            # Odoo stops calling a cron whose call did nothing: wake it for the rest.
            self._wake()
        self.env["ir.cron"]._notify_progress(done=len(processed), remaining=remaining)
        return self.browse(processed)

    @api.model
    def _bury_poison_rows(self):
        """Declare dead the rows whose worker died at each of their attempts.

        A row that exhausts the memory or CPU limit kills its worker before any
        outcome is recorded; its lease expires and it is reclaimed, each time
        counting an attempt. At the channel's attempt limit it is not claimed
        again but dead, and the channel's alerts are evaluated at once.
        """
        with self._engine_transaction(read_committed=True) as env:
            env.cr.execute(
                """
                SELECT log.id FROM storefront_sync_log log
                  JOIN storefront_channel channel ON channel.id = log.channel_id
                 WHERE log.state = 'running' AND log.lease_until < %s
                   AND log.attempts >= channel.max_attempts
                   FOR UPDATE OF log SKIP LOCKED
                """,
                [fields.Datetime.now()],
            )
            poison = env[self._name].browse([row[0] for row in env.cr.fetchall()])
            for log in poison:
                deaths = (log.lost_leases or 0) + 1
                log.write(
                    {
                        "state": "dead",
                        "lost_leases": deaths,
                        "lease_until": False,
                        "error_class": "transient",
                        "error_message": _(
                            "Its worker died %(count)s times while processing it (memory or "
                            "time limit): the row is not tried again until requeued.",
                            count=deaths,
                        ),
                    }
                )
                _logger.warning("Sync log %s dead: its worker died %s times", log.id, deaths)
            channel_ids = poison.channel_id.ids
        if channel_ids:
            with self._engine_transaction() as env:
                env["storefront.channel"].browse(channel_ids).action_evaluate_alerts()

    @api.model
    def _wake_other_lanes(self):
        """Wake the other processing lanes that no wake-up is due for yet.

        Each lane is a cron job: with several cron workers, they process the
        queue side by side; with one, they run in turn and find it empty.
        """
        current = self.env.context.get("cron_id")
        # Crons are the administrators' records: waking the lanes is scheduling.
        crons = self.env["ir.cron"].sudo()
        for xmlid in const.PROCESS_CRONS:
            cron = crons.env.ref(xmlid, raise_if_not_found=False)
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
            # In an HTTP test the registry's test cursor stands for every transaction.
            if read_committed and self.env.registry.test_cr is None:
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
                log = env[self._name]._integration_row(log_id)
                log = log.with_context(storefront_deadline=deadline)
                record = log._get_handler()._process_log(log)
                if log._owns_claim(attempts):
                    log._record_success(record, started)
        except Exception as exc:  # noqa: BLE001 - every failure is classified and recorded
            self._record_failure_safely(log_id, attempts, exc, started)

    @api.model
    def _integration_row(self, log_id):
        """The row as the Storefront Integration user, in its channel's company.

        Its handler then writes with that user's rights and record rules only.
        """
        log = engine.as_integration(self.browse(log_id))
        return log.with_company(log.channel_id.company_id)

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
                log = env[self._name]._integration_row(log_id)
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
