"""The Clarity adapter, one test per method, over real HTTP."""

from datetime import datetime

from odoo.addons.storefront_connector.connectors import errors, get_adapter_class
from odoo.addons.storefront_connector.sandbox import ClaritySandbox
from odoo.tests import BaseCase

from .common import SimulatorCase, catalogue_rows

CODE = "clarity"


def settings(store):
    return {
        "base_url": store.api_url,
        "clarity_auth_mode": "oauth2",
        "clarity_token_url": store.token_url,
        "clarity_client_id": "cid",
        "clarity_client_secret": "csecret",
        "clarity_location_section": 2,
    }


class TestClarityAdapterClass(BaseCase):
    """What the adapter class declares, without a storefront."""

    def test_registered_with_its_vocabulary(self):
        cls = get_adapter_class(CODE)
        self.assertEqual((cls.code, cls.status_map), (CODE, "order_action_out"))
        self.assertEqual(set(cls.poll_entities), {"order", "customer", "product"})

    def test_default_settings_and_credentials(self):
        cls = get_adapter_class(CODE)
        url = "https://shop.example.com/DesktopModules/ClarityEcommerce/API-Admin"
        self.assertEqual(
            cls.default_settings(url), {"clarity_token_url": "https://shop.example.com/oauth/token"}
        )
        self.assertTrue(
            cls(
                {"clarity_auth_mode": "session", "clarity_username": "u", "clarity_password": "p"}
            ).credentials_complete()
        )
        self.assertFalse(
            cls({"clarity_auth_mode": "oauth2", "clarity_client_id": "c"}).credentials_complete()
        )


class TestClarityAdapter(SimulatorCase):
    """Each adapter method against a fresh Clarity simulator."""

    def setUp(self):
        super().setUp()
        self.store = self.enterContext(ClaritySandbox()).load_samples()
        self.adapter = get_adapter_class(CODE)(settings(self.store))

    def test_client_authenticates(self):
        self.assertIs(self.adapter.client, self.adapter.client)
        self.adapter.fetch("order", 88214)
        token, read = self.store.requests
        self.assertEqual(token.path, "/oauth/token")
        self.assertTrue(read.header("Authorization").startswith("Bearer "))

    def test_store_summary(self):
        products, dates = self.adapter.store_summary()
        self.assertEqual((products, dates), (1, ["2026-11-21T08:15:00Z"]))

    def test_list_changed(self):
        orders, pages, complete = self.adapter.list_changed(
            "order", datetime(2026, 11, 21), 0, 50, 5
        )
        self.assertEqual(([o["ID"] for o in orders], pages, complete), ([88214], 1, True))
        self.assertEqual(self.store.requests[-1].query["ModifiedSince"], "2026-11-21T00:00:00Z")
        users, _pages, _complete = self.adapter.list_changed("customer", None, 0, 50, 5)
        self.assertEqual(len(users), 1)
        later, _pages, _complete = self.adapter.list_changed(
            "order", datetime(2026, 11, 22), 0, 50, 5
        )
        self.assertEqual(later, [])

    def test_object_date(self):
        self.assertEqual(
            self.adapter.object_date("order", {"UpdatedDate": "U", "CreatedDate": "C"}), "U"
        )
        self.assertEqual(self.adapter.object_date("order", {"CreatedDate": "C"}), "C")

    def test_fetch(self):
        self.assertEqual(self.adapter.fetch("order", 88214)["ID"], 88214)
        self.assertEqual(self.adapter.fetch("product", 301)["CustomKey"], "VALVE-DN50")
        self.assertTrue(
            self.adapter.fetch("customer", self.adapter.fetch("order", 88214)["UserID"])["ID"]
        )

    def test_order_lines_addresses_payments(self):
        order = self.adapter.fetch("order", 88214)
        self.assertEqual([line["Sku"] for line in self.adapter.order_lines(order)], ["VALVE-DN50"])
        billing, shipping = self.adapter.order_addresses(order)
        self.assertEqual(billing["Email1"], "purchasing@acme-industrial.de")
        self.assertTrue(shipping)
        self.assertEqual(self.adapter.order_payments(order), [(560.49, "Captured")])

    def test_catalogue(self):
        self.assertEqual(catalogue_rows(self.adapter), [("VALVE-DN50", 301, None)])

    def test_push_stock(self):
        self.adapter.push_stock("301", None, 7)
        self.assertEqual(self.store.inventory[(301, 2)]["Quantity"], 7)

    def test_push_shipment(self):
        self.assertIs(self.adapter.push_shipment("88214", "odoo-x-1", "DHL-1", "DHL"), True)
        self.assertIs(self.adapter.push_shipment("88214", "odoo-x-1", "DHL-2", "DHL"), True)
        (shipment,) = self.store.shipments.values()
        self.assertEqual((shipment["CustomKey"], shipment["TrackingNumber"]), ("odoo-x-1", "DHL-2"))

    def test_push_order_status(self):
        self.assertIs(self.adapter.push_order_status("88214", "shipped", {}), True)
        self.assertEqual(self.store.sales_orders[88214]["StatusKey"], "SHIPPED")
        self.assertIs(self.adapter.push_order_status("88214", "returned", {}), False)
        maps = {"order_action_out": {"cancelled": "Void"}}
        self.assertIs(self.adapter.push_order_status("88214", "cancelled", maps), True)
        self.assertEqual(self.store.sales_orders[88214]["StatusKey"], "VOID")
        with self.assertRaises(errors.ValidationError):
            self.adapter.push_order_status("88214", "x", {"order_action_out": {"x": "Explode"}})
