"""Take the README screenshots from a running demo with headless Chromium.

Usage: python3 bin/screenshots.py [ODOO_URL] [DATABASE]
(defaults: http://127.0.0.1:8069 and storefront_demo).
Writes readme/dashboard.png, readme/setup_wizard.png and readme/flow.png (the
newest channel's Flow). Needs websocket-client.
"""

import base64
import json
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
PAGES = {
    "dashboard.png": "/odoo/action-storefront_connector.storefront_overview_action",
    "setup_wizard.png": "/odoo/action-storefront_connector.storefront_setup_wizard_action",
    "flow.png": "/odoo/action-storefront_connector.storefront_flow_action_client",
}
READY = {
    "dashboard.png": ".o_kanban_record canvas",
    "setup_wizard.png": ".modal .o_form_view",
    "flow.png": ".o_storefront_flow .o_flow_rule",
}
PORT = 9337


def login(url, db):
    session = requests.Session()
    answer = session.post(
        f"{url}/web/session/authenticate",
        json={"params": {"db": db, "login": "admin", "password": "admin"}},
        timeout=30,
    )
    answer.raise_for_status()
    return session.cookies.get("session_id")


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

    def wait_for(self, expression, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
            if result.get("result", {}).get("value"):
                return True
            time.sleep(0.5)
        return False


def main():
    url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8069"
    db = sys.argv[2] if len(sys.argv) > 2 else "storefront_demo"
    chrome = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chrome:
        sys.exit("chromium is not installed")
    session_id = login(url, db)
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        browser = subprocess.Popen(
            [
                chrome,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--remote-debugging-port={PORT}",
                f"--user-data-dir={profile}",
                "--window-size=1440,900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            targets = []
            for _attempt in range(60):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/json", timeout=2) as r:
                        targets = [t for t in json.load(r) if t.get("type") == "page"]
                    if targets:
                        break
                except OSError:
                    time.sleep(0.5)
            page = Page(targets[0]["webSocketDebuggerUrl"])
            page.call("Network.enable")
            host = url.split("://", 1)[1].split("/")[0].split(":")[0]
            page.call(
                "Network.setCookie", name="session_id", value=session_id, domain=host, path="/"
            )
            page.call(
                "Emulation.setDeviceMetricsOverride",
                width=1440,
                height=900,
                deviceScaleFactor=1,
                mobile=False,
            )
            for name, path in PAGES.items():
                page.call("Page.navigate", url=url + path)
                ready = READY[name]
                if not page.wait_for(f"!!document.querySelector({json.dumps(ready)})"):
                    print(f"{name}: the page did not show {ready}", file=sys.stderr)
                time.sleep(2)
                shot = page.call("Page.captureScreenshot", format="png")
                (OUT / name).write_bytes(base64.b64decode(shot["data"]))
                print(f"wrote {OUT / name}")
        finally:
            browser.terminate()
            browser.wait(timeout=10)


if __name__ == "__main__":
    main()
