"""X-Cart clients: the 5.5 REST API and the legacy 5.x REST API add-on."""

from .http import StorefrontClient

# Paths, headers and codes of the X-Cart APIs, in one place (see the API notes).
API_PREFIX = "/api"
AUTH_HEADER = "X-Auth-Token"
PAGE_SIZE_MAX = 100
LEGACY_SCRIPT = "/admin.php"
LEGACY_TARGET = "RESTAPI"
LEGACY_ERROR_HEADER = "X-REST-Error"
LEGACY_COUNT_HEADER = "X-Result-Count"
LEGACY_SHIPPING_STATUS_IDS = {"N": 1, "P": 2, "S": 3, "D": 4, "WND": 5, "R": 6}
DEFAULT_MAX_PAGES = 50


class XCartClient(StorefrontClient):
    """X-Cart 5.5 REST API (``X-Auth-Token``)."""

    platform_name = "X-Cart"

    def __init__(self, base_url, token=None, **kwargs):
        kwargs["secrets"] = (*kwargs.get("secrets", ()), token)
        super().__init__(base_url, **kwargs)
        self.token = token

    def _headers(self):
        return {"Accept": "application/json", AUTH_HEADER: self.token or ""}

    def list_orders(self, page=1, per_page=PAGE_SIZE_MAX):
        """One page of orders, most recently changed first."""
        params = {
            "page": page,
            "itemsPerPage": min(per_page, PAGE_SIZE_MAX),
            "order[lastRenewDate]": "desc",
        }
        return self._request("GET", f"{API_PREFIX}/orders", params=params) or []

    def get_order(self, order_id):
        """One order by id."""
        return self._request("GET", f"{API_PREFIX}/orders/{int(order_id)}")

    def set_shipping_status(self, order_id, code):
        """Set the order's shipping status code (``S`` shipped...)."""
        return self._request(
            "PUT", f"{API_PREFIX}/orders/{int(order_id)}/shipping_status", json={"code": code}
        )

    def set_payment_status(self, order_id, code):
        """Set the order's payment status code (``P`` paid, ``C`` canceled...)."""
        return self._request(
            "PUT", f"{API_PREFIX}/orders/{int(order_id)}/payment_status", json={"code": code}
        )

    def list_products(self, page=1, per_page=PAGE_SIZE_MAX):
        """One page of products."""
        params = {"page": page, "itemsPerPage": min(per_page, PAGE_SIZE_MAX)}
        return self._request("GET", f"{API_PREFIX}/products", params=params) or []

    def iter_products(self, max_pages=DEFAULT_MAX_PAGES * 10, per_page=PAGE_SIZE_MAX):
        """Yield every product (the API has no SKU filter: callers index by SKU)."""
        for page in range(1, max_pages + 1):
            products = self.list_products(page, per_page)
            yield from products
            if len(products) < per_page:
                return

    def get_product(self, product_id):
        """One product by id."""
        return self._request("GET", f"{API_PREFIX}/products/{int(product_id)}")

    def set_product_stock(self, product_id, amount):
        """Set a product's absolute stock (PUT merges, so the amount alone is enough)."""
        return self._request(
            "PUT", f"{API_PREFIX}/products/{int(product_id)}", json={"amount": int(amount)}
        )

    def set_variant_stock(self, product_id, variant_id, amount):
        """Set a variant's absolute stock."""
        return self._request(
            "PUT",
            f"{API_PREFIX}/products/{int(product_id)}/variants/{int(variant_id)}",
            json={"amount": int(amount)},
        )

    def get_profile(self, profile_id):
        """One customer profile by id."""
        return self._request("GET", f"{API_PREFIX}/profiles/{int(profile_id)}")

    def update_product(self, product_id, values):
        """Write a product's fields (name, description, price, enabled...): PUT merges."""
        return self._request("PUT", f"{API_PREFIX}/products/{int(product_id)}", json=values)

    def update_variant(self, product_id, variant_id, values):
        """Write a variant's fields (sku, price...): PUT merges."""
        return self._request(
            "PUT",
            f"{API_PREFIX}/products/{int(product_id)}/variants/{int(variant_id)}",
            json=values,
        )


class XCartLegacyClient(StorefrontClient):
    """The legacy X-Cart 5.x REST API add-on (key in the query string)."""

    platform_name = "X-Cart (legacy API)"

    def __init__(self, base_url, key=None, **kwargs):
        kwargs["secrets"] = (*kwargs.get("secrets", ()), key)
        super().__init__(base_url, **kwargs)
        self.key = key

    def _error_text(self, response):
        return response.headers.get(LEGACY_ERROR_HEADER) or ""

    def _call(self, method, path, params=None, data=None, retry=True):
        query = {"target": LEGACY_TARGET, "_key": self.key or "", "_path": path}
        query.update(params or {})
        return self._request(method, LEGACY_SCRIPT, params=query, data=data, retry=retry)

    def get(self, path):
        """GET ``_path=<entity>[/<id>]``."""
        return self._call("GET", path)

    def list(self, entity, offset=0, count=100):
        """One page of ``entity``; returns (items, total count or None)."""
        params = {"_cnd[limit][0]": offset, "_cnd[limit][1]": count}
        items = self._call("GET", entity, params=params) or []
        total = None
        if self.last_response is not None:
            total = self.last_response.headers.get(LEGACY_COUNT_HEADER)
        return items, int(total) if total and total.isdigit() else None

    def put(self, path, model):
        """PUT ``model[field]=value`` form fields (nested dicts become ``model[a][b]``)."""
        return self._call("PUT", path, data=flatten_model(model))

    def set_shipping_status(self, order_id, status):
        """Set the shipping status by id (1..6) or by code (N, P, S, D, WND, R)."""
        status_id = LEGACY_SHIPPING_STATUS_IDS.get(status, status)
        return self.put(f"order/{int(order_id)}", {"shippingStatus": {"id": status_id}})

    def tracking_numbers(self, order_id):
        """The tracking numbers the order has on the store."""
        order = self.get(f"order/{int(order_id)}") or {}
        numbers = order.get("trackingNumbers") if isinstance(order, dict) else None
        if isinstance(numbers, dict):
            numbers = list(numbers.values())
        return [
            str(entry.get("value") if isinstance(entry, dict) else entry) for entry in numbers or []
        ]

    def add_tracking_number(self, order_id, number):
        """Add a tracking number to an order, unless the order has it already.

        The add-on appends every number it receives: the order is read first,
        and the PUT is sent once (never retried blindly). After a timeout the
        next attempt reads the order again. Returns False when already there.
        """
        if str(number) in self.tracking_numbers(order_id):
            return False
        self._call(
            "PUT",
            f"order/{int(order_id)}",
            data=flatten_model({"trackingNumbers": {"0": {"value": number}}}),
            retry=False,
        )
        return True

    def set_product_stock(self, product_id, amount):
        """Set a product's absolute stock."""
        return self.put(f"product/{int(product_id)}", {"amount": int(amount)})

    def set_variant_stock(self, variant_id, amount):
        """Set a variant's absolute stock."""
        return self.put(
            "xc-productvariants-productvariant",
            {"0": {"id": int(variant_id), "amount": int(amount)}},
        )


def flatten_model(model, prefix="model"):
    """``{"a": {"b": 1}}`` -> ``{"model[a][b]": "1"}``."""
    fields = {}
    for key, value in model.items():
        name = f"{prefix}[{key}]"
        if isinstance(value, dict):
            fields.update(flatten_model(value, name))
        else:
            fields[name] = str(value)
    return fields
