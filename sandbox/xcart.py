"""X-Cart simulator: the 5.5 REST API under /api and the legacy add-on under /admin.php."""

import json
import re
from datetime import datetime
from pathlib import Path

from .server import Reply, SandboxServer

DATA = Path(__file__).resolve().parent / "data"
SHIPPING_NAMES = {
    "N": "New",
    "P": "Processing",
    "S": "Shipped",
    "D": "Delivered",
    "WND": "Will not deliver",
    "R": "Returned",
}
PAYMENT_NAMES = {
    "Q": "Queued",
    "A": "Authorized",
    "PP": "Part-paid",
    "P": "Paid",
    "D": "Declined",
    "C": "Canceled",
    "R": "Refunded",
}
LEGACY_SHIPPING_IDS = {"1": "N", "2": "P", "3": "S", "4": "D", "5": "WND", "6": "R"}
ROUTES = [
    ("GET", r"/api/orders", "list_orders"),
    ("GET", r"/api/orders/(\d+)", "get_order"),
    ("GET", r"/api/orders/(\d+)/(shipping_status|payment_status)", "get_status"),
    ("PUT", r"/api/orders/(\d+)/(shipping_status|payment_status)", "put_status"),
    ("GET", r"/api/products", "list_products"),
    ("GET", r"/api/products/(\d+)", "get_product"),
    ("PUT", r"/api/products/(\d+)", "put_product"),
    ("GET", r"/api/products/(\d+)/variants/(\d+)", "get_variant"),
    ("PUT", r"/api/products/(\d+)/variants/(\d+)", "put_variant"),
    ("GET", r"/api/profiles/(\d+)", "get_profile"),
    ("GET", r"/api/profiles/(\d+)/addresses", "get_addresses"),
]


