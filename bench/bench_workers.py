"""Worker scaling: the same burst of orders imported by 1 and by 2 cron workers (prefork).

Odoo runs as real processes (``--workers=2 --max-cron-threads=N``); the burst
is queued and the processing cron woken; the time until every row is done
gives the throughput. Prints ``workers: 2/1 = R (target >= 1.5)`` and checks
that every order was imported exactly once.

    python3 bench/bench_workers.py --database DB --addons-path PATH [--orders N]
"""

import os
import time

from bench_import import orders, setup
from common import open_registry, parse_args
from prefork import PreforkOdoo

TARGET = 1.5


def run(args, registry, channel_id, start, cron_workers):
    from odoo import SUPERUSER_ID, api

    batch = list(orders(start, args.orders))
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        channel = env["storefront.channel"].browse(channel_id)
        for order in batch:
            env["storefront.sync.log"]._enqueue(
                channel, "in", "order.created", order, external_id=order["id"]
            )
    with PreforkOdoo(args, workers=2, cron_workers=cron_workers, limit_time_real_cron=120):
        with registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["storefront.sync.log"]._trigger_processing()
        started = time.monotonic()
        while time.monotonic() - started < 900:
            with registry.cursor() as cr:
                cr.execute(
                    "SELECT count(*) FROM storefront_sync_log WHERE channel_id = %s"
                    " AND state IN ('pending', 'running')",
                    [channel_id],
                )
                if not cr.fetchone()[0]:
                    break
            time.sleep(0.2)
        elapsed = time.monotonic() - started
    refs = [order["order_number"] for order in batch]
    with registry.cursor() as cr:
        cr.execute(
            "SELECT client_order_ref, count(*) FROM sale_order WHERE client_order_ref = ANY(%s)"
            " GROUP BY client_order_ref",
            [refs],
        )
        counts = dict(cr.fetchall())
        cr.execute(
            "SELECT count(*) FROM storefront_sync_log WHERE channel_id = %s AND state != 'done'",
            [channel_id],
        )
        not_done = cr.fetchone()[0]
    once = all(counts.get(ref) == 1 for ref in refs) and not not_done
    return args.orders / elapsed, once


def main():
    args = parse_args(__doc__.splitlines()[0], orders=(int, 60, "orders per burst"))
    registry = open_registry(args)
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        channel = setup(api.Environment(cr, SUPERUSER_ID, {}))[0]
        channel.poll_interval = 0
        channel_id = channel.id
    one, once_1 = run(args, registry, channel_id, 800000, 1)
    two, once_2 = run(args, registry, channel_id, 810000, 2)
    print(f"workers: 1 cron worker {one:.1f} orders/s, 2 cron workers {two:.1f} orders/s")
    print(f"workers: every order imported exactly once: {once_1 and once_2}")
    print(f"workers: 2/1 = {two / one:.2f} (target >= {TARGET})")
    os._exit(0)


if __name__ == "__main__":
    main()
