"""The X-Cart 5.5 adapter, one test per method, over real HTTP."""

from datetime import datetime

import pytest

from odoo.addons.storefront_connector.connectors import errors, get_adapter_class
from odoo.addons.storefront_connector.sandbox import XCartSandbox

CODE = "xcart"


@pytest.fixture
def store():
    with XCartSandbox() as sandbox:
        sandbox.load_samples()
        sandbox.products[57]["variants"] = [{"id": 571, "sku": "TSHIRT-BLK-L", "amount": 3}]
        yield sandbox


@pytest.fixture
def adapter(store):
    return get_adapter_class(CODE)({"base_url": store.url, "xcart_token": "rw-token"})


def test_registered_with_its_vocabulary():
    cls = get_adapter_class(CODE)
    assert (cls.code, cls.status_map) == (CODE, "shipping_status_out")
    assert "tracking" not in cls.capabilities
    assert "endpoint" in str(cls({}).limitation("tracking"))


def test_credentials_complete_and_the_legacy_helper():
    cls = get_adapter_class(CODE)
    assert cls({"xcart_token": "t"}).credentials_complete()
    assert not cls({}).credentials_complete()
    assert "tracking" in cls({"xcart_token": "t", "xcart_legacy_key": "k"}).capabilities


def test_client_sends_the_token(adapter, store):
    assert adapter.client is adapter.client
    adapter.fetch("order", 10452)
    assert store.requests[0].header("X-Auth-Token") == "rw-token"


def test_store_summary(adapter):
    products, dates = adapter.store_summary()
    assert (products, dates) == (2, ["2026-11-20T14:03:11+00:00"])


def test_list_changed_orders_stop_at_the_first_older(adapter, store):
    store.add_order(dict(store.orders[10452], id=10453, update_date="2026-11-22T10:00:00+00:00"))
    orders, pages, complete = adapter.list_changed("order", datetime(2026, 11, 21), 0, 100, 5)
    assert ([o["id"] for o in orders], pages, complete) == ([10453], 1, True)
    assert store.requests[0].query["order[lastRenewDate]"] == "desc"


def test_list_changed_products_filtered_and_bounded(adapter, store):
    products, _pages, complete = adapter.list_changed("product", datetime(2026, 11, 20), 0, 100, 5)
    assert [p["id"] for p in products] == [83] and complete
    _products, pages, complete = adapter.list_changed("product", None, 0, 1, 1)
    assert (pages, complete) == (1, False)


def test_object_date(adapter):
    assert adapter.object_date("order", {"update_date": "A", "date": "B"}) == "A"


def test_fetch(adapter):
    assert adapter.fetch("order", 10452)["order_number"] == "00457"
    assert adapter.fetch("product", 57)["sku"] == "TSHIRT-BLK-M"
    assert adapter.fetch("customer", 311)["login"] == "Jane.Doe@Example.com"
    with pytest.raises(errors.ValidationError):
        adapter.fetch("coupon", 1)


def test_order_lines_and_addresses(adapter):
    order = adapter.fetch("order", 10452)
    assert [line["sku"] for line in adapter.order_lines(order)] == ["TSHIRT-BLK-M", "MUG-0042"]
    billing, shipping = adapter.order_addresses(order)
    assert (billing["zipcode"], shipping["zipcode"]) == ("94102", "94105")
    assert adapter.order_payments(order) == []


def test_catalogue(adapter):
    expected = {("TSHIRT-BLK-M", 57, None), ("TSHIRT-BLK-L", 571, 57), ("MUG-0042", 83, None)}
    assert set(adapter.catalogue()) == expected


def test_push_stock(adapter, store):
    adapter.push_stock("57", None, 12)
    adapter.push_stock("571", "57", 4)
    paths = [r.path for r in store.requests]
    assert paths == ["/api/products/57", "/api/products/57/variants/571"]
    assert (store.products[57]["amount"], store.products[57]["variants"][0]["amount"]) == (12, 4)


def test_push_shipment_needs_the_legacy_key(adapter, store):
    with pytest.raises(errors.UnsupportedError):
        adapter.push_shipment("10452", "key", "1Z-1", "UPS")
    settings = {"base_url": store.url, "xcart_token": "rw-token", "xcart_legacy_key": "legacy-rw"}
    helped = get_adapter_class(CODE)(settings)
    assert helped.push_shipment("10452", "key", "1Z-1", "UPS") is True
    assert store.requests[-1].path == "/admin.php"
    assert store.orders[10452]["tracking_numbers"] == [{"value": "1Z-1"}]


def test_push_order_status(adapter, store):
    assert adapter.push_order_status("10452", "shipped", {}) is True
    assert store.requests[-1].json == {"code": "S"}
    maps = {"shipping_status_out": {"cancelled": "WND"}}
    assert adapter.push_order_status("10452", "cancelled", maps) is True
    assert store.orders[10452]["shipping_status"]["code"] == "WND"
    with pytest.raises(errors.ValidationError):
        adapter.push_order_status("10452", "returned", {})
