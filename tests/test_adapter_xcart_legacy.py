"""The X-Cart legacy add-on adapter, one test per method, over real HTTP.

The template of a platform's adapter tests: copy it as
``tests/test_adapter_<platform>.py`` and keep one test per adapter method.
"""

from datetime import datetime

from odoo.addons.storefront_connector.connectors import errors, get_adapter_class
from odoo.tests import BaseCase

from .common import XCartAdapterCase, catalogue_rows

CODE = "xcart_legacy"


class TestXCartLegacyAdapterClass(BaseCase):
    """What the adapter class declares, without a storefront."""

    def test_registered_with_its_vocabulary(self):
        cls = get_adapter_class(CODE)
        self.assertEqual((cls.code, cls.status_map), (CODE, "shipping_status_out"))
        self.assertIn("tracking", cls.capabilities)
        self.assertEqual(set(cls.poll_entities), {"order", "product"})


class TestXCartLegacyAdapter(XCartAdapterCase):
    code = CODE
    credentials = {"xcart_legacy_key": "legacy-rw"}

    def test_credentials_complete(self):
        cls = get_adapter_class(CODE)
        self.assertTrue(cls({"xcart_legacy_key": "k"}).credentials_complete())
        self.assertFalse(cls({"xcart_legacy_key": ""}).credentials_complete())

    def test_client_sends_the_key_and_is_built_once(self):
        self.assertIs(self.adapter.client, self.adapter.client)
        self.adapter.fetch("order", 10452)
        (request,) = self.store.requests
        self.assertEqual(request.query["_key"], "legacy-rw")
        self.assertEqual(request.query["target"], "RESTAPI")

    def test_store_summary(self):
        products, dates = self.adapter.store_summary()
        self.assertEqual(products, 2)
        self.assertEqual(
            dates, [int(datetime.fromisoformat("2026-11-20T14:03:11+00:00").timestamp())]
        )

    def test_list_changed_pages_by_offset_newest_first(self):
        base = self.store.orders[10452]
        for n in range(5):
            self.store.add_order(
                dict(base, id=20000 + n, create_date=f"2026-11-2{n}T10:00:00+00:00")
            )
        since = datetime(2026, 11, 22, 12, 0)
        orders, pages, complete = self.adapter.list_changed("order", since, 0, 2, 10)
        self.assertEqual(sorted(o["order_id"] for o in orders), [20003, 20004])
        self.assertTrue(complete)
        self.assertGreaterEqual(pages, 1)
        offsets = [r.query.get("_cnd[limit][0]") for r in self.store.requests]
        self.assertEqual(offsets[0], "0")
        self.assertIn("4", offsets)  # the count first, then the newest page

    def test_list_changed_stops_at_the_page_bound(self):
        base = self.store.orders[10452]
        for n in range(6):
            self.store.add_order(dict(base, id=30000 + n))
        orders, pages, complete = self.adapter.list_changed("order", None, 0, 2, 2)
        self.assertEqual((len(orders), pages, complete), (4, 2, False))
        rest, _pages, complete = self.adapter.list_changed("order", None, 2, 2, 2)
        self.assertEqual(len(rest), 3)
        self.assertTrue(complete)  # the rest of the window

    def test_object_date(self):
        self.assertEqual(self.adapter.object_date("order", {"date": 1795000000}), 1795000000)
        self.assertEqual(self.adapter.object_date("product", {"updateDate": 5, "date": 1}), 5)

    def test_fetch(self):
        order = self.adapter.fetch("order", 10452)
        self.assertEqual((order["order_id"], order["orderNumber"]), (10452, "00457"))
        self.assertEqual(self.adapter.fetch("product", 57)["product_id"], 57)
        with self.assertRaises(errors.ValidationError):
            self.adapter.fetch("order", 999)

    def test_order_lines_and_addresses(self):
        order = self.adapter.fetch("order", 10452)
        self.assertEqual(
            [line["sku"] for line in self.adapter.order_lines(order)],
            ["TSHIRT-BLK-M", "MUG-0042"],
        )
        billing, shipping = self.adapter.order_addresses(order)
        self.assertEqual(
            (billing["street"], shipping["street"]),
            ("1200 Market St\nSuite 400", "88 Howard St"),
        )
        self.assertEqual(self.adapter.order_addresses({"profile": {}}), ({}, None))
        self.assertEqual(self.adapter.order_payments(order), [])

    def test_catalogue(self):
        entries = set(catalogue_rows(self.adapter))
        self.assertIn(("TSHIRT-BLK-M", 57, None), entries)
        self.assertIn(("TSHIRT-BLK-L", 571, 57), entries)

    def test_push_stock(self):
        self.adapter.push_stock("57", None, 12)
        self.adapter.push_stock("571", "57", 4)
        self.assertEqual(self.store.products[57]["amount"], 12)
        self.assertEqual(self.store.products[57]["variants"][0]["amount"], 4)

    def test_push_shipment_once(self):
        self.assertIs(self.adapter.push_shipment("10452", "key", "1Z-1", "UPS"), True)
        self.assertIs(self.adapter.push_shipment("10452", "key", "1Z-1", "UPS"), False)
        self.assertEqual(self.store.orders[10452]["tracking_numbers"], [{"value": "1Z-1"}])

    def test_push_order_status(self):
        maps = {"shipping_status_out": {"shipped": "S", "returned": "R"}}
        self.assertIs(self.adapter.push_order_status("10452", "returned", maps), True)
        self.assertEqual(self.store.orders[10452]["shipping_status"]["code"], "R")
        self.assertIs(
            self.adapter.push_order_status("10452", "shipped", {}), True
        )  # S without a map
        with self.assertRaisesRegex(errors.ValidationError, "shipping_status_out"):
            self.adapter.push_order_status("10452", "cancelled", {})
