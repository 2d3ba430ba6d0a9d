"""Stock of 1,000 changed products pushed to a real WooCommerce store (the kit's
start-store): batched by the export (POST /products/batch, 100 per call) against
one PUT per product, in the same run.

The batched side runs the whole path: 1,000 queued stock rows processed by the
sync engine. Prints the API calls and seconds of both and their ratios; exits 1
when the batched push needs more calls than one per 100 products (10) or
leaves a wrong quantity.
Without the kit (``$WOO_KIT``, else ../shared/woo) it says so and exits 0.

    python3 bench/bench_woo_batch.py --database DB --addons-path PATH [--products=1000]
"""

import importlib.util
import sys
from pathlib import Path

from common import open_registry, parse_args, timed


def _load_woo_store():
    """tests/woo_store.py, the test suite's store runner (no Odoo import)."""
    path = Path(__file__).resolve().parent.parent / "tests" / "woo_store.py"
    spec = importlib.util.spec_from_file_location("woo_store", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


woo_store = _load_woo_store()


def store_products(store, count):
    """``count`` managed products created in the store, 100 per batch call."""
    created = []
    for start in range(0, count, 100):
        body = {
            "create": [
                {"name": f"B{n}", "sku": f"BENCH-{n}", "manage_stock": True, "stock_quantity": 1}
                for n in range(start, min(start + 100, count))
            ]
        }
        created += store.call("POST", "/products/batch", body)["create"]
    return created


def odoo_side(env, store, remote):
    """A channel on the store, and 1,000 Odoo products bound to the store's."""
    warehouse = env["stock.warehouse"].search([], limit=1)
    channel = env["storefront.channel"].create(
        {
            "name": "Bench WooCommerce",
            "platform": "woocommerce",
            "base_url": store.url,
            "woocommerce_consumer_key": store.facts["consumer_key"],
            "woocommerce_consumer_secret": store.facts["consumer_secret"],
            "rate_limit": 0,
            "warehouse_ids": [(6, 0, warehouse.ids)],
            "poll_interval": 0,
        }
    )
    Product = env["product.product"].with_context(tracking_disable=True)
    products = Product.create(
        [
            {"name": obj["name"], "default_code": obj["sku"], "type": "consu", "is_storable": True}
            for obj in remote
        ]
    )
    Binding = env["storefront.binding"]
    for product, obj in zip(products, remote, strict=True):
        Binding._bind(channel, product, str(obj["id"]))
        env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 40)
    return channel, products


def cleanup(env, channel, products):
    """Leave the database as found for the next benchmark of the run."""
    channel.unlink()
    env["stock.quant"].search([("product_id", "in", products.ids)]).sudo().unlink()
    env["storefront.stock.dirty"].search([("product_id", "in", products.ids)]).unlink()
    products.unlink()


def store_quantities(store, count):
    return [
        p["stock_quantity"]
        for page in range(1, count // 100 + 1)
        for p in store.call("GET", "/products", per_page=100, page=page)
    ]


def pending(env, channel):
    return env["storefront.sync.log"].search_count(
        [("channel_id", "=", channel.id), ("state", "in", ("pending", "running"))]
    )


def main():
    args = parse_args(
        __doc__.splitlines()[0], products=(int, 1000, "changed products (a multiple of 100)")
    )
    count = args.products
    if not woo_store.kit_found():
        print(woo_store.SKIP_REASON.format(kit=woo_store.kit_path()).replace("tests", "bench", 1))
        return 0
    registry = open_registry(args)
    from odoo.addons.storefront_connector.connectors.http import drain_api_counts

    store = woo_store.WooStore.start(hook_port=9)
    try:
        remote = store_products(store, count)
        with registry.cursor() as cr:
            import odoo

            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            channel, products = odoo_side(env, store, remote)
            env["storefront.export.stock"]._queue(channel, products)
            cr.commit()
            drain_api_counts()

            def run_engine():
                while pending(env, channel):
                    env["storefront.sync.log"]._cron_process()
                    cr.commit()  # a fresh snapshot sees the rows the engine finished

            batch_seconds, _done = timed(run_engine)
            env["storefront.api.stat"]._flush_counts()
            cr.commit()
            stats = env["storefront.api.stat"].search([("channel_id", "=", channel.id)])
            batch_calls = sum(stats.mapped("calls"))
            failed = env["storefront.sync.log"].search_count(
                [("channel_id", "=", channel.id), ("state", "!=", "done")]
            )
            batched = store_quantities(store, count)
            client = channel._adapter().client

            def one_put_each():
                for obj in remote:
                    client.update(
                        "products", obj["id"], {"manage_stock": True, "stock_quantity": 41}
                    )

            put_seconds, _done = timed(one_put_each)
            put_calls = sum(calls for calls, _e in drain_api_counts().values())
            cr.rollback()
            cleanup(env, channel, products)
            cr.commit()
        quantities = store_quantities(store, count)
    finally:
        store.stop()
    print(
        f"woo stock push of {count} products: batched {batch_calls} calls in "
        f"{batch_seconds:.1f} s, one PUT each {put_calls} calls in {put_seconds:.1f} s"
    )
    print(
        f"woo batch: calls PUT/batch = {put_calls / max(batch_calls, 1):.0f}x, "
        f"time PUT/batch = {put_seconds / max(batch_seconds, 0.001):.1f}x "
        f"(target: <= {count // 100} calls batched)"
    )
    problems = []
    if batch_calls > count // 100:
        problems.append(f"{batch_calls} calls batched, target {count // 100}")
    if failed:
        problems.append(f"{failed} stock rows not done")
    if sorted(set(batched)) != [40] or len(batched) != count:
        problems.append(f"store quantities {sorted(set(batched))[:5]} after the batched push")
    if sorted(set(quantities)) != [41] or len(quantities) != count:
        problems.append(f"store quantities {sorted(set(quantities))[:5]} after the PUTs")
    for problem in problems:
        print(f"woo batch check failed: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
