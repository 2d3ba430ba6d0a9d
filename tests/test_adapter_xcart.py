"""The X-Cart 5.5 adapter, one test per method, over real HTTP."""

from datetime import datetime

from odoo.addons.storefront_connector.connectors import errors, get_adapter_class
from odoo.tests import BaseCase

from .common import XCartAdapterCase, catalogue_rows

CODE = "xcart"


class TestXCartAdapterClass(BaseCase):
    """What the adapter class declares, without a storefront."""

    def test_registered_with_its_vocabulary(self):
        cls = get_adapter_class(CODE)
        self.assertEqual((cls.code, cls.status_map), (CODE, "shipping_status_out"))
        self.assertNotIn("tracking", cls.capabilities)
        self.assertIn("endpoint", str(cls({}).limitation("tracking")))

    def test_credentials_complete_and_the_legacy_helper(self):
        cls = get_adapter_class(CODE)
        self.assertTrue(cls({"xcart_token": "t"}).credentials_complete())
        self.assertFalse(cls({}).credentials_complete())
        self.assertIn("tracking", cls({"xcart_token": "t", "xcart_legacy_key": "k"}).capabilities)


class TestXCartAdapter(XCartAdapterCase):
    code = CODE
    credentials = {"xcart_token": "rw-token"}

    def test_client_sends_the_token(self):
        self.assertIs(self.adapter.client, self.adapter.client)
        self.adapter.fetch("order", 10452)
        self.assertEqual(self.store.requests[0].header("X-Auth-Token"), "rw-token")

    def test_store_summary(self):
        products, dates = self.adapter.store_summary()
        self.assertEqual((products, dates), (2, ["2026-11-20T14:03:11+00:00"]))

    def test_list_changed_orders_stop_at_the_first_older(self):
        self.store.add_order(
            dict(self.store.orders[10452], id=10453, update_date="2026-11-22T10:00:00+00:00")
        )
        orders, pages, complete = self.adapter.list_changed(
            "order", datetime(2026, 11, 21), 0, 100, 5
        )
        self.assertEqual(([o["id"] for o in orders], pages, complete), ([10453], 1, True))
        self.assertEqual(self.store.requests[0].query["order[lastRenewDate]"], "desc")

    def test_list_changed_products_filtered_and_bounded(self):
        products, _pages, complete = self.adapter.list_changed(
            "product", datetime(2026, 11, 20), 0, 100, 5
        )
        self.assertEqual([p["id"] for p in products], [83])
        self.assertTrue(complete)
        _products, pages, complete = self.adapter.list_changed("product", None, 0, 1, 1)
        self.assertEqual((pages, complete), (1, False))

    def test_object_date(self):
        self.assertEqual(self.adapter.object_date("order", {"update_date": "A", "date": "B"}), "A")

    def test_fetch(self):
        self.assertEqual(self.adapter.fetch("order", 10452)["order_number"], "00457")
        self.assertEqual(self.adapter.fetch("product", 57)["sku"], "TSHIRT-BLK-M")
        self.assertEqual(self.adapter.fetch("customer", 311)["login"], "Jane.Doe@Example.com")
        with self.assertRaises(errors.ValidationError):
            self.adapter.fetch("coupon", 1)

    def test_order_lines_and_addresses(self):
        order = self.adapter.fetch("order", 10452)
        self.assertEqual(
            [line["sku"] for line in self.adapter.order_lines(order)],
            ["TSHIRT-BLK-M", "MUG-0042"],
        )
        billing, shipping = self.adapter.order_addresses(order)
        self.assertEqual((billing["zipcode"], shipping["zipcode"]), ("94102", "94105"))
        self.assertEqual(self.adapter.order_payments(order), [])

    def test_catalogue(self):
        expected = {("TSHIRT-BLK-M", 57, None), ("TSHIRT-BLK-L", 571, 57), ("MUG-0042", 83, None)}
        self.assertEqual(set(catalogue_rows(self.adapter)), expected)

    def test_push_stock(self):
        self.adapter.push_stock("57", None, 12)
        self.adapter.push_stock("571", "57", 4)
        paths = [r.path for r in self.store.requests]
        self.assertEqual(paths, ["/api/products/57", "/api/products/57/variants/571"])
        self.assertEqual(
            (
                self.store.products[57]["amount"],
                self.store.products[57]["variants"][0]["amount"],
            ),
            (12, 4),
        )

    def test_push_shipment_needs_the_legacy_key(self):
        with self.assertRaises(errors.UnsupportedError):
            self.adapter.push_shipment("10452", "key", "1Z-1", "UPS")
        settings = {
            "base_url": self.store.url,
            "xcart_token": "rw-token",
            "xcart_legacy_key": "legacy-rw",
        }
        helped = get_adapter_class(CODE)(settings)
        self.assertIs(helped.push_shipment("10452", "key", "1Z-1", "UPS"), True)
        self.assertEqual(self.store.requests[-1].path, "/admin.php")
        self.assertEqual(self.store.orders[10452]["tracking_numbers"], [{"value": "1Z-1"}])

    def test_push_order_status(self):
        self.assertIs(self.adapter.push_order_status("10452", "shipped", {}), True)
        self.assertEqual(self.store.requests[-1].json, {"code": "S"})
        maps = {"shipping_status_out": {"cancelled": "WND"}}
        self.assertIs(self.adapter.push_order_status("10452", "cancelled", maps), True)
        self.assertEqual(self.store.orders[10452]["shipping_status"]["code"], "WND")
        with self.assertRaises(errors.ValidationError):
            self.adapter.push_order_status("10452", "returned", {})
