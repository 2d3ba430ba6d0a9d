"""WooCommerce REST v3 simulator: OAuth 1.0a (HMAC-SHA256) checked as the store does,
pages counted in X-WP-TotalPages, ``modified_after``, batch writes (at most 100),
order notes and webhooks, and the Shipment Tracking extension's routes when it is
installed (``shipment_tracking``). Faults (429, 5xx, slow pages...) come from
SandboxServer."""

import base64
import hashlib
import hmac
import itertools
import re
from urllib.parse import quote

from .server import Reply, SandboxServer

API = "/wp-json/wc/v3"
BATCH_LIMIT = 100
ITEM = re.compile(r"^/(products|orders|customers|webhooks)/(\d+)$")
VARIATIONS = re.compile(r"^/products/(\d+)/variations(/batch)?$")
NOTES = re.compile(r"^/orders/(\d+)/notes$")
TRACKING_API = "/wp-json/wc-shipment-tracking/v3"
TRACKINGS = re.compile(r"^/orders/(\d+)/shipment-trackings$")


def _enc(text):
    return quote(str(text), safe="~")


class WooCommerceSandbox(SandboxServer):
    """A small WooCommerce store in memory: ``products``, ``variations`` (by parent),
    ``orders``, ``customers``, ``webhooks``, ``notes`` and ``trackings`` (by order),
    keyed by id. ``shipment_tracking`` installs the Shipment Tracking extension."""

    def __init__(self, port=0, consumer_key="ck_sandbox", consumer_secret="cs_sandbox"):
        super().__init__(port)
        self.consumer_key = consumer_key
        self.consumer_secret = consumer_secret
        self._ids = itertools.count(100)
        self.products, self.variations, self.orders = {}, {}, {}
        self.customers, self.webhooks, self.notes, self.trackings = {}, {}, {}, {}
        self.shipment_tracking = False

    # -- fixtures --------------------------------------------------------

    def add_product(self, sku, stock=0, modified="2026-01-01T00:00:00", **values):
        product_id = next(self._ids)
        self.products[product_id] = dict(
            {"id": product_id, "sku": sku, "type": "simple", "stock_quantity": stock},
            manage_stock=True,
            date_modified_gmt=modified,
            **values,
        )
        return self.products[product_id]

    def add_variation(self, parent_id, sku, stock=0):
        variation_id = next(self._ids)
        self.products[parent_id]["type"] = "variable"
        self.variations.setdefault(parent_id, {})[variation_id] = {
            "id": variation_id,
            "sku": sku,
            "stock_quantity": stock,
        }
        return self.variations[parent_id][variation_id]

    def add_order(self, modified="2026-01-01T00:00:00", **values):
        order_id = next(self._ids)
        self.orders[order_id] = dict(
            {"id": order_id, "status": "processing", "date_modified_gmt": modified}, **values
        )
        return self.orders[order_id]

    # -- authentication --------------------------------------------------

    def _signature(self, method, path, params):
        pairs = sorted((_enc(k), _enc(v)) for k, v in params.items() if k != "oauth_signature")
        normalized = "&".join(f"{k}={v}" for k, v in pairs)
        base = "&".join((method, _enc(self.url + path), _enc(normalized)))
        key = f"{self.consumer_secret}&".encode()
        return base64.b64encode(hmac.new(key, base.encode(), hashlib.sha256).digest()).decode()

    def _authenticate(self, request):
        query = request.query
        if query.get("oauth_consumer_key") != self.consumer_key:
            raise Reply(401, {"code": "woocommerce_rest_authentication_error"})
        if query.get("oauth_signature_method") != "HMAC-SHA256":
            raise Reply(401, {"code": "woocommerce_rest_authentication_error"})
        expected = self._signature(request.method, request.path, query)
        if not hmac.compare_digest(expected, query.get("oauth_signature", "")):
            raise Reply(401, {"message": "Invalid signature - provided signature does not match."})

    # -- routes ----------------------------------------------------------

    def route(self, request):
        if self.shipment_tracking and request.path.startswith(TRACKING_API):
            self._authenticate(request)
            return self._tracking(request, request.path[len(TRACKING_API) :])
        if not request.path.startswith(API):
            return 404, {"code": "rest_no_route"}
        self._authenticate(request)
        path = request.path[len(API) :]
        method = request.method
        if method == "GET" and path in ("/products", "/orders", "/customers", "/webhooks"):
            return self._page(getattr(self, path[1:]), request.query)
        if method == "POST" and path == "/products/batch":
            return 200, self._batch(self.products, request.json or {})
        match = VARIATIONS.match(path)
        if match:
            children = self.variations.get(int(match[1]), {})
            if method == "POST" and match[2]:
                return 200, self._batch(children, request.json or {})
            return self._page(children, request.query)
        match = NOTES.match(path)
        if match:
            notes = self.notes.setdefault(int(match[1]), [])
            if method == "POST":
                notes.append(dict(request.json, id=next(self._ids)))
                return 201, notes[-1]
            return 200, notes
        if method == "POST" and path == "/webhooks":
            hook = dict(request.json, id=next(self._ids))
            hook.setdefault("status", "active")
            self.webhooks[hook["id"]] = hook
            return 201, self._public_hook(hook)
        match = ITEM.match(path)
        if match:
            objects = getattr(self, match[1])
            obj = objects.get(int(match[2]))
            if obj is None:
                return 404, {"code": f"woocommerce_rest_{match[1]}_invalid_id"}
            if method == "PUT":
                obj.update(request.json or {})
            if match[1] == "webhooks":
                return 200, self._public_hook(obj)
            return 200, obj
        return 404, {"code": "rest_no_route"}

    def _tracking(self, request, path):
        """The extension's tracking items of an order: listed, or one added."""
        match = TRACKINGS.match(path)
        if not match:
            return 404, {"code": "rest_no_route"}
        if int(match[1]) not in self.orders:
            return 404, {"code": "woocommerce_rest_order_invalid_id"}
        items = self.trackings.setdefault(int(match[1]), [])
        if request.method == "POST":
            items.append(dict(request.json or {}, tracking_id=f"t{next(self._ids)}"))
            return 201, items[-1]
        return 200, items

    @staticmethod
    def _public_hook(hook):
        return {key: value for key, value in hook.items() if key != "secret"}

    def _page(self, objects, query):
        items = sorted(objects.values(), key=lambda o: (o.get("date_modified_gmt") or "", o["id"]))
        since = query.get("modified_after")
        if since:
            items = [o for o in items if (o.get("date_modified_gmt") or "") > since]
        per_page = min(int(query.get("per_page") or 10), 100)
        page = int(query.get("page") or 1)
        pages = max((len(items) + per_page - 1) // per_page, 1)
        headers = {"X-WP-Total": str(len(items)), "X-WP-TotalPages": str(pages)}
        chunk = items[(page - 1) * per_page : page * per_page]
        if objects is self.webhooks:
            chunk = [self._public_hook(hook) for hook in chunk]
        return 200, chunk, headers

    def _batch(self, objects, body):
        count = sum(len(body.get(key) or []) for key in ("create", "update", "delete"))
        if count > BATCH_LIMIT:
            raise Reply(
                413,
                {
                    "code": "rest_batch_max_items",
                    "message": "Unable to accept more than 100 items for this request.",
                },
            )
        updated = []
        for values in body.get("update") or []:
            obj = objects.get(int(values.get("id") or 0))
            if obj is None:
                updated.append(
                    {
                        "id": values.get("id"),
                        "error": {"code": "woocommerce_rest_invalid_id", "message": "Invalid ID."},
                    }
                )
                continue
            obj.update(values)
            updated.append(obj)
        return {"update": updated}
