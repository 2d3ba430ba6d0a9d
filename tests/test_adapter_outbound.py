"""The adapters' outbound pushes (products, customers, payments) against the simulators."""

from odoo.addons.storefront_connector.connectors import errors
from odoo.addons.storefront_connector.connectors.adapter_clarity import ClarityAdapter
from odoo.addons.storefront_connector.connectors.adapter_xcart import XCartAdapter
from odoo.addons.storefront_connector.connectors.adapter_xcart_legacy import XCartLegacyAdapter
from odoo.addons.storefront_connector.sandbox import ClaritySandbox, XCartSandbox

from .common import CLARITY_API, SimulatorCase

PRODUCT = {
    "external_id": "57",
    "sku": "TSHIRT-BLK-M",
    "name": "T-shirt",
    "description": None,
    "price": 21.5,
    "active": False,
    "variants": [],
}
CUSTOMER = {
    "name": "Lukas Becker",
    "first_name": "Lukas",
    "last_name": "Becker",
    "email": "lukas@acme.de",
    "phone": "",
    "addresses": [
        {
            "key": "odoo-db-partner-7",
            "type": "delivery",
            "first_name": "Acme",
            "last_name": "dock",
            "email": "lukas@acme.de",
            "phone": "",
            "street": "Hafenweg 4",
            "street2": "",
            "city": "Hamburg",
            "zip": "20457",
            "state_code": "",
            "country_code": "DE",
        }
    ],
}
PAID = {"status": "paid", "code": None, "amount": 131.47, "currency": "USD"}


def writes(sandbox):
    return [r for r in sandbox.requests if r.method != "GET" and "oauth" not in r.path]


def xcart_adapter(sandbox):
    return XCartAdapter({"base_url": sandbox.url, "xcart_token": "rw-token"})


def clarity_adapter(sandbox):
    settings = {
        "base_url": sandbox.api_url,
        "clarity_token_url": sandbox.token_url,
        "clarity_client_id": "cid",
        "clarity_client_secret": "csecret",
    }
    return ClarityAdapter(settings)


class TestXCartOutbound(SimulatorCase):
    """The X-Cart adapters' pushes, each test on a fresh simulator."""

    def setUp(self):
        super().setUp()
        self.xcart = self.enterContext(XCartSandbox()).load_samples()

    def test_xcart_push_product_merges_product_and_variants(self):
        self.xcart.products[57]["variants"] = [
            {"id": 5701, "sku": "TS-S", "price": 19.99, "amount": 4}
        ]
        variants = [{"external_id": "5701", "sku": "TS-S", "price": 22.0, "active": True}]
        self.assertEqual(
            xcart_adapter(self.xcart).push_product(dict(PRODUCT, variants=variants)), "57"
        )
        product, variant = writes(self.xcart)
        self.assertEqual((product.method, product.path), ("PUT", "/api/products/57"))
        self.assertEqual(
            product.json,
            {
                "sku": "TSHIRT-BLK-M",
                "name": "T-shirt",
                "price": 21.5,
                "enabled": False,
            },
        )
        self.assertEqual(
            (variant.path, variant.json),
            (
                "/api/products/57/variants/5701",
                {"sku": "TS-S", "price": 22.0},
            ),
        )
        stored = self.xcart.products[57]
        self.assertEqual(
            (stored["name"], stored["price"], stored["enabled"]), ("T-shirt", 21.5, False)
        )
        self.assertEqual(stored["description"], "<p>Organic cotton.</p>")
        self.assertEqual(
            stored["variants"][0], {"id": 5701, "sku": "TS-S", "price": 22.0, "amount": 4}
        )

    def test_xcart_cannot_create_products_or_write_customers(self):
        adapter = xcart_adapter(self.xcart)
        self.assertLessEqual({"product_write", "payment_status"}, adapter.capabilities)
        self.assertFalse({"product_create", "customer_write"} & adapter.capabilities)
        with self.assertRaisesRegex(errors.UnsupportedError, "documents no product creation"):
            adapter.push_product(dict(PRODUCT, external_id=None))
        with self.assertRaisesRegex(errors.UnsupportedError, "read-only"):
            adapter.push_customer("311", CUSTOMER)
        self.assertEqual(writes(self.xcart), [])

    def test_xcart_push_payment_status(self):
        xcart_adapter(self.xcart).push_payment_status("10452", PAID)
        (put,) = writes(self.xcart)
        self.assertEqual((put.path, put.json), ("/api/orders/10452/payment_status", {"code": "P"}))
        xcart_adapter(self.xcart).push_payment_status("10452", dict(PAID, code="PP"))
        self.assertEqual(self.xcart.orders[10452]["payment_status"]["code"], "PP")

    def test_legacy_adapter_says_what_the_add_on_cannot_take(self):
        adapter = XCartLegacyAdapter({"base_url": self.xcart.url, "xcart_legacy_key": "legacy-rw"})
        for call, match in (
            (lambda: adapter.push_product(PRODUCT), "stock writes only"),
            (lambda: adapter.push_customer("311", CUSTOMER), "no customer changes"),
            (lambda: adapter.push_payment_status("10452", PAID), "no payment status"),
        ):
            with self.assertRaisesRegex(errors.UnsupportedError, match):
                call()
        self.assertEqual(writes(self.xcart), [])


