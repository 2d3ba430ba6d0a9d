"""Order import throughput: the whole pipeline against plain ORM calls doing the same work.

Pipeline: each order is stored in the sync log and imported by the processing
cron (mapping, customer and address matching, lines by SKU, taxes, total check,
confirmation, posted invoice, registered payment). Baseline: the same partner,
addresses, sale order, confirmation, invoice and payment created with direct
ORM calls, committed per order as the pipeline commits per row. Rounds
alternate; the benchmark database is throwaway. Prints ``import: pipeline/orm = R (target >= 0.8)``.

    python3 bench/bench_import.py --database DB --addons-path PATH [--orders N]
"""

import copy
import json
from pathlib import Path

from common import environment, start, timed

TARGET = 0.8
ROUNDS = {"orders": (int, 20, "orders per round"), "rounds": (int, 3, "alternating rounds")}
SAMPLE = Path(__file__).resolve().parent.parent / "sandbox" / "data" / "xcart55_order.json"


def setup(env):
    """Products, taxes and a channel for the orders; a second call gets a fresh channel."""
    Tax = env["account.tax"]
    tax = Tax.search([("name", "=", "Bench tax 3.00")], limit=1) or Tax.create(
        {"name": "Bench tax 3.00", "amount": 3.0, "amount_type": "fixed"}
    )
    Product = env["product.product"]
    products = {
        sku: Product.search([("default_code", "=", sku)], limit=1)
        or Product.create(
            {
                "name": sku,
                "default_code": sku,
                "list_price": price,
                "type": "consu",
                "is_storable": True,
                "taxes_id": [(6, 0, tax.ids)],
            }
        )
        for sku, price in (("TSHIRT-BLK-M", 19.99), ("MUG-0042", 69.99))
    }
    shipping = Product.create(
        {"name": "Bench shipping", "type": "service", "taxes_id": [(6, 0, [])]}
    )
    journal = env["account.journal"].search([("type", "=", "bank")], limit=1)
    channel = env["storefront.channel"].create(
        {
            "name": "Bench import",
            "platform": "xcart",
            "base_url": "http://127.0.0.1:9",
            "delivery_product_id": shipping.id,
            "payment_journal_id": journal.id,
        }
    )
    return channel, products, shipping, journal


def orders(start, count):
    sample = json.loads(SAMPLE.read_text())
    for number in range(start, start + count):
        order = copy.deepcopy(sample)
        order.update(
            id=number,
            order_number=f"B{number}",
            customer_id=number,
            email=f"customer{number}@example.com",
        )
        yield order


def run_pipeline(env, channel, batch):
    Log = env["storefront.sync.log"]
    for order in batch:
        Log._enqueue(channel, "in", "order.created", order, external_id=order["id"])
    # Each row runs in a transaction of its own: the queued rows must be committed.
    env.cr.commit()
    done = 0
    while done < len(batch):
        processed = Log._cron_process(limit=50)
        assert processed, "the queue stalled"
        done += len(processed)
    failed = Log.search_count([("channel_id", "=", channel.id), ("state", "!=", "done")])
    assert not failed, "an order failed to import"


def run_orm(env, products, shipping, journal, batch):
    Partner = env["res.partner"]
    us = env.ref("base.us")
    for order in batch:
        billing, delivery = order["billing_address"], order["shipping_address"]
        partner = Partner.create({"name": "Jane Doe", "email": order["email"]})
        invoice_to = Partner.create(
            {
                "parent_id": partner.id,
                "type": "invoice",
                "name": "Jane Doe",
                "street": billing["street"],
                "city": billing["city"],
                "zip": billing["zipcode"],
                "country_id": us.id,
                "phone": "+14155550134",
            }
        )
        ship_to = Partner.create(
            {
                "parent_id": partner.id,
                "type": "delivery",
                "name": "Jane Doe",
                "street": delivery["street"],
                "city": delivery["city"],
                "zip": delivery["zipcode"],
                "country_id": us.id,
            }
        )
        lines = [
            (
                0,
                0,
                {
                    "product_id": products[item["sku"]].id,
                    "product_uom_qty": item["amount"],
                    "price_unit": item["price"],
                },
            )
            for item in order["items"]
        ]
        lines.append((0, 0, {"product_id": shipping.id, "price_unit": 12.5, "is_delivery": True}))
        sale = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "partner_invoice_id": invoice_to.id,
                "partner_shipping_id": ship_to.id,
                "client_order_ref": order["order_number"],
                "order_line": lines,
            }
        )
        sale.action_confirm()
        invoice = sale._create_invoices()
        invoice.action_post()
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"journal_id": journal.id})._create_payments()
        env.cr.commit()


def main():
    args, registry = start(__doc__, **ROUNDS)
    with environment(registry) as env:
        channel, products, shipping, journal = setup(env)
        env.cr.commit()
        pipeline = orm = 0.0
        first = 900000
        for _round in range(args.rounds):
            batch = list(orders(first, args.orders))
            first += args.orders
            pipeline += timed(lambda batch=batch: run_pipeline(env, channel, batch))[0]
            batch = list(orders(first, args.orders))
            first += args.orders
            orm += timed(lambda batch=batch: run_orm(env, products, shipping, journal, batch))[0]
    total = args.orders * args.rounds
    ratio = (total / pipeline) / (total / orm)
    print(f"import: pipeline {total / pipeline:.1f} orders/s, plain ORM {total / orm:.1f} orders/s")
    print(f"import: pipeline/orm = {ratio:.2f} (target >= {TARGET})")


if __name__ == "__main__":
    main()
