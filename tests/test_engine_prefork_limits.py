"""The engine under the prefork server's real limits: CPU time and dead workers.

A launcher adds one test-only handler (``test.burn``, see ``prefork_faults.py``)
to a real prefork Odoo; everything else is the production code.
"""

import time
from datetime import timedelta

from odoo import fields

from .prefork_common import PreforkCase


class TestPreforkLimits(PreforkCase):
    def test_cpu_heavy_rows_resume_in_the_next_wake_up_instead_of_killing_the_worker(self):
        server = self.start_odoo(limit_time_cpu=6)
        # 7 s of CPU in all, 6 s allowed per wake-up.
        ids = self.queue_burns(*[0.5] * 14)
        done = self.wait(lambda: {r[1] for r in self.states(ids)} == {"done"}, timeout=180)
        rows = self.states(ids)
        self.assertTrue(done, rows)
        self.assertEqual([r[2] for r in rows], [1] * 14, "no row tried twice")
        self.assertEqual(server.cpu_kills(), 0, "the worker never reached its CPU limit")

    def test_row_killing_its_worker_is_dead_at_its_attempt_limit(self):
        with self.registry.cursor() as cr:
            channel = self.env_of(cr)["storefront.channel"].browse(self.channel_id)
            channel.write({"max_attempts": 2, "alert_dead_threshold": 0})
        server = self.start_odoo(limit_time_cpu=2)
        [poison] = self.queue_burns(None)
        for deaths in (1, 2):
            self.assertTrue(
                self.wait(lambda d=deaths: server.cpu_kills() >= d, timeout=150),
                f"the worker died at attempt {deaths}",
            )
            # Its successor listens for wake-ups once spawned.
            self.wait(lambda d=deaths: server.cron_workers_alive() > d, timeout=30)
            time.sleep(2)
            # The lease of the dead worker ends (sooner than its real length).
            with self.registry.cursor() as cr:
                cr.execute(
                    "UPDATE storefront_sync_log SET lease_until = %s WHERE id = %s",
                    [fields.Datetime.now() - timedelta(seconds=1), poison],
                )
                self.env_of(cr)["storefront.sync.log"]._wake()
        dead = self.wait(lambda: self.states([poison])[0][1] == "dead", timeout=120)
        self.assertTrue(dead, self.states([poison]))
        _id, state, attempts, deaths, message = self.states([poison])[0]
        self.assertEqual((state, attempts, deaths), ("dead", 2, 2))
        self.assertIn("worker died 2 times", message)
        self.assertEqual(server.cpu_kills(), 2, "not claimed after its last attempt")

        def alert_states():
            with self.registry.cursor() as cr:
                alerts = self.env_of(cr)["storefront.alert"].search(
                    [("channel_id", "=", self.channel_id), ("rule", "=", "dead_letters")]
                )
                return alerts.mapped("state")

        # the alert is raised in a transaction of its own, just after the row is dead
        self.wait(alert_states, timeout=30)
        self.assertEqual(alert_states(), ["open"])