class TestClarityOutbound(SimulatorCase):
    """The Clarity adapter's pushes, each test on a fresh simulator."""

    def setUp(self):
        super().setUp()
        self.clarity = self.enterContext(ClaritySandbox()).load_samples()

    def test_clarity_push_product_updates_by_id_and_creates_by_key(self):
        adapter = clarity_adapter(self.clarity)
        self.assertEqual(
            adapter.push_product(dict(PRODUCT, external_id="301", sku="VALVE-DN50")), "301"
        )
        (update,) = writes(self.clarity)
        self.assertEqual(update.path, f"{CLARITY_API}/Products/Product/Upsert")
        self.assertEqual(
            update.json,
            {
                "ID": 301,
                "CustomKey": "VALVE-DN50",
                "Name": "T-shirt",
                "PriceBase": 21.5,
                "Active": False,
            },
        )
        self.assertEqual(self.clarity.products[301]["Name"], "T-shirt")
        created = adapter.push_product(dict(PRODUCT, external_id=None, sku="NEW-1"))
        self.assertEqual(self.clarity.products[int(created)]["CustomKey"], "NEW-1")
        # A deployment answering without "Result": the new product is read back by key.
        self.clarity.omit_result = True
        again = adapter.push_product(dict(PRODUCT, external_id=None, sku="NEW-1", price=9.0))
        self.assertEqual(again, created)
        self.assertEqual(self.clarity.products[int(created)]["PriceBase"], 9.0)
        with self.assertRaises(errors.ValidationError):
            adapter.push_product(dict(PRODUCT, external_id=None, sku=None))

    def test_clarity_push_customer_upserts_user_and_keyed_contacts(self):
        adapter = clarity_adapter(self.clarity)
        adapter.push_customer("9034", CUSTOMER)
        adapter.push_customer("9034", CUSTOMER)
        user, contact = writes(self.clarity)[:2]
        self.assertEqual(
            (user.path, user.json),
            (
                f"{CLARITY_API}/Contacts/User/Upsert",
                {"ID": 9034, "Email": "lukas@acme.de", "FirstName": "Lukas", "LastName": "Becker"},
            ),
        )
        self.assertEqual(contact.path, f"{CLARITY_API}/Contacts/Contact/Upsert")
        self.assertEqual(contact.json["CustomKey"], "odoo-db-partner-7")
        self.assertEqual(
            contact.json["Address"],
            {
                "Street1": "Hafenweg 4",
                "Street2": "",
                "City": "Hamburg",
                "PostalCode": "20457",
                "RegionCode": "",
                "CountryCode": "DE",
            },
        )
        self.assertEqual(self.clarity.users[9034]["Email"], "lukas@acme.de")
        # The key makes a repeated push update the same contact.
        self.assertEqual(
            [c["CustomKey"] for c in self.clarity.contacts.values()], ["odoo-db-partner-7"]
        )

    def test_clarity_push_payment_status(self):
        clarity_adapter(self.clarity).push_payment_status("88214", PAID)
        (put,) = writes(self.clarity)
        self.assertEqual(
            (put.method, put.path), ("PUT", f"{CLARITY_API}/Ordering/SalesOrder/Update")
        )
        self.assertEqual(put.json, {"ID": 88214, "StatusKey": "FULL_PAYMENT_RECEIVED"})
        self.assertEqual(self.clarity.sales_orders[88214]["StatusKey"], "FULL_PAYMENT_RECEIVED")
        with self.assertRaisesRegex(errors.BusinessError, "not found"):
            clarity_adapter(self.clarity).push_payment_status("1", PAID)
