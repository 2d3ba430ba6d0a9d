"""Run Odoo in prefork mode (real worker processes) for the benchmarks.

Without its HTTP side (``--no-http``): the benchmarks drive Odoo through the
database, and the prefork server's websocket (gevent) worker, which needs
packages this machine lacks, would otherwise die at once and be respawned
several times a second, eating the CPU that Odoo's niced cron workers need.
"""

import itertools
import os
import signal
import subprocess
import sys
import time

_runs = itertools.count(1)


class PreforkOdoo:
    """``python3 -m odoo --workers=N --max-cron-threads=C --no-http`` on the benchmark database."""

    def __init__(self, args, workers=2, cron_workers=1, limit_time_real_cron=None, logfile=None):
        self.args = args
        self.workers = workers
        self.cron_workers = cron_workers
        self.limit_time_real_cron = limit_time_real_cron
        self.logfile = logfile or f"/tmp/storefront_prefork_{os.getpid()}_{next(_runs)}.log"
        self.process = None

    def command(self):
        command = [
            sys.executable,
            "-m",
            "odoo",
            "--addons-path",
            self.args.addons_path,
            "-d",
            self.args.database,
            "--db-filter",
            f"^{self.args.database}$",
            f"--workers={self.workers}",
            f"--max-cron-threads={self.cron_workers}",
            "--no-http",
            "--log-level=info",
            f"--logfile={self.logfile}",
        ]
        if self.limit_time_real_cron is not None:
            command.append(f"--limit-time-real-cron={self.limit_time_real_cron}")
        for name in ("PGHOST", "PGUSER", "PGPORT"):
            if os.environ.get(name):
                command.append(f"--db_{name[2:].lower()}={os.environ[name]}")
        return command

    def start(self):
        self.process = subprocess.Popen(self.command(), start_new_session=True, cwd="/")
        for _try in range(240):
            if self.cron_workers_alive() >= self.cron_workers:
                break
            if self.process.poll() is not None:
                raise RuntimeError(f"Odoo exited, see {self.logfile}")
            time.sleep(0.5)
        else:
            self.stop()
            raise RuntimeError(f"Odoo did not start, see {self.logfile}")
        time.sleep(2)  # the cron workers LISTEN for wake-ups once spawned
        return self

    def cron_workers_alive(self):
        try:
            with open(self.logfile, encoding="utf-8", errors="replace") as log:
                return sum("Worker WorkerCron (" in line and "alive" in line for line in log)
        except FileNotFoundError:
            return 0

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
