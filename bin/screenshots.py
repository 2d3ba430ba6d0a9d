"""Take the README screenshots from a running demo with headless Chromium.

Usage: python3 bin/screenshots.py [ODOO_URL] [DATABASE] [NAME...]
(defaults: http://127.0.0.1:8069, storefront_demo, every picture).
Writes one PNG per main screen into readme/: the Overview, a channel, the sync
log, a failed row, a storefront order, the setup wizard and a delivery as a
warehouse user sees it (login ``warehouse``, created by bin/demo_setup.py), and the
newest channel's Flow diagram.
SCREENSHOT_CDP_PORT sets Chromium's debugging port (9337). Needs websocket-client.
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import requests
import websocket

OUT = Path(__file__).resolve().parent.parent / "readme"
PORT = int(os.environ.get("SCREENSHOT_CDP_PORT", "9337"))
USERS = {"admin": "admin", "warehouse": "warehouse"}
ACTION = "/odoo/action-storefront_connector."
FORM = ".o_form_view .o_form_sheet"


def first(rpc, model, domain, order="id desc"):
    """The id of the first record of ``model`` matching ``domain``, or None."""
    ids = rpc(model, "search", [domain], {"limit": 1, "order": order})
    return ids[0] if ids else None


def storefront_picking(rpc):
    """The newest delivery of a storefront order, one ready to validate if any."""
    domain = [
        ("sale_id.storefront_channel_id", "!=", False),
        ("picking_type_code", "=", "outgoing"),
    ]
    ready = [("state", "=", "assigned"), ("products_availability_state", "=", "available")]
    return first(rpc, "stock.picking", [*domain, *ready]) or first(rpc, "stock.picking", domain)


# name: (user, path or (model, domain, path prefix), selector the page must show,
#        optionally a selector to click first, once the page is loaded)
SHOTS = {
    "overview.png": ("admin", ACTION + "storefront_overview_action", ".o_kanban_record canvas"),
    "channel_form.png": (
        "admin",
        ("storefront.channel", [("platform", "=", "xcart")], ACTION + "storefront_channel_action"),
        FORM,
    ),
    "sync_log.png": ("admin", ACTION + "storefront_sync_log_action", ".o_list_view .o_data_row"),
    "sync_log_failed.png": (
        "admin",
        (
            "storefront.sync.log",
            [("state", "in", ("failed", "dead"))],
            ACTION + "storefront_sync_log_action",
        ),
        FORM + " .alert-danger",
    ),
    "sale_order.png": (
        "admin",
        ("sale.order", [("storefront_channel_id", "!=", False)], "/odoo/action-sale.action_orders"),
        FORM + " .o_storefront_order_badge",
    ),
    "setup_wizard.png": (
        "admin",
        ACTION + "storefront_overview_action",
        ".modal .o_form_view",
        "[data-menu-xmlid='storefront_connector.storefront_setup_wizard_menu']",
    ),
    "delivery_warehouse.png": (
        "warehouse",
        (storefront_picking, "/odoo/action-stock.action_picking_tree_all"),
        FORM,
    ),
    "flow.png": (
        "admin",
        ACTION + "storefront_flow_action_client",
        ".o_storefront_flow .o_flow_rule",
    ),
}


def login(url, db, user):
    session = requests.Session()
    answer = session.post(
        f"{url}/web/session/authenticate",
        json={"params": {"db": db, "login": user, "password": USERS[user]}},
        timeout=30,
    )
    answer.raise_for_status()
    if answer.json().get("error"):
        raise SystemExit(f"cannot log in as {user}: {answer.json()['error']['message']}")
    return session


def rpc_of(url, session):
    def rpc(model, method, args, kwargs=None):
        answer = session.post(
            f"{url}/web/dataset/call_kw",
            json={
                "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}}
            },
            timeout=30,
        ).json()
        if answer.get("error"):
            raise SystemExit(answer["error"]["data"]["message"])
        return answer["result"]

    return rpc


def resolve(rpc, target):
    """The URL path of a shot: fixed, or the first matching record's form."""
    if isinstance(target, str):
        return target
    finder = target[0] if callable(target[0]) else lambda rpc: first(rpc, *target[:2])
    record_id = finder(rpc)
    return record_id and f"{target[-1]}/{record_id}"


class Page:
    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                return message.get("result", {})

    def wait_for(self, expression, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
            if result.get("result", {}).get("value"):
                return True
            time.sleep(0.5)
        return False


def start_browser(chrome, profile):
    browser = subprocess.Popen(
        [
            chrome,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--remote-debugging-address=127.0.0.1",
            f"--remote-debugging-port={PORT}",
            f"--user-data-dir={profile}",
            "--window-size=1440,900",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _attempt in range(60):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/json", timeout=2) as answer:
                targets = [t for t in json.load(answer) if t.get("type") == "page"]
            if targets:
                return browser, Page(targets[0]["webSocketDebuggerUrl"])
        except OSError:
            pass
        time.sleep(0.5)
    browser.terminate()
    raise SystemExit("chromium did not open its debugging port")


def shoot(page, url, sessions, name):
    user, target, ready, *click = SHOTS[name]
    path = resolve(sessions["admin"][1], target)
    if not path:
        print(f"{name}: no record to show yet, skipped", file=sys.stderr)
        return
    host = url.split("://", 1)[1].split("/")[0].split(":")[0]
    page.call("Network.clearBrowserCookies")
    page.call(
        "Network.setCookie",
        name="session_id",
        value=sessions[user][0].cookies.get("session_id"),
        domain=host,
        path="/",
    )
    page.call("Page.navigate", url=url + path)
    for selector in click:
        found = f"document.querySelector({json.dumps(selector)})"
        if page.wait_for(f"!!{found}"):
            page.call("Runtime.evaluate", expression=f"{found}.click()")
    if not page.wait_for(f"!!document.querySelector({json.dumps(ready)})"):
        print(f"{name}: the page did not show {ready}", file=sys.stderr)
    time.sleep(2)
    shot = page.call("Page.captureScreenshot", format="png")
    (OUT / name).write_bytes(base64.b64decode(shot["data"]))
    print(f"wrote {OUT / name}")


def main():
    url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8069"
    db = sys.argv[2] if len(sys.argv) > 2 else "storefront_demo"
    names = sys.argv[3:] or list(SHOTS)
    chrome = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chrome:
        sys.exit("chromium is not installed")
    sessions = {}
    for user in {SHOTS[name][0] for name in names} | {"admin"}:
        session = login(url, db, user)
        sessions[user] = (session, rpc_of(url, session))
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        browser, page = start_browser(chrome, profile)
        try:
            page.call("Network.enable")
            page.call(
                "Emulation.setDeviceMetricsOverride",
                width=1440,
                height=900,
                deviceScaleFactor=1,
                mobile=False,
            )
            for name in names:
                shoot(page, url, sessions, name)
        finally:
            browser.terminate()
            browser.wait(timeout=10)


if __name__ == "__main__":
    main()
