"""Webhook intake throughput against bare Odoo routes, on one real Odoo server.

Starts ``python3 -m odoo`` (threaded, no cron) on a free loopback port against
a copy of the benchmark database (dropped at the end) where the helper addon
``bench/addons/storefront_bench`` is installed, then measures, side by side
with one ``requests.Session``:

* signed webhook deliveries (distinct delivery ids, so every one is stored);
* ``POST /storefront_bench/insert/<channel>``: a bare route of the same server
  doing one INSERT of the same body into the sync log and its commit, the
  honest floor of a route that stores what it receives;
* ``GET /web/health``: Odoo's own lightest route, touching no database.

Prints ``intake: webhook/insert = R (target >= 0.9)``, exits 1 under it, and
``webhook/bare`` against ``/web/health`` for information.

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
from common import bench_database, open_registry, parse_args
from prefork import OdooServer

ADDON_DIR = Path(__file__).resolve().parent.parent
SECRET = "whsec_" + base64.b64encode(os.urandom(32)).decode()
TARGET = 0.9


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


def run_bare(session, url, count, body=None):
    """GET ``url`` ``count`` times, or POST ``body`` to it; return the time spent."""
    started = time.perf_counter()
    for _n in range(count):
        if body is None:
            response = session.get(url, timeout=30)
        else:
            response = session.post(url, data=body, timeout=30)
        if response.status_code not in (200, 202):
            raise RuntimeError(f"bare route answered {response.status_code}")
    return time.perf_counter() - started


def main():
    args = parse_args(
        __doc__.splitlines()[0],
        requests=(int, 600, "requests per route"),
        rounds=(int, 6, "alternating rounds"),
    )
    body = (ADDON_DIR / "sandbox" / "data" / "xcart55_order.json").read_bytes()
    body = json.dumps(
        {"type": "order.created", "timestamp": "2026-11-20T14:05:42Z", "data": json.loads(body)}
    ).encode()
    with bench_database(args, "intake") as copy:
        registry = open_registry(copy)
        channel_id, token, cron_id, last_trigger = create_channel(registry)
        with OdooServer(copy, log_level="warn") as server, requests.Session() as session:
            webhook_url = f"{server.url}/storefront/webhook/{token}"
            insert_url = f"{server.url}/storefront_bench/insert/{channel_id}"
            bare_url = f"{server.url}/web/health"
            run_webhooks(session, webhook_url, body, 20)  # warm-up
            run_bare(session, insert_url, 20, body)
            run_bare(session, bare_url, 20)
            per_round = max(args.requests // args.rounds // 4, 1)
            webhook_time = insert_time = bare_time = woken_time = 0.0
            for _round in range(args.rounds):
                webhook_time += run_webhooks(session, webhook_url, body, per_round * 4)
                insert_time += run_bare(session, insert_url, per_round * 4, body)
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
    insert_rate = total / insert_time
    bare_rate = total / bare_time
    woken_rate = per_round * args.rounds / woken_time
    print(f"intake: webhook = {webhook_rate:.0f} req/s ({total} signed deliveries, burst)")
    print(f"intake: bare INSERT route = {insert_rate:.0f} req/s ({total} requests)")
    print(f"intake: bare /web/health = {bare_rate:.0f} req/s ({total} requests)")
    ratio = webhook_rate / insert_rate
    print(f"intake: webhook/insert = {ratio:.2f} (target >= {TARGET})")
    print(f"intake: webhook/bare = {webhook_rate / bare_rate:.2f} (information: no database)")
    print(
        f"intake: webhook waking the cron each time/insert = {woken_rate / insert_rate:.2f} "
        "(information: an idle store's single delivery)"
    )
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
