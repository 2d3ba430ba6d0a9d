"""The X-Cart legacy add-on adapter, one test per method, over real HTTP.

The template of a platform's adapter tests: copy it as
``tests/test_adapter_<platform>.py`` and keep one test per adapter method.
"""

from datetime import datetime

import pytest

from odoo.addons.storefront_connector.connectors import errors, get_adapter_class
from odoo.addons.storefront_connector.sandbox import XCartSandbox

CODE = "xcart_legacy"


@pytest.fixture
def store():
    with XCartSandbox() as sandbox:
        sandbox.load_samples()
        sandbox.products[57]["variants"] = [{"id": 571, "sku": "TSHIRT-BLK-L", "amount": 3}]
        yield sandbox


@pytest.fixture
def adapter(store):
    return get_adapter_class(CODE)({"base_url": store.url, "xcart_legacy_key": "legacy-rw"})


def test_registered_with_its_vocabulary():
    cls = get_adapter_class(CODE)
    assert (cls.code, cls.status_map) == (CODE, "shipping_status_out")
    assert "tracking" in cls.capabilities
    assert set(cls.poll_entities) == {"order", "product"}


def test_credentials_complete(store):
    cls = get_adapter_class(CODE)
    assert cls({"xcart_legacy_key": "k"}).credentials_complete()
    assert not cls({"xcart_legacy_key": ""}).credentials_complete()


def test_client_sends_the_key_and_is_built_once(adapter, store):
    assert adapter.client is adapter.client
    adapter.fetch("order", 10452)
    (request,) = store.requests
    assert request.query["_key"] == "legacy-rw" and request.query["target"] == "RESTAPI"


def test_store_summary(adapter):
    products, dates = adapter.store_summary()
    assert products == 2
    assert dates == [int(datetime.fromisoformat("2026-11-20T14:03:11+00:00").timestamp())]


def test_list_changed_pages_by_offset_newest_first(adapter, store):
    base = store.orders[10452]
    for n in range(5):
        store.add_order(dict(base, id=20000 + n, create_date=f"2026-11-2{n}T10:00:00+00:00"))
    since = datetime(2026, 11, 22, 12, 0)
    orders, pages, complete = adapter.list_changed("order", since, 0, 2, 10)
    assert sorted(o["order_id"] for o in orders) == [20003, 20004]
    assert complete and pages >= 1
    offsets = [r.query.get("_cnd[limit][0]") for r in store.requests]
    assert offsets[0] == "0" and "4" in offsets  # the count first, then the newest page


def test_list_changed_stops_at_the_page_bound(adapter, store):
    base = store.orders[10452]
    for n in range(6):
        store.add_order(dict(base, id=30000 + n))
    orders, pages, complete = adapter.list_changed("order", None, 0, 2, 2)
    assert (len(orders), pages, complete) == (4, 2, False)
    rest, _pages, complete = adapter.list_changed("order", None, 2, 2, 2)
    assert len(rest) == 3 and complete  # the rest of the window


def test_object_date(adapter):
    assert adapter.object_date("order", {"date": 1795000000}) == 1795000000
    assert adapter.object_date("product", {"updateDate": 5, "date": 1}) == 5


def test_fetch(adapter):
    order = adapter.fetch("order", 10452)
    assert (order["order_id"], order["orderNumber"]) == (10452, "00457")
    assert adapter.fetch("product", 57)["product_id"] == 57
    with pytest.raises(errors.ValidationError):
        adapter.fetch("order", 999)


def test_order_lines_and_addresses(adapter):
    order = adapter.fetch("order", 10452)
    assert [line["sku"] for line in adapter.order_lines(order)] == ["TSHIRT-BLK-M", "MUG-0042"]
    billing, shipping = adapter.order_addresses(order)
    assert (billing["street"], shipping["street"]) == ("1200 Market St\nSuite 400", "88 Howard St")
    assert adapter.order_addresses({"profile": {}}) == ({}, None)
    assert adapter.order_payments(order) == []


def test_catalogue(adapter):
    entries = set(adapter.catalogue())
    assert ("TSHIRT-BLK-M", 57, None) in entries
    assert ("TSHIRT-BLK-L", 571, 57) in entries


def test_push_stock(adapter, store):
    adapter.push_stock("57", None, 12)
    adapter.push_stock("571", "57", 4)
    assert store.products[57]["amount"] == 12
    assert store.products[57]["variants"][0]["amount"] == 4


def test_push_shipment_once(adapter, store):
    assert adapter.push_shipment("10452", "key", "1Z-1", "UPS") is True
    assert adapter.push_shipment("10452", "key", "1Z-1", "UPS") is False
    assert store.orders[10452]["tracking_numbers"] == [{"value": "1Z-1"}]


def test_push_order_status(adapter, store):
    maps = {"shipping_status_out": {"shipped": "S", "returned": "R"}}
    assert adapter.push_order_status("10452", "returned", maps) is True
    assert store.orders[10452]["shipping_status"]["code"] == "R"
    assert adapter.push_order_status("10452", "shipped", {}) is True  # S without a map
    with pytest.raises(errors.ValidationError, match="shipping_status_out"):
        adapter.push_order_status("10452", "cancelled", {})
