"""Fuzzed signed deliveries to two Odoo servers sharing one database.

Starts two real ``python3 -m odoo`` processes (different ports, each with its
own cron thread), sends N Standard Webhooks deliveries (mutated X-Cart and
Clarity orders and customers, a few customers shared by many orders so that
workers race to bind them) alternately to both, waits until every row is final,
then checks: no 5xx, every row final, no "Unexpected error" row, no ERROR line
in either server's log. Exit status 0 when all hold.

    bin/bench bench/fuzz_two_servers.py          (1,000 deliveries by default)
"""

import argparse
import base64
import copy
import getpass
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from bench_intake import free_port, odoo_env, wait_ready

ADDON_DIR = Path(__file__).resolve().parent.parent

SECRET = "whsec_" + base64.b64encode(os.urandom(32)).decode()
FINAL_STATES = ("done", "failed", "cancelled")
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
EMAILS = ["shared.one@shop.test", "shared.two@shop.test", "adm_n@corp.com", "admin@corp.com"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--db-host", default=os.environ.get("PGHOST", "127.0.0.1"))
    parser.add_argument("--db-port", default=os.environ.get("PGPORT", "5432"))
    parser.add_argument("--db-user", default=os.environ.get("PGUSER", getpass.getuser()))
    parser.add_argument("--deliveries", type=int, default=1000)
    parser.add_argument("--senders", type=int, default=8)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--wait", type=int, default=1500, help="seconds to wait for final rows")
    return parser.parse_args()


def setup(registry):
    """Two channels (X-Cart, Clarity) with the sample products; returns their tokens."""
    from odoo import SUPERUSER_ID, Command, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
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


def paths(obj, prefix=()):
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield (*prefix, key)
            yield from paths(value, (*prefix, key))
    elif isinstance(obj, list):
        for index, value in enumerate(obj):
            yield (*prefix, index)
            yield from paths(value, (*prefix, index))


def mutate(rng, obj):
    obj = copy.deepcopy(obj)
    for _n in range(rng.randint(0, 3)):
        path = rng.choice(list(paths(obj)) or [()])
        if not path:
            break
        parent = obj
        for step in path[:-1]:
            parent = parent[step]
        if isinstance(parent, dict) and rng.random() < 0.2:
            parent.pop(path[-1], None)
        else:
            parent[path[-1]] = rng.choice(ODD_VALUES)
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
        return platform, "customer.updated", mutate(rng, data) if rng.random() < 0.3 else data
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
    return platform, event, mutate(rng, order) if rng.random() < 0.6 else order


def start_server(args, port, logfile):
    command = [
        sys.executable,
        "-m",
        "odoo",
        "--addons-path",
        args.addons_path,
        "--db_host",
        args.db_host,
        "--db_port",
        str(args.db_port),
        "--db_user",
        args.db_user,
        "-d",
        args.database,
        "--db-filter",
        f"^{args.database}$",
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(port),
        "--workers",
        "0",
        "--max-cron-threads",
        "1",
        "--log-level",
        "info",
        "--logfile",
        logfile,
    ]
    return subprocess.Popen(command, cwd="/tmp", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


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
    while True:
        with registry.cursor() as cr:
            cr.execute(
                "SELECT state, count(*) FROM storefront_sync_log "
                "WHERE channel_id = ANY(%s) GROUP BY state",
                [channel_ids],
            )
            states = dict(cr.fetchall())
        open_rows = sum(count for state, count in states.items() if state not in FINAL_STATES)
        if not open_rows or time.monotonic() > deadline:
            return states
        time.sleep(3)


def main():
    args = parse_args()
    registry = odoo_env(args)
    channels = setup(registry)
    channel_ids = [channel_id for channel_id, _token in channels.values()]
    samples = {
        "xcart": json.loads((ADDON_DIR / "sandbox/data/xcart55_order.json").read_text()),
        "clarity": json.loads((ADDON_DIR / "sandbox/data/clarity_salesorder.json").read_text()),
    }
    rng = random.Random(args.seed)
    deliveries = [make_delivery(rng, samples, n) for n in range(args.deliveries)]
    logdir = tempfile.mkdtemp(prefix="storefront_fuzz_")
    ports = [free_port(), free_port()]
    logs = [os.path.join(logdir, f"odoo-{port}.log") for port in ports]
    servers = [start_server(args, port, log) for port, log in zip(ports, logs, strict=True)]
    started = time.monotonic()
    try:
        with requests.Session() as session:
            for port, server in zip(ports, servers, strict=True):
                wait_ready(session, f"http://127.0.0.1:{port}", server)
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
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    with registry.cursor() as cr:
        cr.execute(
            "SELECT error_class, count(*) FROM storefront_sync_log "
            "WHERE channel_id = ANY(%s) AND state = 'failed' GROUP BY error_class",
            [channel_ids],
        )
        failed_classes = dict(cr.fetchall())
        cr.execute(
            "SELECT count(*) FROM storefront_sync_log WHERE channel_id = ANY(%s) "
            "AND error_message LIKE 'Unexpected error%%'",
            [channel_ids],
        )
        unexpected = cr.fetchone()[0]
        cr.execute(
            "SELECT count(*) FROM (SELECT 1 FROM storefront_binding WHERE channel_id = ANY(%s) "
            "GROUP BY channel_id, res_model, res_id HAVING count(*) > 1) dup",
            [channel_ids],
        )
        duplicate_bindings = cr.fetchone()[0]
    error_lines = {}
    for log in logs:
        with open(log, errors="replace") as handle:
            error_lines[log] = [
                line.rstrip()
                for line in handle
                if re.search(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ", line)
            ]
    five_xx = sum(count for status, count in statuses.items() if status >= 500 or status == 0)
    open_rows = sum(count for state, count in states.items() if state not in FINAL_STATES)
    print(f"fuzz: {args.deliveries} signed deliveries to 2 Odoo servers (ports {ports})")
    print(f"fuzz: HTTP statuses {dict(sorted(statuses.items()))}; 5xx or no answer: {five_xx}")
    print(f"fuzz: sent in {sent - started:.0f}s, all rows final after {processed - sent:.0f}s")
    print(f"fuzz: rows by state {dict(sorted(states.items()))}; not final: {open_rows}")
    print(f"fuzz: failed rows by class {failed_classes}")
    print(f"fuzz: 'Unexpected error' rows: {unexpected}; duplicate bindings: {duplicate_bindings}")
    for log, lines in error_lines.items():
        print(f"fuzz: ERROR lines in {log}: {len(lines)}")
        for line in lines[:5]:
            print(f"    {line[:300]}")
    ok = not five_xx and not open_rows and not unexpected and not duplicate_bindings
    ok = ok and not any(error_lines.values())
    print("fuzz: OK" if ok else "fuzz: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
