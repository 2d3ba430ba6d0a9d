"""The WooCommerce client and adapter against the simulator: signing, paging with
continuation, batch stock, webhooks, and the faults a real store shows (429, 5xx, slow)."""

import time
from datetime import datetime

from odoo.tests import TransactionCase

from ..connectors.adapter_woocommerce import WooCommerceAdapter
from ..connectors.errors import AuthError, TransientError, ValidationError
from ..sandbox import WooCommerceSandbox
from .common import catalogue_rows


class TestWooCommerceSandbox(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store = cls.enterClassContext(WooCommerceSandbox())

    def setUp(self):
        super().setUp()
        self.store.clear_requests()
        self.store.clear_faults()
        for table in (self.store.products, self.store.orders, self.store.webhooks):
            table.clear()
        self.store.notes.clear()
        self.store.trackings.clear()
        self.store.shipment_tracking = False
        self.slept = []

    def adapter(self, secret="cs_sandbox", **options):
        settings = {
            "base_url": self.store.url,
            "woocommerce_consumer_key": "ck_sandbox",
            "woocommerce_consumer_secret": secret,
        }
        options.setdefault("timeout", 5)
        return WooCommerceAdapter(settings, sleep=self.slept.append, **options)

    def calls(self, method=None):
        return [r for r in self.store.requests if method in (None, r.method)]

    def test_every_attempt_is_signed_anew_and_a_wrong_secret_is_an_auth_error(self):
        self.store.add_product("A-1")
        self.store.inject("503", count=1)
        self.assertEqual([sku for sku, *_rest in catalogue_rows(self.adapter())], ["A-1"])
        first, second = self.calls("GET")
        self.assertNotEqual(first.query["oauth_nonce"], second.query["oauth_nonce"])
        with self.assertRaises(AuthError):
            catalogue_rows(self.adapter(secret="cs_wrong"))

    def test_a_catalogue_page_carries_variations_options_and_barcodes(self):
        parent = self.store.add_product("", name="Hoodie", global_unique_id="4006381333931")
        variation = self.store.add_variation(parent["id"], "HOOD-M")
        variation["attributes"] = [{"id": 1, "name": "Size", "option": "M"}]
        entries, complete, pages = self.adapter().catalogue_page(0)
        self.assertEqual((complete, pages), (True, 1))
        first, second = entries
        self.assertEqual(
            (first["barcode"], first["variants"], first["sku"]), ("4006381333931", 1, None)
        )
        self.assertEqual((second["parent_id"], second["options"]), (parent["id"], {"Size": "M"}))
        self.assertEqual(second["name"], "Hoodie")

    def test_polling_pages_by_total_pages_and_resumes(self):
        for day in range(1, 251):
            self.store.add_order(modified=f"2026-0{1 + day // 100}-01T00:00:{day % 60:02d}")
        since = datetime(2025, 1, 1)
        objects, pages, complete = self.adapter().list_changed("order", since, 0, 100, 2)
        self.assertEqual((len(objects), pages, complete), (200, 2, False))
        rest, pages, complete = self.adapter().list_changed("order", since, 2, 100, 2)
        self.assertEqual((len(rest), pages, complete), (50, 1, True))
        self.assertEqual(len({o["id"] for o in objects + rest}), 250)
        self.assertEqual(self.calls()[0].query["modified_after"], "2025-01-01T00:00:00")

    def test_429_is_retried_after_the_stores_delay(self):
        self.store.inject("429", count=2, retry_after=2)
        objects, _pages, complete = self.adapter().list_changed("product", None, 0, 100, 1)
        self.assertEqual((objects, complete), ([], True))
        self.assertEqual(self.slept, [2.0, 2.0])

    def test_5xx_that_persists_is_a_transient_error(self):
        self.store.inject("500", count=10)
        with self.assertRaises(TransientError):
            self.adapter().push_stock_batch([(1, None, 5)])

    def test_a_slow_page_ends_the_run_at_its_deadline(self):
        """A slow store costs the row its run: no page starts past the engine's deadline."""
        for second in range(150):
            self.store.add_order(modified=f"2026-02-01T00:02:{second % 60:02d}")
        self.store.inject("slow", count=1, delay=1.2)
        adapter = self.adapter(deadline=time.monotonic() + 1.0)
        with self.assertRaisesRegex(TransientError, "No time left"):
            adapter.list_changed("order", None, 0, 100, 2)
        self.assertEqual(len(self.calls("GET")), 1)

    def test_stock_goes_in_batches_of_100_and_variations_per_parent(self):
        products = [self.store.add_product(f"P-{n}") for n in range(250)]
        parent = self.store.add_product("SHIRT")
        variations = [self.store.add_variation(parent["id"], f"SHIRT-{n}") for n in range(3)]
        items = [(p["id"], None, 7) for p in products]
        items += [(v["id"], parent["id"], 3) for v in variations]
        self.adapter().push_stock_batch(items)
        posts = self.calls("POST")
        self.assertEqual(len(posts), 4)
        self.assertEqual([len(p.json["update"]) for p in posts], [100, 100, 50, 3])
        self.assertEqual(posts[-1].path, f"/wp-json/wc/v3/products/{parent['id']}/variations/batch")
        self.assertEqual({p["stock_quantity"] for p in products}, {7})
        self.assertEqual({v["stock_quantity"] for v in variations}, {3})
        self.assertTrue(all(item["manage_stock"] for item in posts[0].json["update"]))

    def test_refused_stock_item_is_a_validation_error(self):
        with self.assertRaises(ValidationError) as caught:
            self.adapter().push_stock_batch([(999999, None, 1)])
        self.assertIn("Invalid ID", str(caught.exception))

    def test_webhooks_registered_once_then_updated(self):
        adapter = self.adapter()
        url = "http://127.0.0.1:8069/storefront/webhook/abc"
        states = adapter.register_webhooks(url, "s3cret", ["order.created", "order.updated"])
        self.assertEqual({s["status"] for s in states}, {"active"})
        hook = next(iter(self.store.webhooks.values()))
        hook["status"] = "disabled"
        self.assertIn("disabled", adapter.webhook_states(url).values())
        again = adapter.register_webhooks(url, "s3cret", ["order.created", "order.updated"])
        self.assertEqual(len(self.store.webhooks), 2)
        self.assertEqual(sorted(s["id"] for s in again), sorted(s["id"] for s in states))
        self.assertEqual(set(adapter.webhook_states(url).values()), {"active"})
        self.assertNotIn("s3cret", str(self.calls("GET")[-1].body))

    def test_shipment_is_a_customer_note_once_without_the_tracking_extension(self):
        order = self.store.add_order()
        adapter = self.adapter()
        self.assertTrue(adapter.push_shipment(order["id"], "k1", "1Z999", "UPS"))
        self.assertFalse(adapter.push_shipment(order["id"], "k1", "1Z999", "UPS"))
        notes = self.store.notes[order["id"]]
        self.assertEqual([n["note"] for n in notes], ["Shipped with UPS: tracking number 1Z999"])
        self.assertTrue(notes[0]["customer_note"])
        self.assertFalse(self.store.trackings)
        self.assertFalse([r for r in self.calls("POST") if "shipment-trackings" in r.path])

    def test_shipment_tracking_extension_gets_its_item_once_with_the_note(self):
        self.store.shipment_tracking = True
        order = self.store.add_order()
        adapter = self.adapter()
        self.assertTrue(adapter.push_shipment(order["id"], "k1", "1Z999", "UPS"))
        self.assertFalse(adapter.push_shipment(order["id"], "k1", "1Z999", "UPS"))
        items = self.store.trackings[order["id"]]
        self.assertEqual(
            [(i["custom_tracking_provider"], i["tracking_number"]) for i in items],
            [("UPS", "1Z999")],
        )
        self.assertEqual(len(self.store.notes[order["id"]]), 1)
        self.store.orders.clear()
        with self.assertRaises(ValidationError):
            adapter.push_shipment(order["id"], "k1", "1Z999", "UPS")
