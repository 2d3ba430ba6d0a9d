"""The Clarity adapter, one test per method, over real HTTP."""

from datetime import datetime

import pytest

from odoo.addons.storefront_connector.connectors import errors, get_adapter_class
from odoo.addons.storefront_connector.sandbox import ClaritySandbox

CODE = "clarity"


@pytest.fixture
def store():
    with ClaritySandbox() as sandbox:
        yield sandbox.load_samples()


@pytest.fixture
def adapter(store):
    settings = {
        "base_url": store.api_url,
        "clarity_auth_mode": "oauth2",
        "clarity_token_url": store.token_url,
        "clarity_client_id": "cid",
        "clarity_client_secret": "csecret",
        "clarity_location_section": 2,
    }
    return get_adapter_class(CODE)(settings)


def test_registered_with_its_vocabulary():
    cls = get_adapter_class(CODE)
    assert (cls.code, cls.status_map) == (CODE, "order_action_out")
    assert set(cls.poll_entities) == {"order", "customer", "product"}


def test_default_settings_and_credentials():
    cls = get_adapter_class(CODE)
    url = "https://shop.example.com/DesktopModules/ClarityEcommerce/API-Admin"
    assert cls.default_settings(url) == {
        "clarity_token_url": "https://shop.example.com/oauth/token"
    }
    assert cls(
        {"clarity_auth_mode": "session", "clarity_username": "u", "clarity_password": "p"}
    ).credentials_complete()
    assert not cls({"clarity_auth_mode": "oauth2", "clarity_client_id": "c"}).credentials_complete()


def test_client_authenticates(adapter, store):
    assert adapter.client is adapter.client
    adapter.fetch("order", 88214)
    token, read = store.requests
    assert token.path == "/oauth/token" and read.header("Authorization").startswith("Bearer ")


def test_store_summary(adapter):
    products, dates = adapter.store_summary()
    assert (products, dates) == (1, ["2026-11-21T08:15:00Z"])


def test_list_changed(adapter, store):
    orders, pages, complete = adapter.list_changed("order", datetime(2026, 11, 21), 0, 50, 5)
    assert ([o["ID"] for o in orders], pages, complete) == ([88214], 1, True)
    assert store.requests[-1].query["ModifiedSince"] == "2026-11-21T00:00:00Z"
    users, _pages, _complete = adapter.list_changed("customer", None, 0, 50, 5)
    assert len(users) == 1
    later, _pages, _complete = adapter.list_changed("order", datetime(2026, 11, 22), 0, 50, 5)
    assert later == []


def test_object_date(adapter):
    assert adapter.object_date("order", {"UpdatedDate": "U", "CreatedDate": "C"}) == "U"
    assert adapter.object_date("order", {"CreatedDate": "C"}) == "C"


def test_fetch(adapter):
    assert adapter.fetch("order", 88214)["ID"] == 88214
    assert adapter.fetch("product", 301)["CustomKey"] == "VALVE-DN50"
    assert adapter.fetch("customer", adapter.fetch("order", 88214)["UserID"])["ID"]


def test_order_lines_addresses_payments(adapter):
    order = adapter.fetch("order", 88214)
    assert [line["Sku"] for line in adapter.order_lines(order)] == ["VALVE-DN50"]
    billing, shipping = adapter.order_addresses(order)
    assert billing["Email1"] == "purchasing@acme-industrial.de" and shipping
    assert adapter.order_payments(order) == [(560.49, "Captured")]


def test_catalogue(adapter):
    assert list(adapter.catalogue()) == [("VALVE-DN50", 301, None)]


def test_push_stock(adapter, store):
    adapter.push_stock("301", None, 7)
    assert store.inventory[(301, 2)]["Quantity"] == 7


def test_push_shipment(adapter, store):
    assert adapter.push_shipment("88214", "odoo-x-1", "DHL-1", "DHL") is True
    assert adapter.push_shipment("88214", "odoo-x-1", "DHL-2", "DHL") is True
    (shipment,) = store.shipments.values()
    assert (shipment["CustomKey"], shipment["TrackingNumber"]) == ("odoo-x-1", "DHL-2")


def test_push_order_status(adapter, store):
    assert adapter.push_order_status("88214", "shipped", {}) is True
    assert store.sales_orders[88214]["StatusKey"] == "SHIPPED"
    assert adapter.push_order_status("88214", "returned", {}) is False
    maps = {"order_action_out": {"cancelled": "Void"}}
    assert adapter.push_order_status("88214", "cancelled", maps) is True
    assert store.sales_orders[88214]["StatusKey"] == "VOID"
    with pytest.raises(errors.ValidationError):
        adapter.push_order_status("88214", "x", {"order_action_out": {"x": "Explode"}})
