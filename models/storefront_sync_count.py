"""Counters of the sync log, kept by PostgreSQL triggers, for the dashboard and the metrics.

Reading a year of rows to draw a card would make the dashboard as slow as the log
is long. The log's triggers add, for every statement that inserts, updates or
deletes rows, what it changed to two kinds of counters:

* ``state``: rows now in the log per channel, direction, event type and state,
  with the last time a row of that flow was done;
* ``time``: rows per channel, direction and hour of creation, how many of them
  are finished and failed, and the histogram of their durations.

Counters are deltas, inserted and never updated by the workers, so concurrent
transactions never wait on one another nor fail to serialize; the compaction
cron adds them up, and folds the hours older than two days into days, and the
days older than eight into one bucket, so their number does not grow with the
log. Between compactions, the readers add up the deltas.
"""

from odoo import api, fields, models
from odoo.tools import SQL

from .. import const

FINISHED = ("done", "failed", "dead")
ERRORS = ("failed", "dead")
HOURLY = "48 hours"
DAILY = "8 days"
EPOCH = "1970-01-01"
TRIGGERS = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}
SOURCES = {
    "INSERT": "SELECT 1 AS sign, * FROM new_rows",
    "UPDATE": "SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1, * FROM new_rows",
    "DELETE": "SELECT -1 AS sign, * FROM old_rows",
    "REBUILD": "SELECT 1 AS sign, * FROM storefront_sync_log",
}


def bucket_column(bound):
    return f"le_{bound}"


VALUE_COLUMNS = (
    "rows",
    "finished",
    "errors",
    "duration_count",
    "duration_sum",
    *(bucket_column(bound) for bound in const.DURATION_BUCKETS_MS),
)


def _delta_sql(source):
    """The INSERT of the deltas of the signed rows of ``source`` (one per changed key)."""
    durations = ", ".join(
        f"sum(CASE WHEN duration_ms <= {bound} THEN sign ELSE 0 END)"
        for bound in const.DURATION_BUCKETS_MS
    )
    columns = ", ".join(VALUE_COLUMNS)
    zeros = ", ".join("0" for _column in VALUE_COLUMNS)
    # A state row counts rows only: its other values are zeros.
    rest = ", ".join("0" for _column in VALUE_COLUMNS[1:])
    finished = ", ".join(f"'{state}'" for state in FINISHED)
    errors = ", ".join(f"'{state}'" for state in ERRORS)
    return f"""
        WITH known AS ({source})
        INSERT INTO storefront_sync_count
               (kind, channel_id, direction, event_type, state, bucket, {columns}, last_done)
        SELECT 'state', channel_id, direction, event_type, state, NULL,
               sum(sign), {rest},
               max(date_done) FILTER (WHERE sign > 0 AND state = 'done')
          FROM known
         GROUP BY channel_id, direction, event_type, state
        HAVING sum(sign) <> 0
        UNION ALL
        SELECT 'time', channel_id, direction, NULL, NULL, date_trunc('hour', create_date),
               sum(sign),
               sum(CASE WHEN state IN ({finished}) THEN sign ELSE 0 END),
               sum(CASE WHEN state IN ({errors}) THEN sign ELSE 0 END),
               sum(CASE WHEN duration_ms IS NOT NULL THEN sign ELSE 0 END),
               coalesce(sum(sign * duration_ms), 0),
               {durations},
               NULL
          FROM known
         GROUP BY channel_id, direction, date_trunc('hour', create_date)
        HAVING (sum(sign),
                sum(CASE WHEN state IN ({finished}) THEN sign ELSE 0 END),
                sum(CASE WHEN state IN ({errors}) THEN sign ELSE 0 END),
                sum(CASE WHEN duration_ms IS NOT NULL THEN sign ELSE 0 END),
                coalesce(sum(sign * duration_ms), 0),
                {durations}) <> ({zeros})
    """


