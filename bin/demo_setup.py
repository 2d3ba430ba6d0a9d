"""Configure the demo database: sample catalogue, taxes and one channel per sandbox.

Run by bin/demo after the addon is installed; safe to run again.
Usage: python3 bin/demo_setup.py DATABASE XCART_URL CLARITY_URL [odoo options...]
"""

import json
import sys

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

# Sandbox-only credentials: the simulators' defaults.
XCART = {"xcart_token": "rw-token", "xcart_legacy_key": "legacy-rw"}
CLARITY = {
    "clarity_auth_mode": "oauth2",
    "clarity_client_id": "cid",
    "clarity_client_secret": "csecret",
}
WEBHOOK_SECRET = "whsec_c3RvcmVmcm9udC1kZW1vLXNpZ25pbmcta2V5LTAwMDE="
CATALOGUE = [
    ("TSHIRT-BLK-M", "T-shirt black M", 19.99, "us"),
    ("MUG-0042", "Enamel mug", 69.99, "us"),
    ("VALVE-DN50", "Ball valve DN50", 120.0, "de"),
]


def tax(env, name, amount, amount_type="percent"):
    Tax = env["account.tax"]
    found = Tax.search([("name", "=", name)], limit=1)
    if found:
        return found
    # A group of its own: the order totals then read "Demo VAT 19%", not the default group.
    group = env["account.tax.group"].create({"name": name})
    return Tax.create(
        {
            "name": name,
            "amount": amount,
            "amount_type": amount_type,
            "type_tax_use": "sale",
            "tax_group_id": group.id,
        }
    )


def product(env, values):
    Product = env["product.product"]
    return Product.search([("default_code", "=", values["default_code"])], limit=1) or (
        Product.create(values)
    )


def warehouse_user(env):
    """A warehouse worker who validates deliveries (login and password: warehouse)."""
    Users = env["res.users"].with_context(no_reset_password=True)
    if not Users.search_count([("login", "=", "warehouse")]):
        Users.create(
            {
                "name": "Warehouse user",
                "login": "warehouse",
                "password": "warehouse",
                "groups_id": [(6, 0, env.ref("stock.group_stock_user").ids)],
            }
        )


def setup(env, xcart_url, clarity_url):
    env.ref("base.EUR").active = True
    taxes = {
        # The X-Cart sample charges 9.00 on three units; the Clarity one 19% VAT.
        "us": tax(env, "Demo sales tax (3.00 per unit)", 3.0, "fixed"),
        "de": tax(env, "Demo VAT 19%", 19.0),
    }
    products = {
        sku: product(
            env,
            {
                "default_code": sku,
                "name": name,
                "list_price": price,
                "type": "consu",
                "is_storable": True,
                "taxes_id": [(6, 0, taxes[region].ids)],
            },
        )
        for sku, name, price, region in CATALOGUE
    }
    shipping = {
        region: product(
            env,
            {
                "default_code": f"SHIP-{region.upper()}",
                "name": f"Shipping ({region.upper()})",
                "type": "service",
                "list_price": 0.0,
                "taxes_id": [(6, 0, taxes["de"].ids if region == "de" else [])],
            },
        )
        for region in ("us", "de")
    }
    journal = env["account.journal"].search([("type", "=", "bank")], limit=1)
    warehouse = env["stock.warehouse"].search([], limit=1)
    stock = warehouse.lot_stock_id
    Quant = env["stock.quant"]
    for item in products.values():
        if not Quant.search_count([("product_id", "=", item.id), ("location_id", "=", stock.id)]):
            Quant._update_available_quantity(item, stock, 25)
    common = {
        "warehouse_ids": [(6, 0, warehouse.ids)],
        "payment_journal_id": journal.id,
        "webhook_secret": WEBHOOK_SECRET,
        "poll_interval": 1,
    }
    warehouse_user(env)
    channels = {}
    for name, platform, url, extra, region in (
        ("Demo X-Cart store", "xcart", xcart_url, XCART, "us"),
        ("Demo Clarity store", "clarity", clarity_url, CLARITY, "de"),
    ):
        Channel = env["storefront.channel"]
        channel = Channel.search([("name", "=", name)], limit=1) or Channel.create(
            {"name": name, "platform": platform}
        )
        values = dict(common, **extra, base_url=url, delivery_product_id=shipping[region].id)
        if platform == "clarity":
            values["base_url"] = url + "/DesktopModules/ClarityEcommerce/API-Admin"
            values["clarity_token_url"] = url + "/oauth/token"
        channel.write(values)
        channels[platform] = {"id": channel.id, "webhook_url": channel.webhook_url}
    return channels


def main():
    database, xcart_url, clarity_url, *odoo_args = sys.argv[1:]
    odoo.tools.config.parse_config(["-d", database, *odoo_args])
    with Registry(database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        channels = setup(env, xcart_url, clarity_url)
    print(json.dumps(channels))


if __name__ == "__main__":
    main()
