"""Fuzzed signed deliveries to two Odoo servers sharing one database.

Starts two real ``python3 -m odoo`` processes (different ports, each with its
own cron thread), sends N Standard Webhooks deliveries (mutated X-Cart and
Clarity orders and customers, a few customers shared by many orders so that
workers race to bind them) alternately to both, waits until no row is pending
or running, then checks: no 5xx, every row final (done, failed or cancelled: a
dead row, given up after its retries, is not), no "Unexpected error" row, no
duplicate binding, no ERROR line in either server's log. Prints the rows that
are not final or failed unexpectedly, and the exception of each ERROR line.
Exit status 0 when all hold.

    bin/bench bench/fuzz_two_servers.py [--deliveries=N]     (1,000 by default)
"""

import base64
import copy
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from common import environment, fetch, start
from prefork import OdooServer

ADDON_DIR = Path(__file__).resolve().parent.parent

SECRET = "whsec_" + base64.b64encode(os.urandom(32)).decode()
FINAL_STATES = ("done", "failed", "cancelled")
ACTIVE_STATES = ("pending", "running")  # dead rows are out of the queue, but not final
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \S+ \d+ [A-Z]+ ")
ERROR_LINE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
ODD_VALUES = [
    None,
    True,
    -1,
    -5.5,
    0,
    10**40,
    1e300,
    "1e400",
    "inf",
    "NaN",
    "",
    "not a date",
    "2026-13-45T99:00:00Z",
    [],
    [1, 2],
    {},
    {"a": 1},
    "x" * 300,
    "adm_n@corp.com",
    "%@corp.com",
]
# What the report reads once the servers are stopped: failed rows by class,
# "Unexpected error" rows, duplicate bindings, rows not final or unexpected.
REPORT_QUERIES = (
    "SELECT error_class, count(*) FROM storefront_sync_log "
    "WHERE channel_id = ANY(%s) AND state = 'failed' GROUP BY error_class",
    "SELECT count(*) FROM storefront_sync_log WHERE channel_id = ANY(%s) "
    "AND error_message LIKE 'Unexpected error%%'",
    "SELECT count(*) FROM (SELECT 1 FROM storefront_binding WHERE channel_id = ANY(%s) "
    "GROUP BY channel_id, res_model, res_id HAVING count(*) > 1) dup",
    "SELECT state, error_class, attempts, event_type, left(error_message, 400) "
    "FROM storefront_sync_log WHERE channel_id = ANY(%s) "
    "AND (state NOT IN ('done', 'failed', 'cancelled') "
    "OR error_message LIKE 'Unexpected error%%') ORDER BY id",
)
EMAILS = ["shared.one@shop.test", "shared.two@shop.test", "adm_n@corp.com", "admin@corp.com"]


def setup(registry):
    """Two channels (X-Cart, Clarity) with the sample products; returns their tokens."""
    from odoo import Command

    with environment(registry, tracking_disable=True) as env:
        env.ref("base.EUR").active = True
        Product = env["product.product"]
        for code, price in (("TSHIRT-BLK-M", 19.99), ("MUG-0042", 69.99), ("VALVE-DN50", 120.0)):
            if not Product.search([("default_code", "=", code)]):
                Product.create(
                    {"name": code, "default_code": code, "list_price": price, "is_storable": True}
                )
        shipping = Product.create({"name": "Shipping", "type": "service"})
        bank = env["account.journal"].search([("type", "=", "bank")], limit=1)
        env["res.partner"].create({"name": "Admin contact", "email": "admin@corp.com"})
        staff = env["res.users"].create(
            {"name": "Staff", "login": f"staff-{uuid.uuid4().hex[:6]}", "email": "staff@corp.com"}
        )
        staff.groups_id = [Command.link(env.ref("base.group_user").id)]
        channels = {}
        for platform in ("xcart", "clarity"):
            channel = env["storefront.channel"].create(
                {
                    "name": f"Fuzz {platform}",
                    "platform": platform,
                    "base_url": "http://127.0.0.1:9",
                    "webhook_secret": SECRET,
                    "delivery_product_id": shipping.id,
                    "payment_journal_id": bank.id,
                    "import_customers": True,
                    "export_stock": False,
                    "export_shipments": False,
                    "export_order_status": False,
                    "poll_interval": 100000,
                }
            )
            channels[platform] = (channel.id, channel.webhook_token)
        return channels


def fuzzed(rng, obj):
    """``obj`` with up to three values replaced by odd ones or removed."""
    from odoo.addons.storefront_connector.sandbox.fuzz import mutate, paths

    for _n in range(rng.randint(0, 3)):
        candidates = list(paths(obj))
        if not candidates:
            break
        path = rng.choice(candidates)
        obj = mutate(obj, path, rng.choice(ODD_VALUES), delete=rng.random() < 0.2)
    return obj


def make_delivery(rng, samples, n):
    """(platform, event, data) of delivery ``n``: orders mostly, some customers."""
    platform = rng.choice(("xcart", "clarity"))
    customer = rng.randrange(6)  # few customers: workers race to bind them
    if rng.random() < 0.2:
        if platform == "xcart":
            data = {"id": 9000 + customer, "login": rng.choice(EMAILS), "firstname": "F"}
        else:
            data = {"ID": 9000 + customer, "Email": rng.choice(EMAILS), "FirstName": "F"}
        return platform, "customer.updated", fuzzed(rng, data) if rng.random() < 0.3 else data
    order = copy.deepcopy(samples[platform])
    if platform == "xcart":
        order["id"] = 100000 + n
        order["order_number"] = str(100000 + n)
        order["profile"] = dict(order.get("profile") or {}, profile_id=9000 + customer)
        order["customer_id"] = 9000 + customer
        order["email"] = rng.choice(EMAILS)
    else:
        order["ID"] = 100000 + n
        order["CustomKey"] = f"FZ-{n}"
        order["UserID"] = 9000 + customer
        order["UserContactEmail"] = rng.choice(EMAILS)
    event = rng.choice(("order.created", "order.created", "order.updated"))
    return platform, event, fuzzed(rng, order) if rng.random() < 0.6 else order


