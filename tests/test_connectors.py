"""The REST clients against the storefront simulators, over real HTTP."""

from datetime import datetime

import pytest

from odoo.addons.storefront_connector.connectors import errors
from odoo.addons.storefront_connector.connectors.adapter_xcart import XCartAdapter
from odoo.addons.storefront_connector.connectors.clarity import ClarityClient
from odoo.addons.storefront_connector.connectors.xcart import XCartClient, XCartLegacyClient
from odoo.addons.storefront_connector.sandbox import ClaritySandbox, XCartSandbox


@pytest.fixture
def xcart():
    with XCartSandbox() as sandbox:
        yield sandbox.load_samples()


@pytest.fixture
def clarity():
    with ClaritySandbox() as sandbox:
        yield sandbox.load_samples()


@pytest.fixture
def waits():
    return []


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


def test_xcart_stock_update_request(xcart, waits):
    xcart_client(xcart, waits).set_product_stock(57, 12)
    (request,) = xcart.requests
    assert (request.method, request.path) == ("PUT", "/api/products/57")
    assert request.json == {"amount": 12}
    assert request.header("X-Auth-Token") == "rw-token"
    assert xcart.products[57]["amount"] == 12
    assert xcart.products[57]["name"] == "T-shirt black M", "PUT merges"


def test_xcart_orders_since_stops_at_the_watermark(xcart, waits):
    newer = dict(xcart.orders[10452], id=10453, update_date="2026-11-22T10:00:00+00:00")
    xcart.add_order(newer)
    adapter = XCartAdapter({"base_url": xcart.url, "xcart_token": "rw-token"})
    since = datetime(2026, 11, 21)
    orders, pages, complete = adapter.list_changed("order", since, 0, 100, 5)
    assert [order["id"] for order in orders] == [10453]
    assert (pages, complete) == (1, True)
    assert xcart.requests[0].query["order[lastRenewDate]"] == "desc"


def test_xcart_paging_is_bounded(xcart, waits):
    for n in range(5):
        xcart.add_product({"id": 1000 + n, "sku": f"P{n}", "amount": 1})
    client = xcart_client(xcart, waits)
    assert len(list(client.iter_products(per_page=2))) == len(xcart.products)
    assert len(list(client.iter_products(per_page=2, max_pages=1))) == 2


def test_429_retry_after_is_honoured(xcart, waits):
    xcart.inject("429", retry_after=7)
    xcart_client(xcart, waits).get_order(10452)
    assert waits == [7.0]
    assert [r.status for r in xcart.requests] == [429, 200]


def test_503_then_200_is_retried_with_jittered_backoff(xcart, waits):
    xcart.inject("503", count=2)
    order = xcart_client(xcart, waits, backoff_base=1.0).get_order(10452)
    assert order["id"] == 10452
    assert len(waits) == 2
    assert 0 <= waits[0] <= 1.0 and 0 <= waits[1] <= 2.0


def test_timeouts_and_drops_become_transient_after_the_last_retry(xcart, waits):
    xcart.inject("slow", count=3, delay=0.5)
    client = xcart_client(xcart, waits, timeout=(1, 0.1), max_retries=2)
    with pytest.raises(errors.TransientError, match="timed out"):
        client.get_order(10452)
    xcart.clear_faults()
    xcart.inject("drop", count=1)
    assert xcart_client(xcart, waits).get_order(10452)["id"] == 10452


def test_dead_storefront_gives_transient_error_with_status(xcart, waits):
    xcart.inject("503", count=10)
    with pytest.raises(errors.TransientError) as caught:
        xcart_client(xcart, waits, max_retries=3).get_product(57)
    assert caught.value.status == 503
    assert len(xcart.requests) == 4


def test_xcart_auth_and_validation_errors(xcart, waits):
    bad = XCartClient(base_url=xcart.url, token="wrong-secret-token")
    with pytest.raises(errors.AuthError) as caught:
        bad.get_order(10452)
    assert "wrong-secret-token" not in str(caught.value)
    with pytest.raises(errors.AuthError):
        XCartClient(base_url=xcart.url, token="ro-token").set_product_stock(57, 1)
    with pytest.raises(errors.ValidationError, match="Order 999 not found"):
        xcart_client(xcart, waits).get_order(999)


def test_rate_limit_spaces_requests_per_channel(xcart, waits):
    client = xcart_client(xcart, waits, rate_limit=10, rate_key="rate-test")
    for _ in range(3):
        client.get_order(10452)
    other = xcart_client(xcart, waits, rate_limit=10, rate_key="rate-test")
    other.get_order(10452)
    assert len(waits) >= 2, "requests after the first wait for their slot"
    assert all(0 < wait <= 0.4 for wait in waits)


