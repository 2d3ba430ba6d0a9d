"""Catalogue export cost: 100 products repriced one by one among 2,000 published ones,
against the X-Cart simulator.

Times the edits with the catalogue export off and on (the cost of the queueing
hook), then the processing of the queued rows, and counts the API calls of a
first pass (every product changed) and of a second pass with unchanged values
(none expected). Commits, as the processing cron reads committed rows only
(the benchmark database is thrown away).

    python3 bench/bench_catalogue_export.py --database DB --addons-path PATH
"""

import sys
from pathlib import Path

from common import open_registry, parse_args, timed

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sandbox import XCartSandbox

CHANGED = 100


def catalogue(env, channel, size):
    products = env["product.product"].create(
        [{"name": f"P{n}", "default_code": f"SKU-{n}", "list_price": 10.0} for n in range(size)]
    )
    env["storefront.binding"].create(
        [
            {
                "channel_id": channel.id,
                "res_model": "product.product",
                "res_id": product.id,
                "external_id": str(n + 1),
            }
            for n, product in enumerate(products)
        ]
    )
    return products


def reprice(env, products, price):
    """One edit per transaction, as a user saving product forms."""
    for product in products:
        product.product_tmpl_id.write({"list_price": price})
        env.cr.commit()


def drain(env):
    Log = env["storefront.sync.log"]
    while Log._cron_process(limit=50):
        pass


def process(env, sandbox):
    sandbox.clear_requests()
    seconds, _result = timed(lambda: drain(env))
    return seconds, len([r for r in sandbox.requests if r.method == "PUT"])


def main():
    args = parse_args(__doc__.splitlines()[0], size=(int, 2000, "published products"))
    registry = open_registry(args)
    from odoo import SUPERUSER_ID, api

    with XCartSandbox() as sandbox, registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        channel = env["storefront.channel"].create(
            {
                "name": "Bench catalogue",
                "platform": "xcart",
                "base_url": sandbox.url,
                "xcart_token": "rw-token",
                "rate_limit": 0,
            }
        )
        products = catalogue(env, channel, args.size)
        for n in range(1, args.size + 1):
            sandbox.add_product({"id": n, "sku": f"SKU-{n - 1}", "name": f"P{n - 1}", "price": 10})
        changed = products[:: args.size // CHANGED][:CHANGED]
        reprice(env, changed, 10.5)  # warm-up
        off, _result = timed(lambda: reprice(env, changed, 11.0))
        channel.export_catalogue = True
        on, _result = timed(lambda: reprice(env, changed, 12.0))
        first, first_calls = process(env, sandbox)
        reprice(env, changed, 12.0)
        second, second_calls = process(env, sandbox)
    print(f"catalogue export: {CHANGED} edits, export off {off:.2f} s, on {on:.2f} s")
    print(f"catalogue export: hook cost per edit {(on - off) / CHANGED * 1000:.1f} ms")
    print(f"catalogue export: first pass {first:.2f} s, {first_calls} API calls")
    print(f"catalogue export: unchanged pass {second:.2f} s, {second_calls} API calls")


if __name__ == "__main__":
    main()
