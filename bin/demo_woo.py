"""The demo's real WooCommerce store, when the store kit is found.

    python3 bin/demo_woo.py start DATABASE ODOO_PORT ROOT [odoo options...]
    python3 bin/demo_woo.py order ROOT
    python3 bin/demo_woo.py stop ROOT

``start`` runs the kit's start-store in ROOT (webhooks delivered at once,
``--sync-webhooks``), gives it the demo catalogue (the same SKUs in Odoo, VAT
21% on goods and shipping, cash on delivery, coupon ``demo10``), creates the
WooCommerce channel and registers its webhooks; it prints the store's address
and login. ``order`` (once Odoo is up) places a paid order with the coupon: it
arrives in Odoo by the store's own signed delivery.
"""

import json
import subprocess
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CHECKOUT / "tests"))

from woo_store import WooStore, kit_found, kit_path  # noqa: E402

CATALOGUE = [("WOO-HOODIE", "Hoodie", "39.00"), ("WOO-CAP", "Cap", "15.50")]


def start_store(root, odoo_port):
    result = subprocess.run(
        [str(kit_path() / "start-store"), root, "--hook-port", odoo_port, "--sync-webhooks"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode:
        sys.exit(f"demo: the WooCommerce store did not start: {result.stderr.strip()[-300:]}")
    return WooStore(Path(root), json.loads(result.stdout.strip().splitlines()[-1]))


def fill_store(store):
    store.call("PUT", "/settings/general/woocommerce_calc_taxes", {"value": "yes"})
    store.call(
        "POST", "/taxes", {"country": "BE", "rate": "21.0000", "name": "VAT", "shipping": True}
    )
    store.call("PUT", "/payment_gateways/cod", {"enabled": True})
    store.call("POST", "/coupons", {"code": "demo10", "discount_type": "percent", "amount": "10"})
    for sku, name, price in CATALOGUE:
        values = {"name": name, "sku": sku, "regular_price": price}
        store.call("POST", "/products", dict(values, manage_stock=True, stock_quantity=25))


def setup_odoo(database, store, odoo_args):
    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-d", database, *odoo_args])
    with Registry(database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        Tax = env["account.tax"]
        vat = Tax.search([("name", "=", "Demo VAT 21%")], limit=1) or Tax.create(
            {"name": "Demo VAT 21%", "amount": 21.0, "type_tax_use": "sale"}
        )
        Product = env["product.product"]
        for sku, name, price in CATALOGUE:
            if not Product.search([("default_code", "=", sku)], limit=1):
                Product.create(
                    {
                        "default_code": sku,
                        "name": name,
                        "list_price": float(price),
                        "type": "consu",
                        "is_storable": True,
                        "taxes_id": [(6, 0, vat.ids)],
                    }
                )
        service = {"type": "service", "taxes_id": [(6, 0, [])]}
        shipping = Product.create(dict(service, name="WooCommerce shipping"))
        discount = Product.create(dict(service, name="WooCommerce coupon"))
        journal = env["account.journal"].search([("type", "=", "bank")], limit=1)
        channel = env["storefront.channel"].search([("platform", "=", "woocommerce")], limit=1)
        values = {
            "name": "WooCommerce (real store)",
            "platform": "woocommerce",
            "base_url": store.url,
            "woocommerce_consumer_key": store.facts["consumer_key"],
            "woocommerce_consumer_secret": store.facts["consumer_secret"],
            "delivery_product_id": shipping.id,
            "discount_product_id": discount.id,
            "payment_journal_id": journal.id,
            "warehouse_ids": [(6, 0, env["stock.warehouse"].search([], limit=1).ids)],
            "import_customers": False,
        }
        channel = channel.write(values) and channel if channel else channel.create(values)
        cr.commit()
        channel.action_register_webhooks()
        cr.commit()


def place_order(store):
    product = store.call("GET", "/products", sku=CATALOGUE[0][0])[0]
    store.call(
        "POST",
        "/orders",
        {
            "set_paid": True,
            "payment_method": "cod",
            "billing": {
                "first_name": "Lotte",
                "last_name": "Janssens",
                "address_1": "Meir 12",
                "city": "Antwerpen",
                "postcode": "2000",
                "country": "BE",
                "email": "lotte.janssens@example.com",
            },
            "line_items": [{"product_id": product["id"], "quantity": 2}],
            "shipping_lines": [
                {"method_id": "flat_rate", "method_title": "Bpost", "total": "6.00"}
            ],
            "coupon_lines": [{"code": "demo10"}],
        },
    )


def main():
    command, *args = sys.argv[1:]
    if command == "stop":
        subprocess.run([str(kit_path() / "stop-store"), args[0]], check=False, timeout=60)
    elif command == "order":
        root = Path(args[0])
        place_order(WooStore(root, json.loads((root / "store.json").read_text())))
    elif not kit_found():
        print(f"No WooCommerce store kit at {kit_path()}: the demo runs without a real store.")
    else:
        database, odoo_port, root, *odoo_args = args
        store = start_store(root, odoo_port)
        fill_store(store)
        setup_odoo(database, store, odoo_args)
        print(
            f"WooCommerce: {store.url}/wp-admin/ (user {store.facts['admin_user']}, password "
            f"{store.facts['admin_password']}), shop at {store.url}/shop/"
        )


if __name__ == "__main__":
    main()
