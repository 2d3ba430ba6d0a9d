"""One rate limit per store, shared by every cron worker of every Odoo server."""

import itertools
import logging
import time

from .engine_common import FIRST_ID, CommittedCase
from .prefork_common import PreforkCase

_logger = logging.getLogger(__name__)


class TestSharedRateLimit(PreforkCase):
    products = 40

    def test_two_servers_with_two_cron_workers_each_keep_the_store_rate(self):
        self.xcart.limit_rate(5)
        with self.registry.cursor() as cr:
            channel = self.env_of(cr)["storefront.channel"].browse(self.channel_id)
            channel.write({"rate_limit": 5, "max_attempts": 3, "retry_base_delay": 1})
        servers = [self.start_odoo(limit_time_cpu=60, cron_workers=2) for _n in range(2)]
        ids = self.queue_stock()
        with self.registry.cursor() as cr:
            self.env_of(cr)["storefront.sync.log"]._wake()
        finished = self.wait(
            lambda: {state for _id, state, *_rest in self.states(ids)} <= {"done", "dead"},
            timeout=240,
        )
        rows = self.states(ids)
        calls = list(self.xcart.requests)
        throttled = [r for r in calls if r.status == 429]
        _logger.info(
            f"rate limit: {len(calls)} calls, {len(throttled)} answered 429, "
            f"{sum(r[1] == 'dead' for r in rows)} dead rows of {len(rows)}"
        )
        self.assertTrue(finished, rows)
        self.assertEqual({r[1] for r in rows}, {"done"})
        self.assertLessEqual(len(throttled), 0.02 * len(calls))
        self.assertEqual(len(servers), 2)


class TestRetryAfterHoldsTheChannel(CommittedCase):
    products = 2

    def test_a_429_pauses_every_call_and_spends_no_attempt(self):
        with self.registry.cursor() as cr:
            channel = self.env_of(cr)["storefront.channel"].browse(self.channel_id)
            channel.write({"rate_limit": 50})
        hot = f"/api/products/{FIRST_ID}"
        self.xcart.inject("429", count=4, method="PUT", path=hot, retry_after=1)
        self.queue_stock()
        started = time.monotonic()
        self.process()
        rows = self.rows()
        self.assertEqual(rows[str(FIRST_ID)], ("pending", 0), "waiting spends no attempt")
        self.assertEqual(rows[str(FIRST_ID + 1)], ("done", 1))
        puts = [r for r in self.xcart.requests if r.method == "PUT"]
        # Each Retry-After held the channel's next slot: one call per second.
        gaps = [b.time - a.time for a, b in itertools.pairwise(puts)]
        self.assertTrue(all(gap >= 0.9 for gap in gaps[:4]), gaps)
        self.assertGreaterEqual(time.monotonic() - started, 3.5)
        with self.registry.cursor() as cr:
            log = self.env_of(cr)["storefront.sync.log"].search(
                [("channel_id", "=", self.channel_id), ("external_id", "=", str(FIRST_ID))]
            )
            self.assertTrue(log.next_attempt_at, "retried when the store allows")
            self.assertIn("429", log.error_message)
