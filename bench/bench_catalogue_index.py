"""A 10,000 product catalogue indexed page by page, 0.3 s per page, in prefork.

Odoo runs as in production: ``--workers=2 --max-cron-threads=1
--limit-time-real-cron=60``. The store (an X-Cart sandbox on 127.0.0.1) lists
10,000 products, 100 per page, each page answered after 0.3 s; Odoo has 8,000
of their SKUs. The script starts the index and waits for it. Prints the wall
time, the store's API calls, the pages read more than once and the restarts
from page 1. Target: the index complete, 0 restarts from page 1.

    python3 bench/bench_catalogue_index.py --database DB --addons-path PATH
"""

import os
import sys
import time

from common import open_registry, parse_args
from prefork import PreforkOdoo

FIRST_ID = 100000
LATENCY = 0.3
PAGE_SIZE = 100
TIMEOUT = 900


def setup(env, store_url, products, known):
    warehouse = env["stock.warehouse"].search([], limit=1)
    channel = env["storefront.channel"].create(
        {
            "name": "Large catalogue",
            "platform": "xcart",
            "base_url": store_url,
            "xcart_token": "rw-token",
            "rate_limit": 0,
            "poll_interval": 0,
            "warehouse_ids": [(6, 0, warehouse.ids)],
        }
    )
    env["product.product"].create(
        [
            {"name": f"Bench {n}", "default_code": f"BIG-{n}", "type": "consu"}
            for n in range(FIRST_ID, FIRST_ID + known)
        ]
    )
    return channel


def page_counts(store):
    counts = {}
    for request in list(store.requests):
        if request.method == "GET" and request.path == "/api/products":
            page = int(request.query.get("page") or 1)
            counts[page] = counts.get(page, 0) + 1
    return counts


def run_state(registry, channel_id):
    with registry.cursor() as cr:
        cr.execute(
            "SELECT state, next_page, entries FROM storefront_catalogue_index"
            " WHERE channel_id = %s ORDER BY id DESC LIMIT 1",
            [channel_id],
        )
        return cr.fetchone()


def main():
    args = parse_args(
        __doc__.splitlines()[0],
        products=(int, 10000, "store products"),
        known=(int, 8000, "of them with an Odoo product"),
    )
    registry = open_registry(args)
    from odoo import SUPERUSER_ID, api
    from odoo.addons.storefront_connector.sandbox import XCartSandbox

    store = XCartSandbox().start()
    for n in range(FIRST_ID, FIRST_ID + args.products):
        store.add_product({"id": n, "sku": f"BIG-{n}", "name": f"Big {n}", "amount": 5})
    store.inject("slow", count=10**6, method="GET", path="/api/products", delay=LATENCY)
    with registry.cursor() as cr:
        channel_id = setup(
            api.Environment(cr, SUPERUSER_ID, {}), store.url, args.products, args.known
        ).id
    server = PreforkOdoo(args, workers=2, cron_workers=1, limit_time_real_cron=60).start()
    state = None
    try:
        started = time.monotonic()
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["storefront.channel"].browse(channel_id).action_index_catalogue()
        while time.monotonic() - started < TIMEOUT:
            state = run_state(registry, channel_id)
            if state and state[0] != "running":
                break
            time.sleep(0.5)
        wall = time.monotonic() - started
        with registry.cursor() as cr:
            cr.execute(
                "SELECT state, count(*) FROM storefront_catalogue_match"
                " WHERE channel_id = %s GROUP BY state",
                [channel_id],
            )
            states = dict(cr.fetchall())
            cr.execute(
                "SELECT count(*) FROM storefront_binding WHERE channel_id = %s", [channel_id]
            )
            bound = cr.fetchone()[0]
    finally:
        server.stop()
        store.stop()
    counts = page_counts(store)
    pages = -(-args.products // PAGE_SIZE)
    restarts = max(counts.get(1, 0) - 1, 0)
    again = sorted(page for page, count in counts.items() if count > 1)
    complete = (
        state is not None
        and state[0] == "done"
        and state[2] == args.products
        and sum(states.values()) == args.products
        # every page read (and the empty one after a last full page)
        and set(range(1, pages + 1)) <= set(counts) <= set(range(1, pages + 2))
    )
    print(f"catalogue: {args.products} products, {pages} pages of {PAGE_SIZE}, {LATENCY} s a page")
    print(f"catalogue: wall time {wall:.1f} s ({wall / pages:.2f} s a page)")
    print(f"catalogue: API calls {len(store.requests)}; pages read more than once {again or 0}")
    print(f"catalogue: restarts from page 1: {restarts} (target 0)")
    print(f"catalogue: index {state}; matches {states}; bindings {bound}")
    print(f"catalogue: server log {server.logfile}")
    ok = complete and restarts == 0
    print(f"catalogue: {'OK' if ok else 'NOT MET'}")
    sys.stdout.flush()
    os._exit(0 if ok else 1)


if __name__ == "__main__":
    main()
