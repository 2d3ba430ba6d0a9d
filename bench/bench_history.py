"""History import throughput: the same orders through the history import and the live pipeline.

History: the wizard queues the import, the processing cron reads the store's
listing page by page over HTTP (an X-Cart sandbox on 127.0.0.1) and imports
each shipped, paid order as done business (confirmed, invoiced, paid, no
delivery). Live: the same orders (other ids and customers) stored as
``order.created`` rows and imported by the same cron (confirmed with their
deliveries, invoiced, paid). The two alternate over rounds (each round's
history import reads a month of its own), so a load that comes and goes on
the machine weighs on both alike; a few live orders warm the caches up first.
Prints ``history: history/live = R (target >= 0.9)`` and exits 1 under it.

    python3 bench/bench_history.py --database DB --addons-path PATH [--orders N] [--rounds R]
"""

import calendar
import copy
import sys
from datetime import date, datetime, timedelta

from bench_import import orders, setup
from common import open_registry, parse_args, timed

TARGET = 0.9
SHIPPED = {"id": 3, "code": "S", "name": "Shipped"}


def store_orders(start, count, month=1):
    """The bench's orders, placed from the first of ``month`` 2026 on, and shipped."""
    placed = datetime(2026, month, 1, 8, 0, 0)
    for n, order in enumerate(orders(start, count)):
        moment = placed + timedelta(minutes=10 * n)
        stamp = moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")
        yield dict(
            copy.deepcopy(order), create_date=stamp, update_date=stamp, shipping_status=SHIPPED
        )


def drain(env, channel):
    Log = env["storefront.sync.log"]
    domain = [("channel_id", "=", channel.id), ("state", "in", ("pending", "running"))]
    while Log.search_count(domain):
        # The count's flush may hold a lock: the rows are processed by other transactions.
        env.cr.commit()
        if not Log._cron_process(limit=50):
            stuck = Log.search(domain, limit=3)
            raise AssertionError(
                f"the queue stalled: {stuck.read(['event_type', 'state', 'error_message'])} "
                f"{channel.read(['active', 'health_state'])}"
            )
    env.invalidate_all()
    bad = Log.search_count([("channel_id", "=", channel.id), ("state", "!=", "done")])
    assert not bad, f"{bad} rows did not import"


def run_history(env, channel, month):
    wizard = env["storefront.history.wizard"].create(
        {
            "channel_id": channel.id,
            "entity": "order",
            "date_from": date(2026, month, 1),
            "date_to": date(2026, month, calendar.monthrange(2026, month)[1]),
        }
    )
    wizard.action_import()
    env.cr.commit()
    drain(env, channel)


def run_live(env, channel, batch):
    Log = env["storefront.sync.log"]
    for order in batch:
        Log._enqueue(channel, "in", "order.created", order, external_id=order["id"])
    env.cr.commit()
    drain(env, channel)


def main():
    args = parse_args(
        __doc__.splitlines()[0],
        orders=(int, 1000, "orders per side"),
        rounds=(int, 4, "alternating rounds (one month of history each, 12 at most)"),
    )
    per_round = args.orders // args.rounds
    assert 1 <= args.rounds <= 12 and per_round * 10 < 27 * 24 * 60, "rounds or orders too many"
    registry = open_registry(args)
    from odoo import SUPERUSER_ID, api
    from odoo.addons.storefront_connector.sandbox import XCartSandbox

    store = XCartSandbox(token="bench-token").start()
    history = live = 0.0
    try:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            history_channel = setup(env)[0]
            live_channel = setup(env)[0]
            for channel in (history_channel, live_channel):
                channel.write(
                    {"base_url": store.url, "xcart_token": "bench-token", "rate_limit": 0}
                )
            cr.commit()
            run_live(env, live_channel, list(store_orders(900000, 5)))  # warm-up
            for round_ in range(args.rounds):
                month = round_ + 1
                # Only this round's orders are listed: the earlier ones changed before its month.
                for order in store_orders(700000 + round_ * per_round, per_round, month):
                    store.add_order(order)
                cr.commit()
                history += timed(lambda m=month: run_history(env, history_channel, m))[0]
                batch = list(store_orders(800000 + round_ * per_round, per_round, month))
                live += timed(lambda b=batch: run_live(env, live_channel, b))[0]
            imported = env["sale.order"].search_count(
                [("storefront_channel_id", "=", history_channel.id)]
            )
            count = per_round * args.rounds
            assert imported == count, f"history imported {imported} of {count}"
    finally:
        store.stop()
    ratio = (count / history) / (count / live)
    print(
        f"history: {count / history:.1f} orders/s, live pipeline {count / live:.1f} orders/s "
        f"({args.rounds} alternating rounds of {per_round} orders)"
    )
    print(f"history: history/live = {ratio:.2f} (target >= {TARGET})")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
