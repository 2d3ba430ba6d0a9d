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

import base64
import json
import os
import sys
import time
import uuid
from pathlib import Path

import requests
from common import environment, start
from prefork import OdooServer

ADDON_DIR = Path(__file__).resolve().parent.parent
SECRET = "whsec_" + base64.b64encode(os.urandom(32)).decode()
TARGET = 0.6


def create_channel(registry):
    with environment(registry, tracking_disable=True) as env:
        cron = env.ref("storefront_connector.ir_cron_storefront_process")
        env.cr.execute("SELECT coalesce(max(id), 0) FROM ir_cron_trigger")
        last_trigger = env.cr.fetchone()[0]
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
    with environment(registry) as env:
        env["storefront.channel"].browse(channel_id).unlink()  # its rows cascade
    consume_wakeups(registry, cron_id, last_trigger)


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
    args, registry = start(
        __doc__, requests=(int, 600, "requests per route"), rounds=(int, 6, "alternating rounds")
    )
    channel_id, token, cron_id, last_trigger = create_channel(registry)
    server = OdooServer(args, log_level="warn")
    base = server.url
    body = (ADDON_DIR / "sandbox" / "data" / "xcart55_order.json").read_bytes()
    body = json.dumps(
        {"type": "order.created", "timestamp": "2026-11-20T14:05:42Z", "data": json.loads(body)}
    ).encode()
    try:
        server.start()
        with requests.Session() as session:
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
        server.stop()
        cleanup(registry, channel_id, cron_id, last_trigger)
    return 0


if __name__ == "__main__":
    sys.exit(main())
