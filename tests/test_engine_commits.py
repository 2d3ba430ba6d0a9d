"""The engine on committed data: real transactions, real workers, a real storefront.

These tests commit in the shared test database and remove what they created.
"""

import subprocess
import sys
import threading
import time
from datetime import timedelta

from odoo import fields
from odoo.tests import get_db_name
from odoo.tools import config

from .common import FakeHandler
from .engine_common import FIRST_ID, WORKER, CommittedCase


class TestCommittedClaims(CommittedCase):
    products = 0

    def test_two_workers_take_disjoint_rows_and_the_claim_is_committed(self):
        ids = self.enqueue_rows("in", "order.created", 12)
        seen_running, calls, lock = [], [], threading.Lock()

        def look_from_elsewhere(log):
            # What another worker sees while this row is being processed.
            with self.registry.cursor() as cr:
                cr.execute(
                    "SELECT state, attempts FROM storefront_sync_log WHERE id = %s", [log.id]
                )
                state = cr.fetchone()
            with lock:
                seen_running.append(state)
                calls.append((threading.current_thread().name, log.id))
            time.sleep(0.05)

        def worker():
            self.process()

        with self.handler(FakeHandler(result=None, side_effect=look_from_elsewhere)):
            threads = [threading.Thread(target=worker, name=f"w{n}") for n in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
        mine = [log_id for _name, log_id in calls if log_id in ids]
        self.assertEqual(sorted(mine), ids, "every row processed exactly once")
        self.assertEqual({name for name, _id in calls}, {"w0", "w1"}, "both workers worked")
        self.assertTrue(all(state == ("running", 1) for state in seen_running), seen_running)
        self.assertEqual(set(self.rows().values()), {("done", 1)})


class TestKilledWorker(CommittedCase):
    def test_worker_killed_mid_row_leaves_one_row_to_its_lease(self):
        first, hanging, last = (str(FIRST_ID + n) for n in range(3))
        self.xcart.inject("slow", method="PUT", path=f"/api/products/{hanging}", delay=15)
        self.queue_stock()
        command = [
            sys.executable,
            str(WORKER),
            "--database",
            get_db_name(),
            "--addons-path",
            config["addons_path"],
            "--limit-time-real-cron",
            "120",
        ]
        if config.get("db_host"):
            command += ["--db-host", config["db_host"]]
        if config.get("db_user"):
            command += ["--db-user", config["db_user"]]
        worker = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _wait in range(600):
                if self.puts(hanging):
                    break
                time.sleep(0.1)
            self.assertTrue(self.puts(hanging), "the worker reached the hanging product")
        finally:
            worker.kill()
            worker.wait(30)
        rows = self.rows()
        self.assertEqual(rows[first], ("done", 1), "a finished row stays finished")
        self.assertEqual(rows[hanging], ("running", 1), "the killed row keeps its lease")
        self.assertEqual(rows[last], ("pending", 0), "rows not started are not held")

        # While the lease runs, no other worker takes the row.
        self.process()
        self.assertEqual(self.rows()[hanging], ("running", 1))
        self.assertEqual(self.rows()[last], ("done", 1))
        # The lease expires: any worker reclaims the row and counts the attempt.
        with self.registry.cursor() as cr:
            cr.execute(
                "UPDATE storefront_sync_log SET lease_until = %s WHERE external_id = %s"
                " AND channel_id = %s",
                [fields.Datetime.now() - timedelta(seconds=1), hanging, self.channel_id],
            )
        self.process()
        self.assertEqual(self.rows()[hanging], ("done", 2))
        self.assertEqual(self.xcart.products[int(hanging)]["amount"], 0)


class TestHangingStore(CommittedCase):
    products = 5

    def test_one_hanging_product_costs_one_row_not_the_run(self):
        hanging = FIRST_ID + 1
        # The PUT hangs longer than the read timeout (Odoo's tests raise it to 10 s).
        self.xcart.inject("503", method="PUT", path=f"/api/products/{hanging}", delay=13)
        self.queue_stock()
        started = time.monotonic()
        self.process()
        elapsed = time.monotonic() - started
        rows = self.rows()
        healthy = [str(FIRST_ID + n) for n in range(5) if FIRST_ID + n != hanging]
        self.assertEqual({rows[ext] for ext in healthy}, {("done", 1)})
        for ext in healthy:
            self.assertEqual(len(self.puts(ext)), 1, "each healthy PUT once")
            self.assertEqual(self.xcart.products[int(ext)]["amount"], 0)
        self.assertEqual(rows[str(hanging)], ("pending", 1), "the slow attempt is counted")
        self.assertEqual(len(self.puts(hanging)), 1, "a timeout is retried by the engine, later")
        self.assertLess(elapsed, 13, "one timeout, not one per client retry")
        with self.registry.cursor() as cr:
            env = self.env_of(cr)
            log = env["storefront.sync.log"].search(
                [("channel_id", "=", self.channel_id), ("external_id", "=", str(hanging))]
            )
            self.assertEqual(log.error_class, "transient")
            cron = env.ref("storefront_connector.ir_cron_storefront_process")
            triggers = env["ir.cron.trigger"].search(
                [("cron_id", "=", cron.id), ("call_at", "=", log.next_attempt_at)]
            )
            self.assertTrue(triggers, "the retry wakes the cron when it is due")
            triggers.unlink()
