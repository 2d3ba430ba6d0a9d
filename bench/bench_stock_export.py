"""Stock export cost against catalogue size: 100 changed products among 1,000 and
among 20,000 published ones, against the X-Cart simulator.

Times the export cron plus the processing of its rows for each catalogue and
counts the API calls. Commits as production does, in a copy of the benchmark
database dropped at the end: the stock changes are committed, the export cron
commits its rows and the engine processes them through its own cursors.
Prints ``stock export: time 20000/1000 = R (target <= 1.5)`` and the calls
per run; exits 1 when the ratio misses its target or the calls are not one per
changed product.

    python3 bench/bench_stock_export.py --database DB --addons-path PATH
"""

import sys
from pathlib import Path

from common import bench_database, open_registry, parse_args, timed

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sandbox import XCartSandbox

TARGET = 1.5
CHANGED = 100
BATCH = 2000


def catalogue(env, channel, size, offset):
    """``size`` storable products bound to the channel (ids offset+1...)."""
    Product = env["product.product"].with_context(tracking_disable=True)
    products = Product
    for start in range(0, size, BATCH):
        products |= Product.create(
            [
                {
                    "name": f"P{offset + n}",
                    "default_code": f"SKU-{offset + n}",
                    "type": "consu",
                    "is_storable": True,
                }
                for n in range(start, min(start + BATCH, size))
            ]
        )
    env["storefront.binding"].create(
        [
            {
                "channel_id": channel.id,
                "res_model": "product.product",
                "res_id": product.id,
                "external_id": str(offset + n),
            }
            for n, product in enumerate(products)
        ]
    )
    return products


def change_stock(env, products, location):
    Quant = env["stock.quant"]
    for product in products:
        Quant._update_available_quantity(product, location, 5)
    env.cr.commit()  # the changed pairs are marked at commit


def export(env):
    """The export cron, then the processing cron until the queue is empty, as in production."""
    env["storefront.export.stock"]._cron_export_stock()
    env.cr.commit()
    Log = env["storefront.sync.log"]
    while Log._cron_process(limit=50):
        env.cr.commit()


def scenario(env, sandbox, warehouse, size, offset):
    channel = env["storefront.channel"].create(
        {
            "name": f"Bench stock {size}",
            "platform": "xcart",
            "base_url": sandbox.url,
            "xcart_token": "rw-token",
            "rate_limit": 0,
            "stock_quiet_seconds": 0,
            "warehouse_ids": [(6, 0, warehouse.ids)],
        }
    )
    products = catalogue(env, channel, size, offset)
    # Fresh planner statistics, as autovacuum would have them for a real catalogue.
    env.flush_all()
    env.cr.execute(
        "ANALYZE storefront_binding, product_product, product_template, stock_quant, "
        "storefront_sync_log"
    )
    env.cr.commit()
    changed = products[:: size // CHANGED][:CHANGED]
    for n in range(CHANGED):
        sandbox.add_product({"id": offset + n * (size // CHANGED), "sku": "x", "amount": 0})
    change_stock(env, changed, warehouse.lot_stock_id)
    sandbox.clear_requests()
    seconds, _result = timed(lambda: export(env))
    calls = len([r for r in sandbox.requests if r.method == "PUT"])
    channel.active = False
    env.cr.commit()
    return seconds, calls


def main():
    args = parse_args(__doc__.splitlines()[0], large=(int, 20000, "large catalogue size"))
    from odoo import SUPERUSER_ID, api

    with (
        bench_database(args, "stock", helper=False) as copy,
        XCartSandbox() as sandbox,
        open_registry(copy).cursor() as cr,
    ):
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        warehouse = env["stock.warehouse"].search([], limit=1)
        small, small_calls = scenario(env, sandbox, warehouse, 1000, 10_000_000)
        large, large_calls = scenario(env, sandbox, warehouse, args.large, 20_000_000)
    print(f"stock export: {CHANGED} changed among 1000: {small:.2f} s, {small_calls} API calls")
    print(
        f"stock export: {CHANGED} changed among {args.large}: {large:.2f} s, "
        f"{large_calls} API calls"
    )
    calls_ok = small_calls == large_calls == CHANGED
    print(
        f"stock export: time {args.large}/1000 = {large / small:.2f} (target <= {TARGET}); "
        f"API calls = changed products: {calls_ok}"
    )
    return 0 if calls_ok and large / small <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
