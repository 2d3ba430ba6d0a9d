"""Order risk on a synthetic order stream: anomalies held, normal orders let through.

A year of orders from many customers with normal variation (each customer has 3-6
favourite products near a price level of their own, 1-3 of them per order; 5% are
resellers buying by the dozen; 3% of orders ship to another country as gifts),
replayed in date order through ``tools.risk.score_order`` with the history the
importer reads (the customer's last 20 totals and 30 line quantities, the store's last
200 totals, the SKU's last 50 quantities, the email's orders of the last hour).
Injected anomalies of each kind: a known customer's total 6-20 times their median, a
new customer's first order 8-20 times the store's median, a SKU quantity 10-40 times
usual, a unit price below cost, a burst of six orders from one email in 40 minutes
(its fourth to sixth orders count; the first three look normal and are reported
apart), and billing/shipping countries that differ (a weak signal on its own: flagged
low, not held, reported apart).

Prints, per kind, the share held (level high: the channel's default action) and
flagged (medium or more), then ``risk: held R of anomalies (target >= 0.9), false
holds F of normal orders (target <= 0.02)``. Pure Python: bin/bench's database
arguments are ignored.

    python3 bench/bench_risk.py [--customers N] [--seed S]
"""

import argparse
import math
import random
import sys
from collections import defaultdict, deque
from datetime import datetime, timedelta

from common import addon_module

score_order = addon_module("tools.risk").score_order

HOLD_KINDS = ("customer_total", "new_customer_high", "sku_quantity", "below_cost", "velocity")
COUNTRIES = ("US", "DE", "FR", "GB", "NL", "IT", "ES", "CA")


def catalogue(rng, size=80):
    products = []
    for index in range(size):
        price = round(rng.lognormvariate(3.3, 0.8), 2)
        products.append(
            {
                "sku": f"SKU-{index:03d}",
                "price": price,
                "cost": round(price * rng.uniform(0.4, 0.75), 2),
            }
        )
    return products


def make_customers(rng, products, count):
    customers = []
    for index in range(count):
        reseller = rng.random() < 0.05
        # Favourites in the customer's own price band: the 12 products nearest their level.
        level = rng.choice(products)["price"]
        band = sorted(products, key=lambda p: abs(math.log(p["price"] / level)))[:12]
        customers.append(
            {
                "email": f"customer{index}@example.com",
                "country": rng.choice(COUNTRIES),
                "favourites": rng.sample(band, rng.randint(3, 6)),
                "scale": rng.randint(4, 12) if reseller else 1,
            }
        )
    return customers


def quantity(rng, scale):
    base = rng.choices((1, 2, 3, 4, 5, 6), weights=(70, 20, 7, 1, 1, 1))[0]
    return base * scale


def basket(rng, customer):
    lines = []
    for product in rng.sample(customer["favourites"], rng.randint(1, 3)):
        price = round(product["price"] * rng.choice((1, 1, 1, 0.9, 0.8)), 2)
        lines.append(
            {
                "sku": product["sku"],
                "quantity": quantity(rng, customer["scale"]),
                "price_unit": price,
                "cost": product["cost"],
            }
        )
    return lines


def order_of(customer, lines, date, kind="normal", shipping=None):
    return {
        "kind": kind,
        "email": customer["email"],
        "date": date,
        "billing_country": customer["country"],
        "shipping_country": shipping or customer["country"],
        "lines": lines,
        "total": round(sum(ln["quantity"] * ln["price_unit"] for ln in lines), 2),
    }


def big_basket(rng, products, target):
    lines = []
    for product in rng.sample(products, len(products)):
        if sum(ln["quantity"] * ln["price_unit"] for ln in lines) >= target:
            break
        lines.append(
            {"sku": product["sku"], "quantity": rng.randint(1, 2), "price_unit": product["price"]}
        )
        lines[-1]["cost"] = product["cost"]
    return lines


def stream(rng, customers, products):
    start = datetime(2026, 1, 1)
    orders = []
    for customer in customers:
        date = start + timedelta(days=rng.uniform(0, 30))
        while date < start + timedelta(days=365):
            shipping = rng.choice(COUNTRIES) if rng.random() < 0.03 else None
            orders.append(order_of(customer, basket(rng, customer), date, shipping=shipping))
            date += timedelta(days=rng.expovariate(1 / 12), minutes=rng.uniform(0, 600))
    orders.sort(key=lambda o: o["date"])
    return orders


