"""Start real Odoo servers (threaded or prefork) on the benchmark database.

The prefork benchmarks that drive Odoo only through the database run it without
its HTTP side (``--no-http``): the prefork server's websocket (gevent) worker,
which needs packages this machine lacks, would otherwise die at once and be
respawned several times a second, eating the CPU that the niced cron workers need.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OdooServer:
    """``python3 -m odoo`` on the benchmark database, on a free loopback port.

    ``workers=0`` runs the threaded server (HTTP and cron threads in one
    process), ``workers>0`` the prefork server (worker processes, as in
    production). ``http=False`` serves no HTTP: the server is ready once its cron
    workers are alive. PostgreSQL is reached through the PG* variables.
    """

    def __init__(
        self,
        args,
        workers=0,
        cron_workers=0,
        limit_time_real_cron=None,
        logfile=None,
        log_level="info",
        http=True,
    ):
        self.args = args
        self.workers = workers
        self.cron_workers = cron_workers
        self.limit_time_real_cron = limit_time_real_cron
        self.log_level = log_level
        self.http = http
        self.port = free_port()
        self.logfile = logfile or f"/tmp/storefront_odoo_{os.getpid()}_{self.port}.log"
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

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
            f"--log-level={self.log_level}",
            f"--logfile={self.logfile}",
        ]
        if self.http:
            command += [
                f"--http-port={self.port}",
                f"--gevent-port={free_port()}",
                "--http-interface=127.0.0.1",
            ]
        else:
            command.append("--no-http")
        if self.limit_time_real_cron is not None:
            command.append(f"--limit-time-real-cron={self.limit_time_real_cron}")
        for name in ("PGHOST", "PGUSER", "PGPORT"):
            if os.environ.get(name):
                command.append(f"--db_{name[2:].lower()}={os.environ[name]}")
        return command

    def start(self, timeout=120):
        """Start the server and return once it is ready for a burst."""
        self.process = subprocess.Popen(self.command(), start_new_session=True, cwd="/")
        deadline = time.monotonic() + timeout
        while not self._ready():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"Odoo did not start, see {self.logfile}")
            time.sleep(0.5)
        if self.http:
            # Odoo maps the static folders on the first request whose path has four
            # segments, parsing every manifest with ast.literal_eval. CPython 3.11's
            # ast is not thread-safe (python/cpython#106905): concurrent first
            # requests of a threaded server can fail with "SystemError: AST
            # constructor recursion depth mismatch". One request alone builds the map.
            self._get("/web/static/img/favicon.ico")
        time.sleep(2)  # the cron workers LISTEN for wake-ups once spawned
        return self

    def _ready(self):
        if self.http:
            return self._get("/web/health")
        return self.cron_workers_alive() >= self.cron_workers

    def _get(self, path):
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as answer:
                return answer.status == 200
        except OSError:
            return False

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


class PreforkOdoo(OdooServer):
    """Odoo in prefork mode without HTTP (2 workers and 1 cron worker by default)."""

    def __init__(self, args, workers=2, cron_workers=1, http=False, **options):
        super().__init__(args, workers=workers, cron_workers=cron_workers, http=http, **options)
