"""Run Odoo in prefork mode (real worker processes) for the benchmarks."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

# A script, not ``-m odoo``: the prefork server re-runs it for its gevent worker.
LAUNCHER = str(Path(__file__).resolve().parent / "odoo_server.py")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PreforkOdoo:
    """``odoo-bin --workers=N --max-cron-threads=C`` on the benchmark database."""

    def __init__(self, args, workers=2, cron_workers=1, limit_time_real_cron=None, logfile=None):
        self.args = args
        self.workers = workers
        self.cron_workers = cron_workers
        self.limit_time_real_cron = limit_time_real_cron
        self.logfile = logfile or f"/tmp/storefront_prefork_{os.getpid()}.log"
        self.port = free_port()
        self.process = None

    def command(self):
        command = [
            sys.executable,
            LAUNCHER,
            "--addons-path",
            self.args.addons_path,
            "-d",
            self.args.database,
            "--db-filter",
            f"^{self.args.database}$",
            f"--workers={self.workers}",
            f"--max-cron-threads={self.cron_workers}",
            f"--http-port={self.port}",
            f"--gevent-port={free_port()}",
            "--http-interface=127.0.0.1",
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
        url = f"http://127.0.0.1:{self.port}/web/health"
        for _try in range(120):
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            self.stop()
            raise RuntimeError(f"Odoo did not start, see {self.logfile}")
        time.sleep(2)  # the cron workers LISTEN for wake-ups once spawned
        return self

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