class XCartSandbox(SandboxServer):
    """Serves the X-Cart 5.5 API and the legacy REST add-on from memory."""

    def __init__(
        self,
        token="rw-token",
        read_token="ro-token",
        legacy_key="legacy-rw",
        legacy_read_key="legacy-ro",
        port=0,
    ):
        super().__init__(port)
        self.token, self.read_token = token, read_token
        self.legacy_key, self.legacy_read_key = legacy_key, legacy_read_key
        self.orders, self.products, self.profiles = {}, {}, {}

    # -- data ------------------------------------------------------------

    def add_order(self, obj):
        return self.keep(self.orders, obj)

    def add_product(self, obj):
        product = self.keep(self.products, obj)
        product.setdefault("variants", [])
        return product

    def add_profile(self, obj):
        return self.keep(self.profiles, obj)

    def touch(self, obj):
        """Bump the update date of a stored order or product."""
        obj["update_date"] = self.now_iso()
        return obj

    def load_samples(self):
        """Load the sample order and product, and a product for every SKU of the order."""
        order = self.add_order(json.loads((DATA / "xcart55_order.json").read_text()))
        self.add_product(json.loads((DATA / "xcart55_product.json").read_text()))
        for item in order["items"]:
            if int(item["product_id"]) not in self.products:
                self.add_product(
                    {
                        "id": item["product_id"],
                        "sku": item["sku"],
                        "name": item["name"],
                        "price": item["price"],
                        "enabled": True,
                        "amount": 50,
                        "weight": 0.5,
                        "inventory_traceable": True,
                        "create_date": order["create_date"],
                        "update_date": order["create_date"],
                    }
                )
        self.add_profile(
            {
                "id": order["customer_id"],
                "login": order["email"],
                "status": "E",
                "create_date": order["create_date"],
                "update_date": order["create_date"],
                "addresses": [order["billing_address"]],
            }
        )
        return self

    # -- routing ---------------------------------------------------------

    def route(self, request):
        if request.path == "/admin.php":
            return self._legacy(request)
        path = request.path[:-5] if request.path.endswith(".json") else request.path
        token = request.headers.get("x-auth-token")
        if token not in (self.token, self.read_token) or not token:
            return 401, {"message": "Invalid or missing API token"}
        if request.method != "GET" and token != self.token:
            return 403, {"message": "This token is read-only"}
        for method, pattern, name in ROUTES:
            match = re.fullmatch(pattern, path)
            if match and method == request.method:
                return getattr(self, "_" + name)(request, *match.groups())
        return 404, {"message": f"No route {request.method} {path}"}

    def _page(self, request, items):
        page = max(int(request.query.get("page") or 1), 1)
        per_page = min(max(int(request.query.get("itemsPerPage") or 30), 1), 100)
        return items[(page - 1) * per_page : page * per_page]

    def _find(self, table, object_id, label):
        obj = table.get(int(object_id))
        if obj is None:
            raise Reply(404, {"message": f"{label} {object_id} not found"})
        return obj

    def _json_body(self, request):
        if not isinstance(request.json, dict):
            raise Reply(400, {"message": "Body must be a JSON object"})
        return request.json

    def _list_orders(self, request):
        orders = list(self.orders.values())
        if request.query.get("order[lastRenewDate]"):
            reverse = request.query["order[lastRenewDate]"].lower() == "desc"
            orders.sort(key=lambda o: o.get("update_date") or "", reverse=reverse)
        return 200, self._page(request, orders)

    def _get_order(self, request, order_id):
        return 200, self._find(self.orders, order_id, "Order")

    def _get_status(self, request, order_id, kind):
        return 200, self._find(self.orders, order_id, "Order").get(kind)

    def _put_status(self, request, order_id, kind):
        order = self._find(self.orders, order_id, "Order")
        code = str(self._json_body(request).get("code") or "")
        names = SHIPPING_NAMES if kind == "shipping_status" else PAYMENT_NAMES
        if not code:
            return 400, {"message": "code is required"}
        order[kind] = {
            "id": list(names).index(code) + 1 if code in names else 99,
            "code": code,
            "name": names.get(code, code),
        }
        self.touch(order)
        return 200, order[kind]

    def _list_products(self, request):
        return 200, self._page(request, list(self.products.values()))

    def _get_product(self, request, product_id):
        return 200, self._find(self.products, product_id, "Product")

    def _put_product(self, request, product_id):
        product = self._find(self.products, product_id, "Product")
        product.update(self._json_body(request))
        self.touch(product)
        return 200, product

    def _variant(self, product_id, variant_id):
        product = self._find(self.products, product_id, "Product")
        for variant in product.get("variants", []):
            if int(variant["id"]) == int(variant_id):
                return product, variant
        raise Reply(404, {"message": f"Variant {variant_id} not found"})

    def _get_variant(self, request, product_id, variant_id):
        return 200, self._variant(product_id, variant_id)[1]

    def _put_variant(self, request, product_id, variant_id):
        product, variant = self._variant(product_id, variant_id)
        variant.update(self._json_body(request))
        self.touch(product)
        return 200, variant

    def _get_profile(self, request, profile_id):
        profile = self._find(self.profiles, profile_id, "Profile")
        return 200, {k: v for k, v in profile.items() if k != "addresses"}

    def _get_addresses(self, request, profile_id):
        return 200, self._find(self.profiles, profile_id, "Profile").get("addresses", [])

    # -- legacy add-on ---------------------------------------------------

    def _legacy(self, request):
        if request.query.get("target") != "RESTAPI":
            return 404, b""
        key = request.query.get("_key")
        if not key or key not in (self.legacy_key, self.legacy_read_key):
            return 403, b""
        method = (
            request.query.get("_method")
            or request.form.get("_method")
            or request.headers.get("x-http-method-override")
            or request.method
        ).upper()
        if method != "GET" and key != self.legacy_key:
            return 403, b""
        entity, _sep, object_id = (request.query.get("_path") or "").partition("/")
        model = (request.json or {}).get("model") if isinstance(request.json, dict) else None
        model = model if model is not None else request.form.get("model", {})
        if method == "DELETE" and not object_id:
            return 400, [], {"X-REST-Error": "refusing to delete all"}
        handler = getattr(self, f"_legacy_{method.lower()}_{entity.replace('-', '_')}", None)
        if not handler:
            return 400, [], {"X-REST-Error": f"Unsupported {method} {entity}"}
        return handler(request, object_id, model)

    def _legacy_order(self, order):
        """An order in the add-on's default schema (camelCase, unix date, nested profile)."""
        addresses = [
            dict(order.get("billing_address") or {}, isBilling=True, isShipping=False),
            dict(order.get("shipping_address") or {}, isBilling=False, isShipping=True),
        ]
        return {
            "order_id": order["id"],
            "orderNumber": order.get("order_number"),
            "total": order.get("total"),
            "subtotal": order.get("sub_total"),
            "date": self.unix(order.get("create_date")),
            "notes": order.get("notes"),
            "profile": {
                "profile_id": order.get("customer_id"),
                "login": order.get("email"),
                "addresses": [a for a in addresses if len(a) > 2],
            },
            "items": [
                {
                    "item_id": item.get("id"),
                    "sku": item.get("sku"),
                    "name": item.get("name"),
                    "price": item.get("price"),
                    "itemNetPrice": item.get("item_net_price"),
                    "amount": item.get("amount"),
                }
                for item in order.get("items", [])
            ],
            "surcharges": order.get("surcharges", []),
            "trackingNumbers": order.get("tracking_numbers", []),
            "currency": {"code": order.get("currency")},
            "paymentStatus": order.get("payment_status"),
            "shippingStatus": order.get("shipping_status"),
        }

    @staticmethod
    def unix(value):
        """Unix seconds of an ISO date (the add-on's date format), None when empty."""
        return int(datetime.fromisoformat(value).timestamp()) if value else None

    def _legacy_list(self, request, items):
        """One offset page (``_cnd[limit]``) with the total in ``X-Result-Count``."""
        offset = int(request.query.get("_cnd[limit][0]") or 0)
        count = int(request.query.get("_cnd[limit][1]") or len(items) or 1)
        return 200, items[offset : offset + count], {"X-Result-Count": str(len(items))}

    def _legacy_get_order(self, request, object_id, model):
        if object_id:
            order = self.orders.get(int(object_id))
            if not order:
                return 404, b""
            return 200, self._legacy_order(order)
        return self._legacy_list(request, [self._legacy_order(o) for o in self.orders.values()])

    def _legacy_put_order(self, request, object_id, model):
        order = self.orders.get(int(object_id or 0))
        if not order:
            return 400, [], {"X-REST-Error": f"Order {object_id} not found"}
        status_id = str((model.get("shippingStatus") or {}).get("id") or "")
        if status_id:
            code = LEGACY_SHIPPING_IDS.get(status_id)
            if not code:
                return 400, [], {"X-REST-Error": f"Unknown shipping status {status_id}"}
            order["shipping_status"] = {
                "id": int(status_id),
                "code": code,
                "name": SHIPPING_NAMES[code],
            }
        for number in (model.get("trackingNumbers") or {}).values():
            order.setdefault("tracking_numbers", []).append({"value": number.get("value")})
        self.touch(order)
        return 200, self._legacy_order(order)

    def _legacy_product(self, product):
        return dict(
            {k: v for k, v in product.items() if k != "id"},
            product_id=product["id"],
            date=self.unix(product.get("create_date")),
            updateDate=self.unix(product.get("update_date")),
        )

    def _legacy_get_product(self, request, object_id, model):
        if not object_id:
            products = [self._legacy_product(p) for p in self.products.values()]
            return self._legacy_list(request, products)
        product = self.products.get(int(object_id))
        return (200, self._legacy_product(product)) if product else (404, b"")

    def _legacy_put_product(self, request, object_id, model):
        product = self.products.get(int(object_id or 0))
        if not product:
            return 400, [], {"X-REST-Error": f"Product {object_id} not found"}
        if "amount" in model:
            product["amount"] = int(float(model["amount"]))
        self.touch(product)
        return 200, product

    def _legacy_put_xc_productvariants_productvariant(self, request, object_id, model):
        updated = []
        for entry in model.values():
            for product in self.products.values():
                for variant in product.get("variants", []):
                    if str(variant["id"]) == str(entry.get("id")):
                        variant["amount"] = int(float(entry.get("amount", variant["amount"])))
                        updated.append(variant)
        if not updated:
            return 400, [], {"X-REST-Error": "No such variant"}
        return 200, updated
