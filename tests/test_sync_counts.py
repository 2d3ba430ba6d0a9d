import threading
from datetime import timedelta

from odoo import fields
from odoo.tests import BaseCase

from ..const import DURATION_BUCKETS_MS
from ..models.storefront_sync_count import VALUE_COLUMNS, estimate_quantile
from .common import StorefrontCase
from .engine_common import CommittedCase

LOG_TIME_ROWS = f"""
    SELECT channel_id, direction, date_trunc('hour', create_date),
           count(*),
           count(*) FILTER (WHERE state IN ('done', 'failed', 'dead')),
           count(*) FILTER (WHERE state IN ('failed', 'dead')),
           count(duration_ms),
           coalesce(sum(duration_ms), 0),
           {", ".join(f"count(*) FILTER (WHERE duration_ms <= {b})" for b in DURATION_BUCKETS_MS)}
      FROM storefront_sync_log WHERE channel_id = ANY(%s) GROUP BY 1, 2, 3
"""


class TestSyncCounts(StorefrontCase):
    """The counters the triggers keep equal what the log holds, whatever changes it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Count = cls.env["storefront.sync.count"]
        cls.other = cls.channel.copy({"name": "Other store"})
        cls.channels = cls.channel | cls.other

    def log_states(self):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT channel_id, direction, event_type, state, count(*) FROM storefront_sync_log "
            "WHERE channel_id = ANY(%s) GROUP BY 1, 2, 3, 4",
            [self.channels.ids],
        )
        return {tuple(row[:4]): [row[4]] for row in self.env.cr.fetchall()}

    def log_hours(self):
        self.env.flush_all()
        self.env.cr.execute(LOG_TIME_ROWS, [self.channels.ids])
        return {tuple(row[:3]): list(row[3:]) for row in self.env.cr.fetchall()}

    def counted_states(self):
        keys = ("channel_id", "direction", "event_type", "state")
        counts = self.Count._read("state", keys, self.channels.ids)
        return {key: value for key, value in counts.items() if value != [0]}

    def counted_hours(self):
        keys = ("channel_id", "direction", "bucket")
        counts = self.Count._read("time", keys, self.channels.ids, columns=VALUE_COLUMNS)
        return {
            key: [int(value) for value in values] for key, values in counts.items() if any(values)
        }

    def assert_counts_match_the_log(self):
        self.assertEqual(self.counted_states(), self.log_states())
        self.assertEqual(self.counted_hours(), self.log_hours())

    def fill(self):
        """Rows of two channels and both directions, moved through every state."""
        logs = self.Log
        for index in range(12):
            logs |= self.enqueue(
                event=("order.created", "stock.update", "customer.created")[index % 3],
                payload={"id": index},
                channel=self.channels[index % 2],
                direction=("in", "out")[index % 2],
            )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE storefront_sync_log SET create_date = create_date - interval '3 hours' "
            "WHERE id = ANY(%s)",
            [logs[:4].ids],
        )
        logs.invalidate_recordset()
        for log, (state, duration) in zip(
            logs,
            [("done", 40), ("done", 700), ("failed", 260), ("dead", 31000), ("running", None)]
            + [("done", 90)] * 3,
            strict=False,
        ):
            log.sudo().write(
                {"state": state, "duration_ms": duration, "date_done": fields.Datetime.now()}
            )
        return logs

    def test_counts_follow_inserts_updates_and_deletes(self):
        logs = self.fill()
        self.assert_counts_match_the_log()
        logs[3].action_requeue()
        logs[2].action_cancel()
        logs[5:7].unlink()
        self.assert_counts_match_the_log()
        states = self.counted_states()
        self.assertEqual(states[(self.channel.id, "in", "customer.created", "cancelled")], [1])
        self.assertNotIn((self.other.id, "out", "order.created", "dead"), states)

    def test_compaction_keeps_the_sums_in_fewer_rows(self):
        self.fill()
        before = self.Count.search_count([("channel_id", "in", self.channels.ids)])
        self.Count._cron_compact()
        after = self.Count.search_count([("channel_id", "in", self.channels.ids)])
        self.assertLess(after, before)
        self.assert_counts_match_the_log()

    def test_compaction_folds_old_hours_into_days_and_a_bucket(self):
        logs = self.fill()
        now = fields.Datetime.now()
        ages = {logs[0]: timedelta(days=3), logs[2]: timedelta(days=20)}
        for log, age in ages.items():
            self.env.cr.execute(
                "UPDATE storefront_sync_log SET create_date = %s WHERE id = %s",
                [now - age, log.id],
            )
        self.Count._compact()
        buckets = self.Count.search([("kind", "=", "time"), ("channel_id", "=", self.channel.id)])
        days = buckets.filtered(lambda count: count.bucket < now - timedelta(hours=48))
        self.assertEqual(
            sorted(days.mapped("bucket")),
            [
                fields.Datetime.to_datetime("1970-01-01"),
                (now - timedelta(days=3)).replace(hour=0, minute=0, second=0, microsecond=0),
            ],
        )
        totals = self.Count._read("time", ("channel_id",), self.channels.ids, columns=("rows",))
        self.assertEqual(totals[(self.channel.id,)], [6])
        # A deleted old row is taken off its folded bucket.
        logs[2].unlink()
        self.Count._compact()
        totals = self.Count._read("time", ("channel_id",), self.channels.ids, columns=("rows",))
        self.assertEqual(totals[(self.channel.id,)], [5])

    def test_last_done_stays_after_the_row_is_deleted(self):
        logs = self.fill()
        last = self.Count._last_done(self.channels.ids)[(self.channel.id, "order.created")]
        self.assertEqual(last, logs[0].date_done)
        logs[0].unlink()
        self.Count._compact()
        last_done = self.Count._last_done(self.channels.ids)
        self.assertEqual(last_done[(self.channel.id, "order.created")], last)

    def test_a_deleted_channel_takes_its_counts_along(self):
        self.fill()
        other = self.other.id
        self.other.unlink()
        self.Count._compact()
        self.assertFalse(self.Count.search_count([("channel_id", "=", other)]))

    def test_a_log_without_counters_is_counted_on_upgrade(self):
        self.fill()
        self.env.cr.execute("DROP TRIGGER storefront_sync_count_insert ON storefront_sync_log")
        self.env.cr.execute("DELETE FROM storefront_sync_count")
        self.Count.init()
        self.assert_counts_match_the_log()


class TestQuantileEstimate(BaseCase):
    def test_interpolated_within_the_bucket_like_prometheus(self):
        # 100, 200, 300: the 95th percentile ranks 2.85, within (250, 500].
        cumulative = [0, 1, 2, 3, 3, 3, 3, 3, 3]
        self.assertAlmostEqual(estimate_quantile(0.95, cumulative, 3), 462.5)
        self.assertAlmostEqual(estimate_quantile(0.5, [0, 0, 4, 4, 4, 4, 4, 4, 4], 4), 175.0)

    def test_no_value_and_values_past_the_last_bound(self):
        self.assertEqual(estimate_quantile(0.95, [0] * 9, 0), 0.0)
        self.assertEqual(estimate_quantile(0.95, [0] * 9, 5), 30000.0)


class TestSyncCountsConcurrently(CommittedCase):
    """Workers finishing rows while the compaction cron runs: no one waits or fails."""

    products = 24

    def counts_and_log(self):
        with self.registry.cursor() as cr:
            Count = self.env_of(cr)["storefront.sync.count"]
            counted = Count._read("state", ("state",), [self.channel_id])
            cr.execute(
                "SELECT state, count(*) FROM storefront_sync_log WHERE channel_id = %s GROUP BY 1",
                [self.channel_id],
            )
            logged = {(state,): [count] for state, count in cr.fetchall()}
        return {key: value for key, value in counted.items() if value != [0]}, logged

    def test_finishing_rows_during_compactions(self):
        ids = self.queue_stock()
        errors = []

        def finish(row_ids):
            try:
                for row_id in row_ids:
                    with self.registry.cursor() as cr:
                        log = self.env_of(cr)["storefront.sync.log"].browse(row_id)
                        log.write({"state": "done", "duration_ms": 120})
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)

        def compact():
            try:
                for _round in range(8):
                    with self.registry.cursor() as cr:
                        self.env_of(cr)["storefront.sync.count"]._cron_compact()
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)

        threads = [
            threading.Thread(target=finish, args=(ids[0::2],)),
            threading.Thread(target=finish, args=(ids[1::2],)),
            threading.Thread(target=compact),
            threading.Thread(target=compact),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        self.assertEqual(errors, [])
        counted, logged = self.counts_and_log()
        self.assertEqual(counted, logged)
        self.assertEqual(logged, {("done",): [len(ids)]})
