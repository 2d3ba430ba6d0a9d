"""Webhook intake throughput against a bare Odoo route, on one real Odoo server.

Starts ``python3 -m odoo`` (threaded, no cron) on a free loopback port against
a database where storefront_connector is installed, then measures, side by side
with one ``requests.Session``:

* signed webhook deliveries (distinct delivery ids, so every one is stored), and
* ``GET /web/health``: Odoo's own lightest route, dispatched through the same
  database-bound request path (registry, cursor, routing) but doing no work.

Prints ``intake: webhook/bare = R (target >= 0.6)`` and the rates; removes the
channel, its rows and the cron wake-ups it created. Exit status 0.

    python3 bench/bench_intake.py --database DB --addons-path PATH [--requests N]
"""

import argparse
import base64
import getpass
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

ADDON_DIR = Path(__file__).resolve().parent.parent
SECRET = "whsec_" + base64.b64encode(os.urandom(32)).decode()
TARGET = 0.6


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--db-host", default=os.environ.get("PGHOST", "127.0.0.1"))
    parser.add_argument("--db-port", default=os.environ.get("PGPORT", "5432"))
    parser.add_argument("--db-user", default=os.environ.get("PGUSER", getpass.getuser()))
    parser.add_argument("--requests", type=int, default=600, help="requests per route")
    parser.add_argument("--rounds", type=int, default=6, help="alternating rounds")
    return parser.parse_args()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo_env(args):
    """Open the database with the ORM of this process (setup and cleanup only)."""
    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(
        [
            "--addons-path",
            args.addons_path,
            "--db_host",
            args.db_host,
            "--db_port",
            str(args.db_port),
            "--db_user",
            args.db_user,
            "--log-level",
            "warn",
        ]
    )
    return Registry(args.database)


def create_channel(registry):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        cron = env.ref("storefront_connector.ir_cron_storefront_process")
        cr.execute("SELECT coalesce(max(id), 0) FROM ir_cron_trigger")
        last_trigger = cr.fetchone()[0]
        channel = env["storefront.channel"].create(
            {
                "name": "Intake benchmark",
                "platform": "xcart",
                "base_url": "http://127.0.0.1:9",
                "webhook_secret": SECRET,
            }
        )
        return channel.id, channel.webhook_token, cron.id, last_trigger


def consume_wakeups(registry, cron_id, last_trigger):
    """Remove the pending wake-ups, as a cron run does, so the next delivery wakes it."""
    with registry.cursor() as cr:
        cr.execute(
            "DELETE FROM ir_cron_trigger WHERE cron_id = %s AND id > %s", (cron_id, last_trigger)
        )


def cleanup(registry, channel_id, cron_id, last_trigger):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["storefront.channel"].browse(channel_id).unlink()  # its rows cascade
        cr.execute(
            "DELETE FROM ir_cron_trigger WHERE cron_id = %s AND id > %s", (cron_id, last_trigger)
        )


def start_server(args, port):
    command = [
        sys.executable,
        "-m",
        "odoo",
        "--addons-path",
        args.addons_path,
        "--db_host",
        args.db_host,
        "--db_port",
        str(args.db_port),
        "--db_user",
        args.db_user,
        "-d",
        args.database,
        "--db-filter",
        f"^{args.database}$",
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(port),
        "--workers",
        "0",
        "--max-cron-threads",
        "0",
        "--log-level",
        "warn",
    ]
    return subprocess.Popen(command, cwd="/tmp", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_ready(session, base, server, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"Odoo exited: {server.stderr.read().decode()[-2000:]}")
        try:
            if session.get(f"{base}/web/health", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass  # still loading the registry
        time.sleep(0.5)
    raise RuntimeError("Odoo did not answer in time")


def signed_headers(body):
    """Standard Webhooks headers of a new delivery (signed with the reference library)."""
    from odoo.addons.storefront_connector.sandbox.webhook import webhook_headers

    return webhook_headers(SECRET, f"msg_{uuid.uuid4().hex}", body)


def run_webhooks(session, url, body, count, before_each=None):
    """Send ``count`` signed deliveries; return the time spent in the requests."""
    elapsed = 0.0
    for _n in range(count):
        if before_each:
            before_each()
        headers = signed_headers(body)
        started = time.perf_counter()
        response = session.post(url, data=body, headers=headers, timeout=30)
        elapsed += time.perf_counter() - started
        if response.status_code != 202:
            raise RuntimeError(f"webhook answered {response.status_code}: {response.text}")
    return elapsed


def run_bare(session, url, count):
    started = time.perf_counter()
    for _n in range(count):
        response = session.get(url, timeout=30)
        if response.status_code != 200:
            raise RuntimeError(f"bare route answered {response.status_code}")
    return time.perf_counter() - started


def main():
    args = parse_args()
    registry = odoo_env(args)
    channel_id, token, cron_id, last_trigger = create_channel(registry)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(args, port)
    body = (ADDON_DIR / "sandbox" / "data" / "xcart55_order.json").read_bytes()
    body = json.dumps(
        {"type": "order.created", "timestamp": "2026-11-20T14:05:42Z", "data": json.loads(body)}
    ).encode()
    try:
        with requests.Session() as session:
            wait_ready(session, base, server)
            webhook_url = f"{base}/storefront/webhook/{token}"
            bare_url = f"{base}/web/health"
            run_webhooks(session, webhook_url, body, 20)  # warm-up
            run_bare(session, bare_url, 20)
            per_round = max(args.requests // args.rounds // 4, 1)
            webhook_time = bare_time = woken_time = 0.0
            for _round in range(args.rounds):
                webhook_time += run_webhooks(session, webhook_url, body, per_round * 4)
                bare_time += run_bare(session, bare_url, per_round * 4)
                woken_time += run_webhooks(
                    session,
                    webhook_url,
                    body,
                    per_round,
                    before_each=lambda: consume_wakeups(registry, cron_id, last_trigger),
                )
        total = per_round * 4 * args.rounds
        webhook_rate = total / webhook_time
        bare_rate = total / bare_time
        woken_rate = per_round * args.rounds / woken_time
        print(f"intake: webhook = {webhook_rate:.0f} req/s ({total} signed deliveries, burst)")
        print(f"intake: bare /web/health = {bare_rate:.0f} req/s ({total} requests)")
        print(f"intake: webhook/bare = {webhook_rate / bare_rate:.2f} (target >= {TARGET})")
        print(
            f"intake: webhook waking the cron each time/bare = {woken_rate / bare_rate:.2f} "
            "(information: an idle store's single delivery)"
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        cleanup(registry, channel_id, cron_id, last_trigger)
    return 0


if __name__ == "__main__":
    sys.exit(main())