def estimate_quantile(quantile, cumulative, total):
    """The ``quantile`` of a histogram, interpolated within its bucket as Prometheus does.

    ``cumulative`` holds the count of values under each of ``DURATION_BUCKETS_MS``;
    ``total`` counts every value. Past the last bound, the last bound is returned.
    """
    if not total:
        return 0.0
    rank = quantile * total
    lower, below = 0, 0
    for bound, count in zip(const.DURATION_BUCKETS_MS, cumulative, strict=True):
        if count >= rank and count > below:
            return lower + (bound - lower) * (rank - below) / (count - below)
        lower, below = bound, count
    return float(lower)


class StorefrontSyncCount(models.Model):
    _name = "storefront.sync.count"
    _description = "Storefront sync log counters"
    _log_access = False

    kind = fields.Selection([("state", "Rows by state"), ("time", "Rows by hour")], required=True)
    # No foreign key: the triggers' inserts must not lock the channel (a worker's
    # outcome would wait on, or fail to serialize with, a write to the channel).
    # The compaction drops the counters of deleted channels.
    channel_id = fields.Integer(required=True, index=True, readonly=True)
    direction = fields.Selection(const.DIRECTIONS, readonly=True)
    event_type = fields.Char(readonly=True)
    state = fields.Selection(const.LOG_STATES, readonly=True)
    bucket = fields.Datetime(readonly=True, help="Hour, day, or 1970 for everything older.")
    rows = fields.Integer(readonly=True)
    finished = fields.Integer(readonly=True)
    errors = fields.Integer(readonly=True)
    duration_count = fields.Integer(string="Rows with a duration", readonly=True)
    duration_sum = fields.Float(string="Total duration (ms)", readonly=True, digits=(16, 0))
    le_50 = fields.Integer(string="Up to 50 ms", readonly=True)
    le_100 = fields.Integer(string="Up to 100 ms", readonly=True)
    le_250 = fields.Integer(string="Up to 250 ms", readonly=True)
    le_500 = fields.Integer(string="Up to 500 ms", readonly=True)
    le_1000 = fields.Integer(string="Up to 1000 ms", readonly=True)
    le_2500 = fields.Integer(string="Up to 2500 ms", readonly=True)
    le_5000 = fields.Integer(string="Up to 5000 ms", readonly=True)
    le_10000 = fields.Integer(string="Up to 10000 ms", readonly=True)
    le_30000 = fields.Integer(string="Up to 30000 ms", readonly=True)
    last_done = fields.Datetime(string="Last done", readonly=True)

    def init(self):
        cr = self.env.cr
        cr.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'storefront_sync_count_insert'")
        existed = bool(cr.fetchone())
        branches = "\n".join(
            f"IF TG_OP = '{operation}' THEN {_delta_sql(SOURCES[operation])}; END IF;"
            for operation in TRIGGERS
        )
        cr.execute(
            SQL(
                f"""
            CREATE OR REPLACE FUNCTION storefront_sync_count_delta() RETURNS trigger
            LANGUAGE plpgsql AS $body$
            BEGIN
                {branches}
                RETURN NULL;
            END
            $body$
            """
            )
        )
        for operation, referencing in TRIGGERS.items():
            name = f"storefront_sync_count_{operation.lower()}"
            cr.execute(
                SQL("DROP TRIGGER IF EXISTS %s ON storefront_sync_log", SQL.identifier(name))
            )
            cr.execute(
                SQL(
                    "CREATE TRIGGER %s AFTER %s ON storefront_sync_log %s FOR EACH STATEMENT "
                    "EXECUTE FUNCTION storefront_sync_count_delta()",
                    SQL.identifier(name),
                    SQL(operation),
                    SQL(referencing),
                )
            )
        if not existed:
            self._rebuild()

    @api.model
    def _rebuild(self):
        """Count the whole log again (the triggers' first day in a database)."""
        self.env.cr.execute("DELETE FROM storefront_sync_count")
        self.env.cr.execute(_delta_sql(SOURCES["REBUILD"]))
        self._compact()

    @api.model
    def _compact(self):
        """Replace the deltas by their sums, older hours folded into days and a bucket."""
        sums = ", ".join(f"sum({column})" for column in VALUE_COLUMNS)
        zeros = ", ".join("0" for _column in VALUE_COLUMNS)
        self.env.cr.execute(
            SQL(
                f"""
                WITH gone AS (DELETE FROM storefront_sync_count RETURNING *),
                now_utc AS (SELECT now() at time zone 'UTC' AS now)
                INSERT INTO storefront_sync_count
                       (kind, channel_id, direction, event_type, state, bucket,
                        {", ".join(VALUE_COLUMNS)}, last_done)
                SELECT kind, channel_id, direction, event_type, state, folded, {sums},
                       max(last_done)
                  FROM gone JOIN storefront_channel channel ON channel.id = gone.channel_id,
                       now_utc,
                       LATERAL (SELECT CASE
                           WHEN bucket IS NULL OR bucket >= now - interval %(hourly)s
                               THEN bucket
                           WHEN bucket >= date_trunc('day', now) - interval %(daily)s
                               THEN date_trunc('day', bucket)
                           ELSE %(epoch)s::timestamp END AS folded) fold
                 GROUP BY kind, channel_id, direction, event_type, state, folded
                HAVING ({sums}) <> ({zeros}) OR max(last_done) IS NOT NULL
                """,
                hourly=HOURLY,
                daily=DAILY,
                epoch=EPOCH,
            )
        )

    @api.model
    def _cron_compact(self):
        """Add up the counters' deltas in a READ COMMITTED transaction of its own: a
        concurrent run then skips the rows this one took instead of failing to serialize."""
        with self.env["storefront.sync.log"]._engine_transaction(read_committed=True) as env:
            env[self._name]._compact()

    @api.model
    def _read(self, kind, keys, channel_ids=None, since=None, columns=("rows",)):
        """``{key tuple: [sum of each column]}`` of the counters of ``kind``."""
        self.env["storefront.sync.log"].flush_model()
        conditions = [SQL("kind = %s", kind)]
        if channel_ids is not None:
            conditions.append(SQL("channel_id = ANY(%s)", list(channel_ids)))
        if since is not None:
            conditions.append(SQL("bucket >= %s", since))
        self.env.cr.execute(
            SQL(
                "SELECT %s, %s FROM storefront_sync_count WHERE %s GROUP BY %s",
                SQL(", ").join(SQL.identifier(key) for key in keys),
                SQL(", ").join(SQL("sum(%s)", SQL.identifier(column)) for column in columns),
                SQL(" AND ").join(conditions),
                SQL(", ").join(SQL.identifier(key) for key in keys),
            )
        )
        return {tuple(row[: len(keys)]): list(row[len(keys) :]) for row in self.env.cr.fetchall()}

    @api.model
    def _last_done(self, channel_ids):
        """``{(channel id, event type): last time a row of that flow was done}``."""
        self.env["storefront.sync.log"].flush_model()
        self.env.cr.execute(
            "SELECT channel_id, event_type, max(last_done) FROM storefront_sync_count "
            "WHERE kind = 'state' AND last_done IS NOT NULL AND channel_id = ANY(%s) "
            "GROUP BY 1, 2",
            [list(channel_ids)],
        )
        return {(channel, event_type): last for channel, event_type, last in self.env.cr.fetchall()}

    @api.model
    def _oldest_open(self, channel_ids):
        """``{channel id: creation of its oldest pending or running row}``.

        A minimum cannot be kept as deltas; two probes of the open rows' index
        per channel read it instead.
        """
        self.env["storefront.sync.log"].flush_model()
        self.env.cr.execute(
            """
            SELECT channel.id, least(
                   (SELECT min(create_date) FROM storefront_sync_log
                     WHERE channel_id = channel.id AND state = 'pending'),
                   (SELECT min(create_date) FROM storefront_sync_log
                     WHERE channel_id = channel.id AND state = 'running'))
              FROM unnest(%s::int[]) AS channel(id)
            """,
            [list(channel_ids)],
        )
        return {channel_id: oldest for channel_id, oldest in self.env.cr.fetchall() if oldest}
