"""WooCommerce REST API v3 client: OAuth 1.0a on plain HTTP, HTTP Basic on HTTPS."""

from urllib.parse import urlsplit

from requests.auth import HTTPBasicAuth
from requests_oauthlib import OAuth1

from .errors import ValidationError, _lt
from .http import StorefrontClient

API_ROOT = "/wp-json/wc/v3"
# The Shipment Tracking extension's own REST namespace (absent: 404 on its routes).
TRACKING_ROOT = "/wp-json/wc-shipment-tracking/v3"
# WooCommerce accepts up to 100 objects per page and per batch call.
PAGE_SIZE = 100
BATCH_LIMIT = 100
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S"


class WooCommerceClient(StorefrontClient):
    """WooCommerce REST v3 (``/wp-json/wc/v3``), 1-based pages counted in ``X-WP-TotalPages``.

    On plain HTTP the store only accepts OAuth 1.0a one-legged signatures
    (HMAC-SHA256, ``oauth_*`` in the query string, a fresh nonce per attempt);
    on HTTPS the key and secret go as HTTP Basic credentials.
    """

    platform_name = "WooCommerce"

    def __init__(self, base_url, *, consumer_key=None, consumer_secret=None, **kwargs):
        kwargs["secrets"] = (*kwargs.get("secrets", ()), consumer_key, consumer_secret)
        super().__init__(base_url, **kwargs)
        if not (consumer_key and consumer_secret):
            raise ValidationError(_lt("The WooCommerce channel needs a consumer key and secret."))
        # requests signs every attempt anew through the session's auth.
        if urlsplit(self.base_url).scheme == "https":
            self.session.auth = HTTPBasicAuth(consumer_key, consumer_secret)
        else:
            self.session.auth = OAuth1(
                consumer_key,
                client_secret=consumer_secret,
                signature_method="HMAC-SHA256",
                signature_type="query",
            )

    def _call(self, method, path, **kwargs):
        return self._request(method, API_ROOT + path, **kwargs)

    def _total_pages(self):
        try:
            return int(self.last_response.headers.get("X-WP-TotalPages") or 1)
        except (TypeError, ValueError):
            return 1

    # -- reads -----------------------------------------------------------

    def list_page(self, resource, page=1, per_page=PAGE_SIZE, modified_after=None, **params):
        """One page of ``resource`` (orders, products, customers...): ``(objects, total pages)``.

        ``modified_after`` (naive UTC datetime) filters on the GMT change date.
        """
        params = dict(params, page=page, per_page=per_page)
        if modified_after:
            params.update(modified_after=modified_after.strftime(DATE_FORMAT), dates_are_gmt="true")
            params.setdefault("orderby", "modified")
            params.setdefault("order", "asc")
        answer = self._call("GET", f"/{resource}", params=params) or []
        return answer, self._total_pages()

    def iter_all(self, resource, **params):
        """Yield every object of ``resource``, page after page."""
        page = 1
        while True:
            objects, pages = self.list_page(resource, page=page, **params)
            yield from objects
            if page >= pages or not objects:
                return
            page += 1

    def get(self, resource, object_id):
        """One object by id (``resource``: orders, products, customers)."""
        return self._call("GET", f"/{resource}/{int(object_id)}")

    def get_order(self, order_id):
        """One order by id."""
        return self.get("orders", order_id)

    def get_product(self, product_id):
        """One product by id."""
        return self.get("products", product_id)

    def get_customer(self, customer_id):
        """One customer by id."""
        return self.get("customers", customer_id)

    # -- writes ----------------------------------------------------------

    def batch(self, path, update=(), create=(), delete=()):
        """``POST {path}/batch`` with at most 100 objects in all; return the answer."""
        body = {
            key: list(value)
            for key, value in (("create", create), ("update", update), ("delete", delete))
            if value
        }
        if sum(len(value) for value in body.values()) > BATCH_LIMIT:
            raise ValidationError(f"A WooCommerce batch takes at most {BATCH_LIMIT} objects.")
        return self._call("POST", f"{path}/batch", json=body) or {}

    def update(self, resource, object_id, values):
        """``PUT /{resource}/{id}`` with ``values``; return the object."""
        return self._call("PUT", f"/{resource}/{int(object_id)}", json=values)

    def create_object(self, resource, values):
        """``POST /{resource}``: create one object (sent once, never retried)."""
        return self._call("POST", f"/{resource}", json=values, retry=False)

    def add_order_note(self, order_id, note, customer_note=True):
        """Add a note to an order (a customer note is e-mailed to the customer)."""
        body = {"note": note, "customer_note": bool(customer_note)}
        return self._call("POST", f"/orders/{int(order_id)}/notes", json=body, retry=False)

    def order_notes(self, order_id):
        """The notes of an order."""
        return self._call("GET", f"/orders/{int(order_id)}/notes") or []

    def shipment_trackings(self, order_id):
        """The order's Shipment Tracking items; None when the store has not that extension
        (WordPress answers 404 ``rest_no_route`` for a namespace no plugin registered)."""
        try:
            path = f"{TRACKING_ROOT}/orders/{int(order_id)}/shipment-trackings"
            return self._request("GET", path) or []
        except ValidationError as exc:
            if exc.status == 404 and self._error_code() == "rest_no_route":
                return None
            raise

    def _error_code(self):
        try:
            return (self.last_response.json() or {}).get("code")
        except (ValueError, AttributeError):
            return None

    def add_shipment_tracking(self, order_id, tracking_number, provider):
        """Add a Shipment Tracking item (the extension's fields) to an order."""
        body = {"custom_tracking_provider": provider, "tracking_number": tracking_number}
        path = f"{TRACKING_ROOT}/orders/{int(order_id)}/shipment-trackings"
        return self._request("POST", path, json=body, retry=False)

    def webhooks(self):
        """Every webhook of the store."""
        return list(self.iter_all("webhooks"))
