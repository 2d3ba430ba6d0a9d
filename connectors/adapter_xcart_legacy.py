"""X-Cart legacy 5.x REST API add-on: the adapter of a store on the add-on alone.

Also the helper of the X-Cart 5.5 adapter for tracking numbers, which the 5.5
API cannot take.
"""

from .base import CATALOGUE_PAGE_SIZE, StorefrontAdapter, catalogue_entry, older_than, register
from .errors import ValidationError, _lt
from .xcart import XCartLegacyClient

# The order lines of both X-Cart APIs: their first shape checks.
ITEMS_SHAPE = {
    "items": "list",
    "items[]": "object",
    "items[].amount": "quantity",
    "items[].price": "number",
}
# Entity paths of the add-on (``_path=<entity>[/<id>]``), by connector entity.
ENTITY_PATHS = {"order": "order", "refund": "order", "product": "product", "customer": "profile"}
SHIPPED_CODE = "S"


@register
class XCartLegacyAdapter(StorefrontAdapter):
    """The legacy add-on: offset paging, unix dates, ``model[...]`` form writes."""

    code = "xcart_legacy"
    label = "X-Cart (legacy REST API add-on)"
    sequence = 20
    capabilities = frozenset({"tracking"})
    limitations = {
        "product_write": _lt(
            "the legacy REST API add-on documents stock writes only: names, "
            "descriptions and prices are not sent."
        ),
        "customer_write": _lt("the legacy REST API add-on takes no customer changes."),
        "payment_status": _lt(
            "the legacy REST API add-on documents no payment status ids: "
            "set the order paid on the store."
        ),
    }
    credential_fields = ("xcart_legacy_key",)
    poll_entities = ("order", "product")
    fulfilled_statuses = frozenset({"S", "D"})
    status_map = "shipping_status_out"
    shapes = {
        "order": {
            **ITEMS_SHAPE,
            "items[].itemNetPrice": "number",
            "items[].sku": "scalar",
            "profile": "object",
            "profile.addresses": "list",
            "profile.addresses[]": "object",
            "currency": "object",
            "paymentStatus": "object",
            "shippingStatus": "object",
            "surcharges": "list",
            "surcharges[]": "object",
            "surcharges[].value": "number",
            "total": "number",
            "subtotal": "number",
        },
        "product": {"price": "number", "sku": "scalar"},
    }

    def make_client(self):
        key = self.settings.get("xcart_legacy_key")
        return XCartLegacyClient(
            self.settings.get("base_url"), key=key, **self._client_options(key)
        )

    def store_summary(self):
        items, total = self.client.list("product", offset=0, count=1)
        orders, _total = self.client.list("order", offset=0, count=50)
        return (total if total is not None else len(items)), [o.get("date") for o in orders]

    # -- inbound ---------------------------------------------------------

    def list_changed(self, entity, since, skip, page_size, max_pages):
        """Offset paging from the newest page back to ``since`` (by ``X-Result-Count``)."""
        path = ENTITY_PATHS[entity]
        _first, total = self.client.list(path, offset=0, count=1)
        if total is None:
            return self._list_forward(entity, since, skip, page_size, max_pages)
        objects = []
        end = total - skip * page_size
        for count in range(1, max_pages + 1):
            if end <= 0:
                return objects, count - 1, True
            offset = max(end - page_size, 0)
            batch, _total = self.client.list(path, offset=offset, count=end - offset)
            end = offset
            older = [older_than(self.object_date(entity, obj), since) for obj in batch]
            objects += [obj for obj, old in zip(batch, older, strict=True) if not old]
            if any(older):
                return objects, count, True
        return objects, max_pages, end <= 0

    def _list_forward(self, entity, since, skip, page_size, max_pages):
        """Offset paging from the start, for an add-on that sends no result count."""
        objects = []
        for count, page in enumerate(range(skip, skip + max_pages), 1):
            batch, _total = self.client.list(
                ENTITY_PATHS[entity], offset=page * page_size, count=page_size
            )
            objects += [o for o in batch if not older_than(self.object_date(entity, o), since)]
            if len(batch) < page_size:
                return objects, count, True
        return objects, max_pages, False

    def object_date(self, entity, obj):
        return obj.get("updateDate") or obj.get("update_date") or obj.get("date")

    def fetch(self, entity, external_id):
        if entity not in ENTITY_PATHS:
            return super().fetch(entity, external_id)
        return self.client.get(f"{ENTITY_PATHS[entity]}/{int(external_id)}")

    @staticmethod
    def order_lines(order):
        return order.get("items") or []

    @staticmethod
    def order_addresses(order):
        """The profile's addresses flagged ``isBilling`` / ``isShipping``."""
        addresses = (order.get("profile") or {}).get("addresses") or []
        billing = next(
            (a for a in addresses if a.get("isBilling")), addresses[0] if addresses else {}
        )
        shipping = next((a for a in addresses if a.get("isShipping")), None)
        return billing, shipping

    # -- outbound --------------------------------------------------------

    def catalogue_page(self, page, size=CATALOGUE_PAGE_SIZE):
        products, total = self.client.list("product", offset=page * size, count=size)
        entries = []
        for product in products:
            product_id = product.get("product_id") or product.get("id")
            variants = product.get("variants") or []
            parent = dict(product, id=product_id)
            entries.append(catalogue_entry(product, product_id, variants=len(variants)))
            entries += [catalogue_entry(v, v["id"], parent=parent) for v in variants]
        pages = -(-total // size) if total is not None else None
        return entries, len(products) < size, pages

    def push_stock(self, external_id, parent_id, quantity):
        if parent_id:
            return self.client.set_variant_stock(external_id, quantity)
        return self.client.set_product_stock(external_id, quantity)

    def push_shipment(self, order_id, key, tracking, carrier):
        return self.client.add_tracking_number(order_id, tracking)

    def push_order_status(self, order_id, status, value_maps):
        """Set the shipping status coded in the value map (a missing code is an error)."""
        code = self._status_code(status, value_maps, SHIPPED_CODE if status == "shipped" else None)
        if not code:
            raise ValidationError(
                _lt(
                    "The value map %(map)s has no code for %(status)s.",
                    map=self.status_map,
                    status=status,
                )
            )
        self.client.set_shipping_status(order_id, code)
        return True
