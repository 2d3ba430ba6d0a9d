"""X-Cart 5.5 REST API: the adapter of an X-Cart 5.5 store."""

import itertools

from .adapter_xcart_legacy import ITEMS_SHAPE, XCartLegacyAdapter
from .base import (
    CATALOGUE_PAGE_SIZE,
    StorefrontAdapter,
    catalogue_entry,
    older_than,
    present,
    register,
)
from .errors import UnsupportedError, _lt
from .xcart import XCartClient

# A connection test reads at most this many products (the API has no count).
SUMMARY_PRODUCT_LIMIT = 500
# Payment status code of a paid order, unless the payment_status_out value map says else.
PAID_CODE = "P"


@register
class XCartAdapter(StorefrontAdapter):
    """X-Cart 5.5: ``X-Auth-Token``, pages newest change first, no tracking endpoint.

    With the legacy add-on's key on the channel, tracking numbers go through
    the legacy adapter.
    """

    code = "xcart"
    label = "X-Cart"
    sequence = 10
    credential_fields = ("xcart_token",)
    option_fields = ("xcart_legacy_key",)
    poll_entities = ("order", "product")
    fulfilled_statuses = frozenset({"S", "D"})
    status_map = "shipping_status_out"
    capabilities = frozenset({"product_write", "payment_status"})
    limitations = {
        "tracking": _lt(
            "the X-Cart 5.5 API has no endpoint for it. Set the legacy REST API "
            "key on the channel to send tracking numbers."
        ),
        "product_create": _lt(
            "the X-Cart 5.5 API documents no product creation: create the "
            "product on the store, the next catalogue index binds it by SKU."
        ),
        "customer_write": _lt(
            "the X-Cart 5.5 API exposes customer profiles read-only: the name, "
            "email and addresses changed in Odoo stay in Odoo."
        ),
    }
    shapes = {
        "order": {
            **ITEMS_SHAPE,
            "items[].item_net_price": "number",
            "items[].discounted_subtotal": "number",
            "items[].sku": "scalar",
            "billing_address": "object",
            "shipping_address": "object",
            "payment_status": "object",
            "shipping_status": "object",
            "surcharges": "list",
            "surcharges[]": "object",
            "surcharges[].value": "number",
            "total": "number",
            "sub_total": "number",
        },
        "product": {"price": "number", "weight": "number", "sku": "scalar"},
    }
    fetch_methods = {
        "order": "get_order",
        "customer": "get_profile",
        "product": "get_product",
    }

    def __init__(self, settings, **options):
        super().__init__(settings, **options)
        self._legacy = None
        if self.settings.get("xcart_legacy_key"):
            self._legacy = XCartLegacyAdapter(self.settings, **options)
            self.capabilities = self.capabilities | {"tracking"}

    def make_client(self):
        token = self.settings.get("xcart_token")
        return XCartClient(
            self.settings.get("base_url"), token=token, **self._client_options(token)
        )

    def store_summary(self):
        found = list(
            itertools.islice(self.client.iter_products(max_pages=5), SUMMARY_PRODUCT_LIMIT)
        )
        products = len(found)
        if products >= SUMMARY_PRODUCT_LIMIT:
            products = f"{SUMMARY_PRODUCT_LIMIT}+"
        orders = self.client.list_orders(1, 1)
        return products, [o.get("create_date") or o.get("date") for o in orders]

    # -- inbound ---------------------------------------------------------

    def list_changed(self, entity, since, skip, page_size, max_pages):
        """Orders come newest change first: the first older one ends the window.
        Products come unsorted: the older ones are left out."""
        lister = {"order": self.client.list_orders, "product": self.client.list_products}[entity]
        objects = []
        for count, page in enumerate(range(skip + 1, skip + max_pages + 1), 1):
            batch = lister(page, page_size)
            for obj in batch:
                if older_than(self.object_date(entity, obj), since):
                    if entity == "order":
                        return objects, count, True
                    continue
                objects.append(obj)
            if len(batch) < page_size:
                return objects, count, True
        return objects, max_pages, False

    def object_date(self, entity, obj):
        return obj.get("update_date") or obj.get("updateDate") or obj.get("date")

    @staticmethod
    def order_lines(order):
        return order.get("items") or []

    @staticmethod
    def order_addresses(order):
        return order.get("billing_address") or {}, order.get("shipping_address")

    # -- outbound --------------------------------------------------------

    def catalogue_page(self, page, size=CATALOGUE_PAGE_SIZE):
        products = self.client.list_products(page + 1, size)
        entries = []
        for product in products:
            variants = product.get("variants") or []
            entries.append(catalogue_entry(product, product["id"], variants=len(variants)))
            entries += [catalogue_entry(v, v["id"], parent=product) for v in variants]
        return entries, len(products) < size, None

    def push_stock(self, external_id, parent_id, quantity):
        if parent_id:
            return self.client.set_variant_stock(parent_id, external_id, quantity)
        return self.client.set_product_stock(external_id, quantity)

    def push_shipment(self, order_id, key, tracking, carrier):
        """Through the legacy add-on (the 5.5 API takes no tracking number)."""
        if not self._legacy:
            return super().push_shipment(order_id, key, tracking, carrier)
        return self._legacy.push_shipment(order_id, key, tracking, carrier)

    push_order_status = XCartLegacyAdapter.push_order_status

    def push_product(self, values):
        """Write a product's name, description, price and enabled flag, then its variants.

        The 5.5 API documents no product creation: a product not on the store
        raises UnsupportedError (created on the store, the SKU index binds it).
        """
        product_id = values.get("external_id")
        if not product_id:
            raise UnsupportedError(self.limitation("product_create"))
        body = {
            "sku": values.get("sku"),
            "name": values.get("name"),
            "description": values.get("description"),
            "price": values.get("price"),
            "enabled": values.get("active"),
        }
        self.client.update_product(product_id, present(body))
        for variant in values.get("variants") or []:
            body = {"sku": variant.get("sku"), "price": variant.get("price")}
            self.client.update_variant(product_id, variant["external_id"], present(body))
        return str(product_id)

    def push_payment_status(self, order_external_id, values):
        """Set the order's payment status code (``P`` paid unless the value map says else)."""
        self.client.set_payment_status(order_external_id, values.get("code") or PAID_CODE)