def send(session_local, url, data, event):
    from odoo.addons.storefront_connector.sandbox.webhook import envelope, webhook_headers

    session = getattr(session_local, "session", None)
    if session is None:
        session = session_local.session = requests.Session()
    body = json.dumps(envelope(event, data)).encode()
    headers = webhook_headers(SECRET, f"msg_{uuid.uuid4().hex}", body)
    for _attempt in range(5):  # a sender retries on no answer, same id
        try:
            return session.post(url, data=body, headers=headers, timeout=60).status_code
        except requests.RequestException:
            time.sleep(1)
    return 0


def wait_final(registry, channel_ids, deadline):
    query = (
        "SELECT state, count(*) FROM storefront_sync_log WHERE channel_id = ANY(%s) GROUP BY state"
    )
    while True:
        states = dict(fetch(registry, query, channel_ids))
        active = sum(count for state, count in states.items() if state in ACTIVE_STATES)
        if not active or time.monotonic() > deadline:
            return states
        time.sleep(3)


def error_entries(log):
    """The ERROR lines of a server log, each with the last line of its traceback."""
    entries, in_error = [], False
    with open(log, errors="replace") as handle:
        for line in handle:
            if LOG_LINE.match(line):
                in_error = bool(ERROR_LINE.match(line))
                if in_error:
                    entries.append([line.rstrip(), ""])
            elif in_error and line.strip():
                entries[-1][1] = line.strip()  # the exception, when a traceback follows
    return [f"{head[:240]} | {cause}" if cause else head for head, cause in entries]


def main():
    args, registry = start(
        __doc__,
        deliveries=(int, 1000, "signed deliveries to send"),
        senders=(int, 8, "concurrent senders"),
        seed=(int, 8, "seed of the fuzzer"),
        wait=(int, 1500, "seconds to wait for final rows"),
    )
    channels = setup(registry)
    channel_ids = [channel_id for channel_id, _token in channels.values()]
    samples = {
        "xcart": json.loads((ADDON_DIR / "sandbox/data/xcart55_order.json").read_text()),
        "clarity": json.loads((ADDON_DIR / "sandbox/data/clarity_salesorder.json").read_text()),
    }
    rng = random.Random(args.seed)
    deliveries = [make_delivery(rng, samples, n) for n in range(args.deliveries)]
    logdir = tempfile.mkdtemp(prefix="storefront_fuzz_")
    servers = [
        OdooServer(args, cron_workers=1, logfile=os.path.join(logdir, f"odoo-{n}.log"))
        for n in (1, 2)
    ]
    logs = [server.logfile for server in servers]
    ports = [server.port for server in servers]
    started = time.monotonic()
    try:
        for server in servers:
            server.start()
        local = threading.local()
        jobs = []
        with ThreadPoolExecutor(args.senders) as pool:
            for n, (platform, event, data) in enumerate(deliveries):
                token = channels[platform][1]
                url = f"http://127.0.0.1:{ports[n % 2]}/storefront/webhook/{token}"
                jobs.append(pool.submit(send, local, url, data, event))
        statuses = Counter(job.result() for job in jobs)
        sent = time.monotonic()
        states = wait_final(registry, channel_ids, time.monotonic() + args.wait)
        processed = time.monotonic()
    finally:
        for server in servers:
            server.stop()
    failed_classes, [(unexpected,)], [(duplicate_bindings,)], bad_rows = (
        fetch(registry, query, channel_ids) for query in REPORT_QUERIES
    )
    failed_classes = dict(failed_classes)
    error_lines = {log: error_entries(log) for log in logs}
    five_xx = sum(count for status, count in statuses.items() if status >= 500 or status == 0)
    open_rows = sum(count for state, count in states.items() if state not in FINAL_STATES)
    print(f"fuzz: {args.deliveries} signed deliveries to 2 Odoo servers (ports {ports})")
    print(f"fuzz: HTTP statuses {dict(sorted(statuses.items()))}; 5xx or no answer: {five_xx}")
    print(f"fuzz: sent in {sent - started:.0f}s, queue drained after {processed - sent:.0f}s")
    print(f"fuzz: rows by state {dict(sorted(states.items()))}; not final: {open_rows}")
    print(f"fuzz: failed rows by class {failed_classes}")
    print(f"fuzz: 'Unexpected error' rows: {unexpected}; duplicate bindings: {duplicate_bindings}")
    for state, error_class, attempts, event, message in bad_rows:
        print(f"    {state} {error_class} after {attempts} attempts ({event}): {message}")
    for log, lines in error_lines.items():
        print(f"fuzz: ERROR lines in {log}: {len(lines)}")
        for line in lines[:5]:
            print(f"    {line[:400]}")
    ok = not five_xx and not open_rows and not unexpected and not duplicate_bindings
    ok = ok and not any(error_lines.values())
    print("fuzz: OK" if ok else "fuzz: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
