"""The engine under the prefork server's real limits: CPU time and dead workers.

A launcher adds one test-only handler (``test.burn``, see ``prefork_faults.py``)
to a real prefork Odoo; everything else is the production code.
"""

import importlib.util
import os
import time
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from odoo import fields
from odoo.tests import get_db_name
from odoo.tools import config

from .test_engine_commits import CommittedCase

HERE = Path(__file__).resolve().parent
LAUNCHER = HERE / "prefork_faults.py"
_spec = importlib.util.spec_from_file_location(
    "storefront_bench_prefork", HERE.parent / "bench" / "prefork.py"
)
prefork = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(prefork)


class FaultyPrefork(prefork.PreforkOdoo):
    """Prefork Odoo through the launcher, with a CPU limit per wake-up."""

    def __init__(self, args, limit_time_cpu, cron_workers=1, **options):
        super().__init__(args, workers=1, cron_workers=cron_workers, **options)
        self.limit_time_cpu = limit_time_cpu

    def command(self):
        command = super().command()
        assert command[1:3] == ["-m", "odoo"]
        return [command[0], str(LAUNCHER), *command[3:], f"--limit-time-cpu={self.limit_time_cpu}"]

    def cpu_kills(self):
        with open(self.logfile, encoding="utf-8", errors="replace") as log:
            return sum("CPU time limit (" in line for line in log)


class PreforkCase(CommittedCase):
    products = 0

    def start_odoo(self, limit_time_cpu, cron_workers=1):
        for name in ("host", "user"):
            if config.get(f"db_{name}") and not os.environ.get(f"PG{name.upper()}"):
                os.environ[f"PG{name.upper()}"] = config[f"db_{name}"]
        args = SimpleNamespace(addons_path=config["addons_path"], database=get_db_name())
        server = FaultyPrefork(
            args, limit_time_cpu, cron_workers, limit_time_real_cron=120, log_level="info"
        )
        server.start()
        self.addCleanup(server.stop)
        return server

    def queue_burns(self, *cpu_seconds):
        with self.registry.cursor() as cr:
            env = self.env_of(cr)
            channel = env["storefront.channel"].browse(self.channel_id)
            Log = env["storefront.sync.log"]
            ids = [
                Log._enqueue(channel, "in", "test.burn", {"n": n, "cpu": cpu})[0].id
                for n, cpu in enumerate(cpu_seconds)
            ]
            Log._trigger_processing()
            return ids

    def states(self, ids):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT id, state, attempts, lost_leases, error_message"
                " FROM storefront_sync_log WHERE id = ANY(%s) ORDER BY id",
                [ids],
            )
            return cr.fetchall()

    def wait(self, condition, timeout, step=0.5):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(step)
        return condition()


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
                self.env_of(cr)["storefront.sync.log"]._trigger_processing()
        dead = self.wait(lambda: self.states([poison])[0][1] == "dead", timeout=120)
        self.assertTrue(dead, self.states([poison]))
        _id, state, attempts, deaths, message = self.states([poison])[0]
        self.assertEqual((state, attempts, deaths), ("dead", 2, 2))
        self.assertIn("worker died 2 times", message)
        self.assertEqual(server.cpu_kills(), 2, "not claimed after its last attempt")
        with self.registry.cursor() as cr:
            alerts = self.env_of(cr)["storefront.alert"].search(
                [("channel_id", "=", self.channel_id), ("rule", "=", "dead_letters")]
            )
            self.assertEqual(alerts.mapped("state"), ["open"])