def inject(rng, orders, customers, products, per_kind):
    """Anomalies placed in the second half of the year, once histories exist."""
    start = datetime(2026, 7, 1)
    extra = []
    for _ in range(per_kind):
        date = start + timedelta(days=rng.uniform(0, 180), minutes=rng.uniform(0, 1440))
        customer = rng.choice(customers)
        lines = basket(rng, customer)
        extra.append(order_of(customer, lines, date, "country_mismatch", shipping="NG"))
        lines = basket(rng, customer)
        lines[0]["quantity"] = lines[0]["quantity"] * rng.randint(10, 40)
        extra.append(order_of(customer, lines, date, "sku_quantity"))
        lines = basket(rng, customer)
        lines[0]["price_unit"] = round(lines[0]["cost"] * rng.uniform(0.1, 0.6), 2)
        extra.append(order_of(customer, lines, date, "below_cost"))
        extra.append({"kind": "customer_total", "customer": customer, "date": date})
        newcomer = {
            "email": f"new{len(extra)}@example.net",
            "country": rng.choice(COUNTRIES),
            "scale": 1,
        }
        extra.append({"kind": "new_customer_high", "customer": newcomer, "date": date})
        burst = rng.choice(customers)
        for position in range(6):
            when = date + timedelta(minutes=8 * position)
            kind = "velocity" if position >= 3 else "burst_lead_in"
            extra.append(order_of(burst, basket(rng, burst), when, kind))
    return sorted(orders + extra, key=lambda o: o["date"])


def replay(rng, orders, products):
    customer_totals = defaultdict(lambda: deque(maxlen=20))
    store_totals = deque(maxlen=200)
    sku_quantities = defaultdict(lambda: deque(maxlen=50))
    customer_quantities = defaultdict(lambda: deque(maxlen=30))
    email_dates = defaultdict(list)
    results = []
    for order in orders:
        if "lines" not in order:
            # Built at replay time: the amount depends on the history so far.
            customer = order["customer"]
            history = customer_totals[customer["email"]]
            if order["kind"] == "customer_total":
                if len(history) < 3:
                    continue
                center = sorted(history)[len(history) // 2]
                target = center * rng.uniform(6, 20)
            else:
                center = sorted(store_totals)[len(store_totals) // 2]
                target = center * rng.uniform(8, 20)
            order.update(order_of(customer, big_basket(rng, products, target), order["date"]))
            order["kind"] = "customer_total" if history else "new_customer_high"
        email = order["email"]
        hour_ago = order["date"] - timedelta(hours=1)
        history = {
            "customer_totals": list(customer_totals[email]),
            "store_totals": list(store_totals),
            "sku_quantities": {ln["sku"]: list(sku_quantities[ln["sku"]]) for ln in order["lines"]},
            "customer_quantities": list(customer_quantities[email]),
            "email_dates": [d for d in email_dates[email] if d >= hour_ago],
        }
        result = score_order(order, history)
        results.append((order["kind"], result))
        customer_totals[email].append(order["total"])
        store_totals.append(order["total"])
        for line in order["lines"]:
            sku_quantities[line["sku"]].append(line["quantity"])
            customer_quantities[email].append(line["quantity"])
        email_dates[email].append(order["date"])
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=400)
    parser.add_argument("--per-kind", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database")
    parser.add_argument("--addons-path")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    products = catalogue(rng)
    customers = make_customers(rng, products, args.customers)
    orders = inject(rng, stream(rng, customers, products), customers, products, args.per_kind)
    results = replay(rng, orders, products)
    by_kind = defaultdict(lambda: [0, 0, 0])
    for kind, result in results:
        counts = by_kind[kind]
        counts[0] += 1
        counts[1] += result["level"] == "high"
        counts[2] += result["level"] in ("medium", "high")
    print(f"{'kind':<20}{'orders':>8}{'held':>8}{'flagged':>9}")
    for kind in sorted(by_kind):
        total, held, flagged = by_kind[kind]
        print(f"{kind:<20}{total:>8}{held / total:>8.1%}{flagged / total:>9.1%}")
    anomalies = [by_kind[k] for k in HOLD_KINDS]
    held = sum(c[1] for c in anomalies) / sum(c[0] for c in anomalies)
    normal_total, normal_held, _flagged = by_kind["normal"]
    false_holds = normal_held / normal_total
    print(
        f"risk: held {held:.3f} of anomalies (target >= 0.9), false holds {false_holds:.3f} "
        f"of normal orders (target <= 0.02)"
    )
    return 0 if held >= 0.9 and false_holds <= 0.02 else 1


if __name__ == "__main__":
    sys.exit(main())
