"""The REST clients against the storefront simulators, over real HTTP."""

from datetime import datetime

from odoo.addons.storefront_connector.connectors import errors
from odoo.addons.storefront_connector.connectors.adapter_xcart import XCartAdapter
from odoo.addons.storefront_connector.connectors.clarity import ClarityClient
from odoo.addons.storefront_connector.connectors.xcart import XCartClient, XCartLegacyClient
from odoo.addons.storefront_connector.sandbox import ClaritySandbox, XCartSandbox

from .common import SimulatorCase


def xcart_client(sandbox, waits, **kw):
    return XCartClient(base_url=sandbox.url, token="rw-token", sleep=waits.append, **kw)


def legacy_client(sandbox, waits, key="legacy-rw"):
    return XCartLegacyClient(base_url=sandbox.url, key=key, sleep=waits.append)


def clarity_client(sandbox, waits, secret="csecret", **kw):
    return ClarityClient(
        base_url=sandbox.api_url,
        token_url=sandbox.token_url,
        client_id="cid",
        client_secret=secret,
        sleep=waits.append,
        **kw,
    )


class TestXCartClients(SimulatorCase):
    """The X-Cart REST and legacy add-on clients, each test on a fresh simulator."""

    def setUp(self):
        super().setUp()
        self.xcart = self.enterContext(XCartSandbox()).load_samples()
        self.waits = []

    def test_xcart_stock_update_request(self):
        xcart_client(self.xcart, self.waits).set_product_stock(57, 12)
        (request,) = self.xcart.requests
        self.assertEqual((request.method, request.path), ("PUT", "/api/products/57"))
        self.assertEqual(request.json, {"amount": 12})
        self.assertEqual(request.header("X-Auth-Token"), "rw-token")
        self.assertEqual(self.xcart.products[57]["amount"], 12)
        self.assertEqual(self.xcart.products[57]["name"], "T-shirt black M", "PUT merges")

    def test_xcart_orders_since_stops_at_the_watermark(self):
        newer = dict(self.xcart.orders[10452], id=10453, update_date="2026-11-22T10:00:00+00:00")
        self.xcart.add_order(newer)
        adapter = XCartAdapter({"base_url": self.xcart.url, "xcart_token": "rw-token"})
        since = datetime(2026, 11, 21)
        orders, pages, complete = adapter.list_changed("order", since, 0, 100, 5)
        self.assertEqual([order["id"] for order in orders], [10453])
        self.assertEqual((pages, complete), (1, True))
        self.assertEqual(self.xcart.requests[0].query["order[lastRenewDate]"], "desc")

    def test_xcart_paging_is_bounded(self):
        for n in range(5):
            self.xcart.add_product({"id": 1000 + n, "sku": f"P{n}", "amount": 1})
        client = xcart_client(self.xcart, self.waits)
        self.assertEqual(len(list(client.iter_products(per_page=2))), len(self.xcart.products))
        self.assertEqual(len(list(client.iter_products(per_page=2, max_pages=1))), 2)

    def test_429_retry_after_is_honoured(self):
        self.xcart.inject("429", retry_after=7)
        xcart_client(self.xcart, self.waits).get_order(10452)
        self.assertEqual(self.waits, [7.0])
        self.assertEqual([r.status for r in self.xcart.requests], [429, 200])

    def test_503_then_200_is_retried_with_jittered_backoff(self):
        self.xcart.inject("503", count=2)
        order = xcart_client(self.xcart, self.waits, backoff_base=1.0).get_order(10452)
        self.assertEqual(order["id"], 10452)
        self.assertEqual(len(self.waits), 2)
        self.assertTrue(0 <= self.waits[0] <= 1.0)
        self.assertTrue(0 <= self.waits[1] <= 2.0)

    def test_timeouts_and_drops_become_transient_after_the_last_retry(self):
        self.xcart.inject("slow", count=3, delay=0.5)
        client = xcart_client(self.xcart, self.waits, timeout=(1, 0.1), max_retries=2)
        with self.assertRaisesRegex(errors.TransientError, "timed out"):
            client.get_order(10452)
        self.xcart.clear_faults()
        self.xcart.inject("drop", count=1)
        self.assertEqual(xcart_client(self.xcart, self.waits).get_order(10452)["id"], 10452)

    def test_dead_storefront_gives_transient_error_with_status(self):
        self.xcart.inject("503", count=10)
        with self.assertRaises(errors.TransientError) as caught:
            xcart_client(self.xcart, self.waits, max_retries=3).get_product(57)
        self.assertEqual(caught.exception.status, 503)
        self.assertEqual(len(self.xcart.requests), 4)

    def test_xcart_auth_and_validation_errors(self):
        bad = XCartClient(base_url=self.xcart.url, token="wrong-secret-token")
        with self.assertRaises(errors.AuthError) as caught:
            bad.get_order(10452)
        self.assertNotIn("wrong-secret-token", str(caught.exception))
        with self.assertRaises(errors.AuthError):
            XCartClient(base_url=self.xcart.url, token="ro-token").set_product_stock(57, 1)
        with self.assertRaisesRegex(errors.ValidationError, "Order 999 not found"):
            xcart_client(self.xcart, self.waits).get_order(999)

    def test_rate_limit_spaces_requests_per_channel(self):
        client = xcart_client(self.xcart, self.waits, rate_limit=10, rate_key="rate-test")
        for _ in range(3):
            client.get_order(10452)
        other = xcart_client(self.xcart, self.waits, rate_limit=10, rate_key="rate-test")
        other.get_order(10452)
        self.assertGreaterEqual(len(self.waits), 2, "requests after the first wait for their slot")
        self.assertTrue(all(0 < wait <= 0.4 for wait in self.waits))

    def test_legacy_shipping_status_and_tracking_requests(self):
        client = legacy_client(self.xcart, self.waits)
        client.set_shipping_status(10452, "S")
        self.assertIs(client.add_tracking_number(10452, "1Z999"), True)
        self.assertIs(client.add_tracking_number(10452, "1Z999"), False, "read before write")
        first, read, second, read_again = self.xcart.requests
        self.assertTrue(read.method == read_again.method == "GET")
        self.assertEqual(read.query["_path"], "order/10452")
        self.assertEqual(first.method, "PUT")
        self.assertEqual(first.query["_path"], "order/10452")
        self.assertEqual(first.query["target"], "RESTAPI")
        self.assertEqual(first.query["_key"], "legacy-rw")
        self.assertEqual(first.form, {"model": {"shippingStatus": {"id": "3"}}})
        self.assertEqual(second.form, {"model": {"trackingNumbers": {"0": {"value": "1Z999"}}}})
        self.assertEqual(self.xcart.orders[10452]["shipping_status"]["code"], "S")
        self.assertEqual(self.xcart.orders[10452]["tracking_numbers"], [{"value": "1Z999"}])

    def test_legacy_key_is_redacted_from_errors(self):
        client = legacy_client(self.xcart, self.waits, key="legacy-secret-key")
        with self.assertRaises(errors.AuthError) as caught:
            client.get("order/10452")
        self.assertNotIn("legacy-secret-key", str(caught.exception))
        self.assertEqual(client.redact("x?_key=legacy-secret-key"), "x?_key=***")

    def test_legacy_list_reads_the_result_count(self):
        items, total = legacy_client(self.xcart, self.waits).list("order", 0, 10)
        self.assertEqual(total, 1)
        self.assertEqual(items[0]["order_id"], 10452)
        self.assertEqual(self.xcart.requests[0].query["_cnd[limit][1]"], "10")


