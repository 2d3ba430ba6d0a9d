"""Feed the demo: sample orders by webhook and by polling, then show what Odoo made of them.

Usage: python3 bin/demo_feed.py ODOO_URL DATABASE CHANNELS_JSON
"""

import json
import sys
import time
import uuid
import xmlrpc.client
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from demo_setup import WEBHOOK_SECRET

from sandbox import deliver_webhook

SAMPLES = Path(__file__).resolve().parent.parent / "sandbox" / "data"
WAIT_SECONDS = 90


def rpc(url, db):
    common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
    uid = common.authenticate(db, "admin", "admin", {})
    models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def call(model, method, *args, **kw):
        return models.execute_kw(db, uid, "admin", model, method, list(args), kw)

    return call


def main():
    url, db, channels_json = sys.argv[1:]
    channels = json.loads(channels_json)
    call = rpc(url, db)

    order = json.loads((SAMPLES / "xcart55_order.json").read_text())
    delivery = str(uuid.uuid4())
    for label in (f"X-Cart order {order['order_number']} by webhook", "The same delivery again"):
        status, body = deliver_webhook(
            channels["xcart"]["webhook_url"],
            WEBHOOK_SECRET,
            "Order Placed",
            order,
            webhook_id=delivery,
        )
        print(f"{label}: HTTP {status} {body}")

    print("Clarity store: polling (its sample order was never sent by webhook)")
    clarity_id = channels["clarity"]["id"]
    call("storefront.channel", "action_sync_now", [clarity_id])

    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        (clarity,) = call("storefront.channel", "read", [clarity_id], ["last_poll_date"])
        waiting = call(
            "storefront.sync.log", "search_count", [("state", "in", ["pending", "running"])]
        )
        if clarity["last_poll_date"] and not waiting:
            break
        time.sleep(2)
    for log in call(
        "storefront.sync.log",
        "search_read",
        [],
        fields=["channel_id", "event_type", "external_id", "state", "error_message"],
        order="id",
    ):
        print(
            f"  sync log {log['id']}: {log['channel_id'][1]} {log['event_type']} "
            f"{log['external_id']} -> {log['state']} {log['error_message'] or ''}"
        )
    for sale in call(
        "sale.order",
        "search_read",
        [],
        fields=["name", "partner_id", "amount_total", "currency_id", "state", "invoice_status"],
        order="id",
    ):
        print(
            f"  {sale['name']}: {sale['partner_id'][1]}, {sale['amount_total']} "
            f"{sale['currency_id'][1]}, {sale['state']}, invoice {sale['invoice_status']}"
        )


if __name__ == "__main__":
    main()
