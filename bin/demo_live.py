"""The live side of `make demo`: two sandbox stores that keep taking orders.

Runs the X-Cart and Clarity simulators (with their read-only /shop pages), waits
for Odoo, binds the catalogue, then places a new order every few seconds: random
customers and lines, some paid, some not, now and then a faulty one (an unknown
SKU). X-Cart orders arrive by signed webhook, Clarity orders by polling. Every
few orders a ready storefront delivery is validated in Odoo, as a warehouse
would: the shipment and the new stock flow back to the stores.

Usage: python3 bin/demo_live.py ODOO_URL DATABASE CHANNELS_JSON XCART_PORT CLARITY_PORT
Environment: DEMO_ORDER_INTERVAL (seconds, default 6), DEMO_MAX_ORDERS (default 5000).
"""

import copy
import json
import os
import random
import signal
import sys
import threading
import time
import urllib.request
import xmlrpc.client
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from demo_feed import rpc
from demo_setup import WEBHOOK_SECRET

from sandbox import deliver_webhook
from sandbox.shop_page import ClarityShop, XCartShop

SAMPLES = Path(__file__).resolve().parent.parent / "sandbox" / "data"
FIRST_NAMES = ["Ada", "Grace", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances"]
LAST_NAMES = ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie"]
XCART_LINES = [
    (57, "TSHIRT-BLK-M", "T-shirt black M", 19.99),
    (83, "MUG-0042", "Enamel mug", 69.99),
]
FAULTY_SKU = "GHOST-404"


def wait_for_odoo(url, stop, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not stop.is_set():
        try:
            urllib.request.urlopen(f"{url}/web/health", timeout=2)
            return True
        except OSError:
            stop.wait(1)
    return False


def customer(rng):
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return first, last, f"{first}.{last}{rng.randint(1, 40)}@example.com".lower()


def xcart_order(rng, number, faulty):
    """An X-Cart 5.5 order whose totals agree with Odoo's (3.00 tax per unit)."""
    order = json.loads((SAMPLES / "xcart55_order.json").read_text())
    first, last, email = customer(rng)
    items = []
    for index, (product_id, sku, name, price) in enumerate(
        rng.sample(XCART_LINES, rng.randint(1, len(XCART_LINES)))
    ):
        quantity = rng.randint(1, 3)
        items.append(
            {
                "id": number * 10 + index,
                "product_id": product_id,
                "sku": sku,
                "name": name,
                "price": price,
                "item_net_price": price,
                "discounted_subtotal": round(price * quantity, 2),
                "amount": quantity,
            }
        )
    if faulty:
        items[0] = dict(
            items[0], product_id=99999, sku=FAULTY_SKU, name="A product Odoo does not know"
        )
    units = sum(item["amount"] for item in items)
    sub_total = round(sum(item["discounted_subtotal"] for item in items), 2)
    now = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
    paid = rng.random() < 0.7
    order.update(
        id=number,
        order_number=str(number),
        email=email,
        customer_id=700000 + rng.randint(1, 60),
        create_date=now,
        update_date=now,
        items=items,
        sub_total=sub_total,
        total=round(sub_total + 12.5 + 3.0 * units, 2),
        payment_status={"id": 4, "code": "P", "name": "Paid"}
        if paid
        else {"id": 2, "code": "A", "name": "Authorized"},
        notes="",
    )
    for address in (order["billing_address"], order["shipping_address"]):
        address.update(firstname=first, lastname=last)
    order["surcharges"] = [
        {
            "type": "shipping",
            "code": "SHIPPING",
            "include": False,
            "value": 12.5,
            "name": "Shipping cost",
        },
        {
            "type": "tax",
            "code": "CA_SALES_TAX",
            "include": False,
            "value": 3.0 * units,
            "name": "Sales tax",
        },
    ]
    return order


def clarity_order(rng, number, faulty):
    """A Clarity sales order whose totals agree with Odoo's (19% VAT, shipping taxed)."""
    order = json.loads((SAMPLES / "clarity_salesorder.json").read_text())
    first, last, email = customer(rng)
    quantity = rng.randint(1, 4)
    sold = 114.0 * quantity
    tax = round(0.19 * (sold + 15.0), 2)
    total = round(sold + 15.0 + tax, 2)
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    paid = rng.random() < 0.7
    item = copy.deepcopy(order["SalesItems"][0])
    item.update(Quantity=quantity, ExtendedTaxAmount=round(0.19 * sold, 2))
    if faulty:
        item.update(
            ProductID=99999, Sku=FAULTY_SKU, ProductKey=FAULTY_SKU, ProductName="Unknown product"
        )
    order.update(
        ID=number,
        CustomKey=f"SO-LIVE-{number}",
        UserID=800000 + rng.randint(1, 60),
        UserContactEmail=email,
        CreatedDate=now,
        UpdatedDate=now,
        PurchaseOrderNumber=f"PO-{number}",
        StatusKey="FULL_PAYMENT_RECEIVED" if paid else "CONFIRMED",
        StatusName="Full Payment Received" if paid else "Confirmed",
        Totals={
            "SubTotal": 120.0 * quantity,
            "Shipping": 15.0,
            "Handling": 0.0,
            "Fees": 0.0,
            "Discounts": 6.0 * quantity,
            "Tax": tax,
            "Total": total,
        },
        BalanceDue=0.0 if paid else total,
        SalesItems=[item],
        SalesOrderPayments=[
            {"ID": number, "Amount": total, "StatusKey": "Captured", "PaymentMethod": "CreditCard"}
        ]
        if paid
        else [],
    )
    for contact in (order["BillingContact"], order["ShippingContact"]):
        contact.update(FirstName=first, LastName=last, Email1=email)
    return order


def validate_one_delivery(call):
    """Validate one ready delivery of a storefront order, as the warehouse would."""
    ids = call(
        "stock.picking",
        "search",
        [
            ("state", "=", "assigned"),
            ("picking_type_code", "=", "outgoing"),
            ("sale_id.storefront_channel_id", "!=", False),
        ],
        limit=1,
        order="id",
    )
    if not ids:
        return None
    call("stock.picking", "write", ids, {"carrier_tracking_ref": f"1Z{ids[0]:08d}"})
    # no SMS confirmation, no backorder question: the demo's warehouse ships what it has
    result = call(
        "stock.picking",
        "button_validate",
        ids,
        context={"skip_sms": True, "skip_backorder": True, "picking_ids_not_to_backorder": ids},
    )
    return ids[0] if result is True else None


def replenish(call, skus=("TSHIRT-BLK-M", "MUG-0042", "VALVE-DN50"), low=10, level=40):
    """Count the demo stock back up when it runs low, as a goods receipt would."""
    products = call(
        "product.product",
        "search_read",
        [("default_code", "in", list(skus))],
        fields=["default_code", "qty_available", "product_tmpl_id"],
    )
    refilled = []
    for product in products:
        if product["qty_available"] >= low:
            continue
        wizard = call(
            "stock.change.product.qty",
            "create",
            {
                "product_id": product["id"],
                "product_tmpl_id": product["product_tmpl_id"][0],
                "new_quantity": level,
            },
        )
        call("stock.change.product.qty", "change_product_qty", [wizard])
        refilled.append(product["default_code"])
    return refilled


def attempt(failure, func, *args, tail=False):
    """``func(*args)``, or None when Odoo refused or could not be reached (said after ``failure``:
    the first 200 characters of the error, its last ones with ``tail``)."""
    try:
        return func(*args)
    except (xmlrpc.client.Fault, OSError) as exc:
        text = str(exc)
        print(f"{failure}: {text[-200:] if tail else text[:200]}", flush=True)
        return None


def main():
    url, db, channels_json, xcart_port, clarity_port = sys.argv[1:6]
    channels = json.loads(channels_json)
    interval = float(os.environ.get("DEMO_ORDER_INTERVAL", "6"))
    max_orders = int(os.environ.get("DEMO_MAX_ORDERS", "5000"))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    xcart = XCartShop(port=int(xcart_port))
    xcart.load_samples()
    xcart.start()
    clarity = ClarityShop(port=int(clarity_port))
    clarity.load_samples()
    clarity.start()
    print(f"Store pages: {xcart.shop_url} and {clarity.shop_url}", flush=True)
    try:
        if not wait_for_odoo(url, stop):
            return
        call = rpc(url, db)
        stop.wait(15)  # let the sample orders of demo_feed go first
        for channel in channels.values():
            try:
                call("storefront.channel", "action_push_stock", [channel["id"]])
            except xmlrpc.client.Fault as exc:
                print(f"Catalogue index failed: {exc.faultString.splitlines()[-1]}", flush=True)
        rng = random.Random()
        run = int(time.time()) % 100000 * 10000  # new order numbers on every run
        for count in range(1, max_orders + 1):
            if stop.wait(interval):
                break
            faulty = rng.random() < 0.1
            if count % 2:
                order = xcart_order(rng, run + count, faulty)
                xcart.add_order(order)
                status, _body = deliver_webhook(
                    channels["xcart"]["webhook_url"], WEBHOOK_SECRET, "order.created", order
                )
                label = f"X-Cart {order['order_number']} by webhook (HTTP {status})"
            else:
                order = clarity_order(rng, run + count, faulty)
                clarity.add_sales_order(order)
                # The poll cron reads it; ask for the poll now rather than in 5 minutes.
                attempt(
                    "Poll not scheduled",
                    call,
                    "storefront.channel",
                    "action_sync_now",
                    [channels["clarity"]["id"]],
                )
                label = f"Clarity {order['CustomKey']} (polled)"
            print(f"New order {label}{' [faulty]' if faulty else ''}", flush=True)
            refilled = count % 10 == 0 and attempt(
                "Stock not replenished", replenish, call, tail=True
            )
            if refilled:
                print(f"Stock counted back up: {', '.join(refilled)}", flush=True)
            picking = count % 3 == 0 and attempt(
                "Delivery not validated", validate_one_delivery, call
            )
            if picking:
                print(f"Warehouse validated delivery {picking}", flush=True)
    finally:
        xcart.stop()
        clarity.stop()


if __name__ == "__main__":
    main()
