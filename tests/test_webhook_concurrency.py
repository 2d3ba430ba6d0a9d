"""Concurrent webhook deliveries against committed data."""

import threading
import time
import uuid

import requests

from odoo import SUPERUSER_ID, api

from ..sandbox import deliver_webhook
from ..tools.webhook import generate_secret
from .common import ConcurrentCase, load_sample
from .webhook_common import SECRET, signed_headers, wrap


class TestWebhookConcurrency(ConcurrentCase):
    """Concurrent deliveries over real HTTP against committed data."""

    def setUp(self):
        super().setUp()
        self.token = uuid.uuid4().hex
        with self.registry.cursor() as cr:
            env = self.env_of(cr)
            channel = env["storefront.channel"].create(
                {
                    "name": "Webhook concurrency",
                    "platform": "xcart",
                    "base_url": "http://127.0.0.1:9",
                    "webhook_secret": SECRET,
                    "webhook_token": self.token,
                }
            )
            self.channel_id = channel.id
            cr.execute("SELECT coalesce(max(id), 0) FROM ir_cron_trigger")
            self.last_trigger = cr.fetchone()[0]
        self.addCleanup(self._drop_channel)
        from odoo.tools import config

        base = f"http://127.0.0.1:{config['http_port']}"
        self.url = f"{base}/storefront/webhook/{self.token}"
        # Odoo builds its map of static folders on a first request, parsing the
        # manifests with ast, which CPython 3.11 does not make thread-safe
        # (python/cpython#106905): let one request alone build it before a burst.
        requests.get(f"{base}/web/static/img/favicon.ico", timeout=60)
        self.body = wrap(load_sample("xcart55_order.json"))

    def _drop_channel(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["storefront.channel"].browse(self.channel_id).unlink()
            cron = env.ref("storefront_connector.ir_cron_storefront_process")
            cr.execute(
                "DELETE FROM ir_cron_trigger WHERE cron_id = %s AND id > %s",
                (cron.id, self.last_trigger),
            )

    def deliver_concurrently(self, headers_list):
        barrier = threading.Barrier(len(headers_list))
        results = [None] * len(headers_list)

        def send(index, headers):
            with requests.Session() as session:
                barrier.wait(timeout=10)
                results[index] = session.post(self.url, data=self.body, headers=headers, timeout=30)

        threads = [
            threading.Thread(target=send, args=(n, headers))
            for n, headers in enumerate(headers_list)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        return results

    def log_ids(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT id FROM storefront_sync_log WHERE channel_id = %s", [self.channel_id]
            )
            return {row[0] for row in cr.fetchall()}

    def test_same_delivery_20_times_concurrently(self):
        headers = signed_headers(self.body)
        responses = self.deliver_concurrently([headers] * 20)
        statuses = sorted(response.status_code for response in responses)
        self.assertEqual(statuses, [200] * 19 + [202], [r.text for r in responses])
        ids = self.log_ids()
        self.assertEqual(len(ids), 1)
        self.assertEqual({response.json()["log_id"] for response in responses}, ids)

    def test_sandbox_sender_is_accepted(self):
        """The demo's storefront sender and the route agree on the contract."""
        order = load_sample("xcart55_order.json")
        status, answer = deliver_webhook(self.url, SECRET, "Order Placed", order)
        self.assertEqual((status, answer["status"]), (202, "queued"))
        status, answer = deliver_webhook(self.url, generate_secret(), "Order Placed", order)
        self.assertEqual((status, answer), (401, {"error": "invalid_signature"}))
        self.assertEqual(len(self.log_ids()), 1)

    def test_20_distinct_deliveries_concurrently(self):
        headers = [signed_headers(self.body) for _n in range(20)]
        responses = self.deliver_concurrently(headers)
        self.assertEqual([r.status_code for r in responses], [202] * 20)
        ids = self.log_ids()
        self.assertEqual(len(ids), 20)
        self.assertEqual({r.json()["log_id"] for r in responses}, ids)

    def test_20_distinct_deliveries_import_one_sale_order(self):
        order = load_sample("xcart55_order.json")
        order["payment_status"] = {"id": 1, "code": "Q", "name": "Queued"}
        body = wrap(order)
        with self.registry.cursor() as cr:
            env = self.env_of(cr)
            for table in ("sale_order", "res_partner"):
                cr.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
                setattr(self, f"last_{table}", cr.fetchone()[0])
            shipping = env["product.product"].create({"name": "Shipping", "type": "service"})
            products = env["product.product"].create(
                [
                    {"name": item["name"], "default_code": item["sku"], "list_price": item["price"]}
                    for item in order["items"]
                ]
            )
            env["storefront.channel"].browse(self.channel_id).delivery_product_id = shipping
            self.product_ids = (products | shipping).ids
        self.addCleanup(self._drop_imported)
        headers = [signed_headers(body) for _n in range(20)]
        self.body = body
        responses = self.deliver_concurrently(headers)
        self.assertEqual([r.status_code for r in responses], [202] * 20)
        self.process_all()
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT state, count(*) FROM storefront_sync_log"
                " WHERE channel_id = %s GROUP BY state",
                [self.channel_id],
            )
            self.assertEqual(dict(cr.fetchall()), {"done": 20})
            cr.execute("SELECT count(*) FROM sale_order WHERE id > %s", [self.last_sale_order])
            self.assertEqual(cr.fetchone()[0], 1)

    def process_all(self, workers=2, deadline=30):
        """Run two processing workers on their own cursors until no row is left."""
        stop = time.monotonic() + deadline

        def worker():
            while time.monotonic() < stop:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    env["storefront.sync.log"]._cron_process(limit=5)
                    cr.execute(
                        "SELECT count(*) FROM storefront_sync_log "
                        "WHERE channel_id = %s AND state IN ('pending', 'running')",
                        [self.channel_id],
                    )
                    if not cr.fetchone()[0]:
                        return
                time.sleep(0.3)

        threads = [threading.Thread(target=worker) for _n in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(deadline + 10)

    def _drop_imported(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].search([("id", ">", self.last_sale_order)])
            orders.filtered(lambda o: o.state != "draft")._action_cancel()
            orders.unlink()
            env["storefront.binding"].search([("channel_id", "=", self.channel_id)]).unlink()
            env["res.partner"].search([("id", ">", self.last_res_partner)]).unlink()
            env["product.product"].browse(self.product_ids).unlink()