class TestClarityClient(SimulatorCase):
    """The Clarity client, each test on a fresh simulator."""

    def setUp(self):
        super().setUp()
        self.clarity = self.enterContext(ClaritySandbox()).load_samples()
        self.waits = []

    def test_clarity_token_is_cached_across_clients(self):
        clarity_client(self.clarity, self.waits).get_sales_order(88214)
        clarity_client(self.clarity, self.waits).get_product(301)
        token_calls = [r for r in self.clarity.requests if r.path == "/oauth/token"]
        self.assertEqual(len(token_calls), 1)
        self.assertTrue(token_calls[0].body.startswith(b"grant_type=client_credentials"))
        api_calls = [r for r in self.clarity.requests if r.path != "/oauth/token"]
        self.assertTrue(all(r.header("Authorization", "").startswith("Bearer ") for r in api_calls))

    def test_clarity_token_expiring_mid_run_is_renewed_once(self):
        client = clarity_client(self.clarity, self.waits)
        client.upsert_inventory(301, 1, 5)
        self.clarity.expire_tokens()
        client.upsert_inventory(301, 1, 6)
        self.assertEqual(self.clarity.inventory[(301, 1)]["Quantity"], 6)
        statuses = [(r.path.rsplit("/", 1)[-1], r.status) for r in self.clarity.requests]
        self.assertEqual(
            statuses,
            [
                ("token", 200),
                ("Upsert", 200),
                ("Upsert", 401),
                ("token", 200),
                ("Upsert", 200),
            ],
        )

    def test_clarity_second_401_is_an_auth_error(self):
        client = clarity_client(self.clarity, self.waits)
        client.get_sales_order(88214)
        self.clarity.inject("401", count=2, path="/DesktopModules")
        with self.assertRaises(errors.AuthError):
            client.get_sales_order(88214)

    def test_clarity_wrong_secret_is_refused(self):
        clarity_client(self.clarity, self.waits).get_sales_order(88214)
        with self.assertRaisesRegex(errors.AuthError, "refused the client credentials") as caught:
            clarity_client(self.clarity, self.waits, secret="not-the-secret").get_sales_order(88214)
        self.assertNotIn("not-the-secret", str(caught.exception))

    def test_clarity_action_succeeded_false_is_a_business_error(self):
        with self.assertRaisesRegex(errors.BusinessError, "Product 999 does not exist"):
            clarity_client(self.clarity, self.waits).upsert_inventory(999, 1, 5)

    def test_clarity_paging_is_one_based(self):
        for n in range(4):
            self.clarity.add_sales_order(
                dict(self.clarity.sales_orders[88214], ID=90 + n, CustomKey=f"K{n}")
            )
        client = clarity_client(self.clarity, self.waits)
        first = client.list_sales_orders(page=1, size=2)
        self.assertEqual(first["CurrentPage"], 1)
        self.assertEqual(first["TotalPages"], 3)
        self.assertEqual(
            len(list(client._iter("Ordering", "SalesOrders", "2020-01-01T00:00:00Z"))), 5
        )
        pages = [
            r.query["Paging.StartIndex"] for r in self.clarity.requests if "SalesOrders" in r.path
        ]
        self.assertEqual(pages[0], "1")

    def test_clarity_session_login_and_shipment(self):
        client = ClarityClient(
            base_url=self.clarity.api_url,
            auth_mode="session",
            username="api",
            password="pw",
            sleep=self.waits.append,
        )
        shipment_id = client.upsert_shipment("odoo-1", 88214, "TRK-1", "DHL", method="Express")
        client.order_action("Ship", 88214)
        login, create, ship = self.clarity.requests
        self.assertEqual(login.json, {"UserName": "api", "Password": "pw"})
        self.assertTrue(create.header("X-ss-id"))
        self.assertEqual(create.json["SalesOrderIDs"], [88214])
        self.assertEqual(create.json["TrackingNumber"], "TRK-1")
        self.assertTrue(create.path.endswith("/Shipping/Shipment/Upsert"))
        self.assertEqual(create.json["CustomKey"], "odoo-1")
        self.assertEqual(ship.method, "PATCH")
        self.assertTrue(ship.path.endswith("/Ordering/SalesOrder/Ship/88214"))
        self.assertEqual(self.clarity.shipments[shipment_id]["ShipCarrierName"], "DHL")
        self.assertEqual(self.clarity.sales_orders[88214]["StatusKey"], "SHIPPED")
        with self.assertRaises(errors.ValidationError):
            client.order_action("Explode", 88214)