def test_legacy_shipping_status_and_tracking_requests(xcart, waits):
    client = legacy_client(xcart, waits)
    client.set_shipping_status(10452, "S")
    assert client.add_tracking_number(10452, "1Z999") is True
    assert client.add_tracking_number(10452, "1Z999") is False, "read before write"
    first, read, second, read_again = xcart.requests
    assert read.method == read_again.method == "GET" and read.query["_path"] == "order/10452"
    assert first.method == "PUT" and first.query["_path"] == "order/10452"
    assert first.query["target"] == "RESTAPI" and first.query["_key"] == "legacy-rw"
    assert first.form == {"model": {"shippingStatus": {"id": "3"}}}
    assert second.form == {"model": {"trackingNumbers": {"0": {"value": "1Z999"}}}}
    assert xcart.orders[10452]["shipping_status"]["code"] == "S"
    assert xcart.orders[10452]["tracking_numbers"] == [{"value": "1Z999"}]


def test_legacy_key_is_redacted_from_errors(xcart, waits):
    client = legacy_client(xcart, waits, key="legacy-secret-key")
    with pytest.raises(errors.AuthError) as caught:
        client.get("order/10452")
    assert "legacy-secret-key" not in str(caught.value)
    assert client.redact("x?_key=legacy-secret-key") == "x?_key=***"


def test_legacy_list_reads_the_result_count(xcart, waits):
    items, total = legacy_client(xcart, waits).list("order", 0, 10)
    assert total == 1 and items[0]["order_id"] == 10452
    assert xcart.requests[0].query["_cnd[limit][1]"] == "10"


def test_clarity_token_is_cached_across_clients(clarity, waits):
    clarity_client(clarity, waits).get_sales_order(88214)
    clarity_client(clarity, waits).get_product(301)
    token_calls = [r for r in clarity.requests if r.path == "/oauth/token"]
    assert len(token_calls) == 1
    assert token_calls[0].body.startswith(b"grant_type=client_credentials")
    api_calls = [r for r in clarity.requests if r.path != "/oauth/token"]
    assert all(r.header("Authorization", "").startswith("Bearer ") for r in api_calls)


def test_clarity_token_expiring_mid_run_is_renewed_once(clarity, waits):
    client = clarity_client(clarity, waits)
    client.upsert_inventory(301, 1, 5)
    clarity.expire_tokens()
    client.upsert_inventory(301, 1, 6)
    assert clarity.inventory[(301, 1)]["Quantity"] == 6
    statuses = [(r.path.rsplit("/", 1)[-1], r.status) for r in clarity.requests]
    assert statuses == [
        ("token", 200),
        ("Upsert", 200),
        ("Upsert", 401),
        ("token", 200),
        ("Upsert", 200),
    ]


def test_clarity_second_401_is_an_auth_error(clarity, waits):
    client = clarity_client(clarity, waits)
    client.get_sales_order(88214)
    clarity.inject("401", count=2, path="/DesktopModules")
    with pytest.raises(errors.AuthError):
        client.get_sales_order(88214)


def test_clarity_wrong_secret_is_refused(clarity, waits):
    clarity_client(clarity, waits).get_sales_order(88214)
    with pytest.raises(errors.AuthError, match="refused the client credentials") as caught:
        clarity_client(clarity, waits, secret="not-the-secret").get_sales_order(88214)
    assert "not-the-secret" not in str(caught.value)


def test_clarity_action_succeeded_false_is_a_business_error(clarity, waits):
    with pytest.raises(errors.BusinessError, match="Product 999 does not exist"):
        clarity_client(clarity, waits).upsert_inventory(999, 1, 5)


def test_clarity_paging_is_one_based(clarity, waits):
    for n in range(4):
        clarity.add_sales_order(dict(clarity.sales_orders[88214], ID=90 + n, CustomKey=f"K{n}"))
    client = clarity_client(clarity, waits)
    first = client.list_sales_orders(page=1, size=2)
    assert first["CurrentPage"] == 1 and first["TotalPages"] == 3
    assert len(list(client._iter("Ordering", "SalesOrders", "2020-01-01T00:00:00Z"))) == 5
    pages = [r.query["Paging.StartIndex"] for r in clarity.requests if "SalesOrders" in r.path]
    assert pages[0] == "1"


def test_clarity_session_login_and_shipment(clarity, waits):
    client = ClarityClient(
        base_url=clarity.api_url,
        auth_mode="session",
        username="api",
        password="pw",
        sleep=waits.append,
    )
    shipment_id = client.upsert_shipment("odoo-1", 88214, "TRK-1", "DHL", method="Express")
    client.order_action("Ship", 88214)
    login, create, ship = clarity.requests
    assert login.json == {"UserName": "api", "Password": "pw"}
    assert create.header("X-ss-id") and create.json["SalesOrderIDs"] == [88214]
    assert create.json["TrackingNumber"] == "TRK-1"
    assert (
        create.path.endswith("/Shipping/Shipment/Upsert") and create.json["CustomKey"] == "odoo-1"
    )
    assert ship.method == "PATCH" and ship.path.endswith("/Ordering/SalesOrder/Ship/88214")
    assert clarity.shipments[shipment_id]["ShipCarrierName"] == "DHL"
    assert clarity.sales_orders[88214]["StatusKey"] == "SHIPPED"
    with pytest.raises(errors.ValidationError):
        client.order_action("Explode", 88214)
