"""WooCommerce: the adapter of a WooCommerce store (REST v3, its own signed webhooks)."""

import base64
import hashlib
import hmac

from .base import CATALOGUE_PAGE_SIZE, StorefrontAdapter, catalogue_entry, present, register
from .errors import ValidationError, _lt
from .woocommerce import BATCH_LIMIT, WooCommerceClient

# Order status set for an Odoo status, unless the order_status_out value map says else.
DEFAULT_STATUS_OUT = {"shipped": "completed", "cancelled": "cancelled"}
# WooCommerce topics and the connector's events: a restored order is an update.
TOPIC_EVENTS = {
    "order.created": "order.created",
    "order.updated": "order.updated",
    "order.restored": "order.updated",
    "product.created": "product.created",
    "product.updated": "product.updated",
    "product.restored": "product.updated",
    "customer.created": "customer.created",
    "customer.updated": "customer.updated",
}
RESOURCES = {"order": "orders", "product": "products", "customer": "customers"}
SIGNATURE_HEADER = "X-WC-Webhook-Signature"
TOPIC_HEADER = "X-WC-Webhook-Topic"


@register
class WooCommerceAdapter(StorefrontAdapter):
    """WooCommerce: OAuth 1.0a or Basic, ``modified_after`` listing, batch stock,
    webhooks signed with ``X-WC-Webhook-Signature`` and registered from Odoo."""

    code = "woocommerce"
    label = "WooCommerce"
    sequence = 40
    capabilities = frozenset(
        {"tracking", "product_write", "product_create", "customer_write", "payment_status"}
    )
    credential_fields = ("woocommerce_consumer_key", "woocommerce_consumer_secret")
    poll_entities = ("order", "product")
    status_map = "order_status_out"
    stock_batch_size = BATCH_LIMIT
    webhook_topics = {
        "import_orders": ("order.created", "order.updated"),
        "import_customers": ("customer.created", "customer.updated"),
        "import_products": ("product.created", "product.updated"),
    }
    shapes = {
        "order": {
            "line_items": "list",
            "line_items[]": "object",
            "line_items[].quantity": "quantity",
            "line_items[].subtotal": "number",
            "line_items[].total": "number",
            "shipping_lines": "list",
            "coupon_lines": "list",
            "fee_lines": "list",
            "fee_lines[]": "object",
            "fee_lines[].total": "number",
            "fee_lines[].total_tax": "number",
            "billing": "object",
            "shipping": "object",
            "total": "number",
            "discount_total": "number",
            "shipping_total": "number",
            "shipping_tax": "number",
        },
        "product": {"regular_price": "number", "sku": "scalar"},
    }
    fetch_methods = {
        "order": "get_order",
        "customer": "get_customer",
        "product": "get_product",
    }

    def make_client(self):
        settings = self.settings
        return WooCommerceClient(
            settings.get("base_url"),
            consumer_key=settings.get("woocommerce_consumer_key"),
            consumer_secret=settings.get("woocommerce_consumer_secret"),
            **self._client_options(
                settings.get("woocommerce_consumer_key"),
                settings.get("woocommerce_consumer_secret"),
            ),
        )

    def store_summary(self):
        _products, product_pages = self.client.list_page("products", per_page=1)
        total = self.client.last_response.headers.get("X-WP-Total") or product_pages
        orders, _pages = self.client.list_page("orders", per_page=50)
        return total, [order.get("date_created_gmt") for order in orders]

    # -- webhooks ----------------------------------------------------------

    @classmethod
    def webhook_ping(cls, headers, form):
        """The unsigned ping WooCommerce sends when a webhook is created (``webhook_id=N``)."""
        return not headers.get(SIGNATURE_HEADER) and str(form.get("webhook_id") or "").isdigit()

    @classmethod
    def verify_webhook(cls, secrets, headers, raw_body, tolerance):
        """``X-WC-Webhook-Signature`` = base64 HMAC-SHA256 of the raw body with the secret.

        WooCommerce signs no timestamp: a replay is made harmless by the dedup
        key and the binding's revision, not here.
        """
        given = headers.get(SIGNATURE_HEADER) or ""
        try:
            given = base64.b64decode(given, validate=True)
        except ValueError:
            return False
        valid = False
        for secret in filter(None, secrets):
            digest = hmac.new(secret.encode(), raw_body, hashlib.sha256).digest()
            valid |= hmac.compare_digest(digest, given)
        return bool(given) and valid

    @classmethod
    def read_webhook(cls, headers, raw_body):
        """``(event, object, None, dedup key)``: the event from ``X-WC-Webhook-Topic``,
        deduplicated on (resource, id, ``date_modified_gmt``) since the store's
        delivery id is shared by two deliveries within one second."""
        from ..tools.webhook import WebhookRejected, object_external_id, parse_payload

        topic = (headers.get(TOPIC_HEADER) or "").strip().lower()
        event = TOPIC_EVENTS.get(topic)
        if not event:
            raise WebhookRejected(
                "unknown_event",
                f"Unknown topic {topic[:100]!r}; expected one of {', '.join(TOPIC_EVENTS)}.",
            )
        payload = parse_payload(raw_body)
        external_id = object_external_id(payload)
        if not external_id:
            raise WebhookRejected("invalid_payload", "The body carries no object id.")
        changed = payload.get("date_modified_gmt") or payload.get("date_modified") or ""
        dedup_key = f"woocommerce:{topic.split('.')[0]}:{external_id}:{changed}"
        return event, payload, None, dedup_key

    def register_webhooks(self, delivery_url, secret, topics):
        """Create or update one active webhook per topic to ``delivery_url``.

        Returns ``[{"topic", "id", "status"}]`` as the store reports them.
        """
        existing = {
            hook.get("topic"): hook
            for hook in self.client.webhooks()
            if hook.get("delivery_url") == delivery_url
        }
        states = []
        for topic in topics:
            values = {
                "name": f"Odoo {topic}",
                "topic": topic,
                "delivery_url": delivery_url,
                "secret": secret,
                "status": "active",
            }
            hook = existing.get(topic)
            if hook:
                hook = self.client.update("webhooks", hook["id"], values)
            else:
                hook = self.client.create_object("webhooks", values)
            states.append({"topic": topic, "id": hook.get("id"), "status": hook.get("status")})
        return states

    def webhook_states(self, delivery_url):
        """``{topic: status}`` of the store's webhooks to ``delivery_url``."""
        return {
            hook.get("topic"): hook.get("status")
            for hook in self.client.webhooks()
            if hook.get("delivery_url") == delivery_url
        }

    # -- inbound ---------------------------------------------------------

    def list_changed(self, entity, since, skip, page_size, max_pages):
        """``modified_after`` (GMT), oldest change first, 1-based ``page``."""
        resource = RESOURCES[entity]
        objects = []
        for count, page in enumerate(range(skip + 1, skip + max_pages + 1), 1):
            found, pages = self.client.list_page(
                resource, page=page, per_page=min(page_size, 100), modified_after=since
            )
            objects.extend(found)
            if page >= pages or not found:
                return objects, count, True
        return objects, max_pages, False

    def object_date(self, entity, obj):
        return obj.get("date_modified_gmt") or obj.get("date_created_gmt")

    @staticmethod
    def order_lines(order):
        """The line items, each with its unit price before coupons (``unit_subtotal``)."""
        lines = []
        for item in order.get("line_items") or []:
            item = dict(item)
            quantity = float(item.get("quantity") or 0)
            if quantity:
                item["unit_subtotal"] = float(item.get("subtotal") or 0) / quantity
            lines.append(item)
        return lines

    @staticmethod
    def order_addresses(order):
        shipping = order.get("shipping") or {}
        has_shipping = any(shipping.get(key) for key in ("address_1", "last_name", "company"))
        return order.get("billing") or {}, shipping if has_shipping else None

    @staticmethod
    def order_refunds(order):
        """The order's ``refunds`` (``{id, reason, total}``, total negative)."""
        return [
            {
                "refund_id": str(refund["id"]),
                "order_id": str(order.get("id")),
                "amount": abs(float(refund.get("total") or 0.0)),
            }
            for refund in order.get("refunds") or []
            if refund.get("id")
        ]

    @staticmethod
    def order_fees(order):
        """The ``fee_lines`` (``total`` untaxed, ``total_tax``; a negative fee lowers the total)."""
        return [
            {
                "name": fee.get("name"),
                "amount": float(fee.get("total") or 0.0),
                "tax": float(fee.get("total_tax") or 0.0),
            }
            for fee in order.get("fee_lines") or []
        ]

    # -- outbound --------------------------------------------------------

    def catalogue_page(self, page, size=CATALOGUE_PAGE_SIZE):
        products, pages = self.client.list_page("products", page=page + 1, per_page=size)
        entries = []
        for product in products:
            variations = []
            if product.get("type") == "variable":
                variations = list(self.client.iter_all(f"products/{product['id']}/variations"))
            entries.append(catalogue_entry(product, product["id"], variants=len(variations)))
            entries += [catalogue_entry(v, v["id"], parent=product) for v in variations]
        return entries, page + 1 >= (pages or 1) or not products, pages

    def push_stock(self, external_id, parent_id, quantity):
        return self.push_stock_batch([(external_id, parent_id, quantity)])

    def push_stock_batch(self, items):
        """Absolute quantities of ``[(id, parent id or None, quantity)]``: one batch call
        per 100 products, one per parent for variations."""
        groups = {}
        for external_id, parent_id, quantity in items:
            groups.setdefault(parent_id or None, []).append(
                {"id": int(external_id), "manage_stock": True, "stock_quantity": int(quantity)}
            )
        errors = []
        for parent_id, updates in groups.items():
            path = f"/products/{int(parent_id)}/variations" if parent_id else "/products"
            for start in range(0, len(updates), BATCH_LIMIT):
                answer = self.client.batch(path, update=updates[start : start + BATCH_LIMIT])
                errors += [
                    f"{item.get('id')}: {(item.get('error') or {}).get('message')}"
                    for item in answer.get("update") or []
                    if item.get("error")
                ]
        if errors:
            raise ValidationError(
                _lt("WooCommerce refused stock updates: %(errors)s", errors="; ".join(errors))
            )
        return True

    def push_shipment(self, order_id, key, tracking, carrier):
        """A customer note with the carrier and tracking number, once per number; and
        the Shipment Tracking extension's item when the store has that extension."""
        added = self._push_tracking_item(order_id, tracking, carrier)
        text = f"Shipped with {carrier or 'carrier'}: tracking number {tracking}"
        notes = self.client.order_notes(order_id)
        if any(tracking in (note.get("note") or "") for note in notes):
            return added
        self.client.add_order_note(order_id, text, customer_note=True)
        return True

    def _push_tracking_item(self, order_id, tracking, carrier):
        """The extension's tracking item, once per number; False without the extension."""
        items = self.client.shipment_trackings(order_id)
        if items is None or any(item.get("tracking_number") == tracking for item in items):
            return False
        self.client.add_shipment_tracking(order_id, tracking, carrier or "carrier")
        return True

    def push_order_status(self, order_id, status, value_maps):
        """Set the order's status (``completed`` when shipped, ``cancelled``)."""
        code = self._status_code(status, value_maps, DEFAULT_STATUS_OUT.get(status))
        if not code:
            return False
        self.client.update("orders", order_id, {"status": code})
        return True

    def push_product(self, values):
        """Create or update the product (name, ``regular_price``, description, status)
        and its variations; return its id."""
        body = present(
            {
                "sku": values.get("sku"),
                "name": values.get("name"),
                "description": values.get("description"),
                "regular_price": _price(values.get("price")),
                "status": None
                if values.get("active") is None
                else ("publish" if values["active"] else "draft"),
            }
        )
        product_id = values.get("external_id")
        if product_id:
            self.client.update("products", product_id, body)
        else:
            if not values.get("sku"):
                raise ValidationError(
                    _lt("A product needs an internal reference (SKU) to be created.")
                )
            product_id = self.client.create_object("products", body)["id"]
        variants = [
            present(
                {
                    "id": int(variant["external_id"]),
                    "sku": variant.get("sku"),
                    "regular_price": _price(variant.get("price")),
                    "status": None
                    if variant.get("active") is None
                    else ("publish" if variant["active"] else "private"),
                }
            )
            for variant in values.get("variants") or []
        ]
        for start in range(0, len(variants), BATCH_LIMIT):
            self.client.batch(
                f"/products/{int(product_id)}/variations",
                update=variants[start : start + BATCH_LIMIT],
            )
        return str(product_id)

    def push_customer(self, external_id, values):
        """Update the customer's name, email and first billing/shipping addresses."""
        body = {
            "email": values.get("email"),
            "first_name": values.get("first_name"),
            "last_name": values.get("last_name"),
        }
        for kind, address in zip(
            ("billing", "shipping"), (values.get("addresses") or [])[:2], strict=False
        ):
            body[kind] = present(
                {
                    "first_name": address.get("first_name"),
                    "last_name": address.get("last_name"),
                    "address_1": address.get("street"),
                    "address_2": address.get("street2"),
                    "city": address.get("city"),
                    "postcode": address.get("zip"),
                    "state": address.get("state_code"),
                    "country": address.get("country_code"),
                    "phone": address.get("phone") if kind == "billing" else None,
                    "email": address.get("email") if kind == "billing" else None,
                }
            )
        self.client.update("customers", external_id, present(body))

    def push_payment_status(self, order_external_id, values):
        """Mark the order paid: ``set_paid`` (status from the value map, else processing)."""
        body = {"set_paid": True}
        if values.get("code"):
            body["status"] = values["code"]
        self.client.update("orders", order_external_id, body)


def _price(value):
    return None if value is None else f"{float(value):.2f}"
