"""A real prefork Odoo with a CPU limit per wake-up, through the test launcher
(``prefork_faults.py``, which adds the test-only ``test.burn`` handler)."""

import importlib.util
import os
import time
from pathlib import Path
from types import SimpleNamespace

from odoo.tests import get_db_name
from odoo.tools import config

from .engine_common import CommittedCase

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
            Log._wake()
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
