"""Clarity eCommerce client: OAuth2 client credentials or session login."""

import hashlib
import threading
import time

from .errors import AuthError, BusinessError, ValidationError, _lt
from .http import StorefrontClient

# Paths and names of the Clarity admin API, in one place (see the API notes).
SESSION_PATH = "/auth/identity"
SESSION_HEADER = "X-ss-id"
ORDER_ACTIONS = ("Confirm", "Pending", "Hold", "Backorder", "Ship", "Complete", "Void")
# An action refused on an order already in one of these statuses is done already.
ACTION_DONE_STATUSES = {
    "Ship": ("SHIPPED", "COMPLETED"),
    "Complete": ("COMPLETED",),
    "Void": ("VOID",),
}
PAGE_SIZE = 50
DEFAULT_MAX_PAGES = 50
TOKEN_MARGIN = 60  # renew a cached token this many seconds before it expires

_token_lock = threading.Lock()
_token_cache = {}  # (token URL or base URL, client id or user) -> (credential, expiry)


class ClarityClient(StorefrontClient):
    """Clarity eCommerce admin API (PascalCase JSON, 1-based paging)."""

    platform_name = "Clarity"

    def __init__(
        self,
        base_url,
        *,
        auth_mode="oauth2",
        token_url=None,
        client_id=None,
        client_secret=None,
        username=None,
        password=None,
        **kwargs,
    ):
        kwargs["secrets"] = (*kwargs.get("secrets", ()), client_secret, password)
        super().__init__(base_url, **kwargs)
        self.auth_mode = auth_mode
        self.token_url = token_url
        self.client_id, self.client_secret = client_id, client_secret
        self.username, self.password = username, password
        principal, secret = (
            (client_id, client_secret) if auth_mode == "oauth2" else (username, password)
        )
        # The secret is part of the key (hashed): a changed secret never reuses a token.
        digest = hashlib.sha256((secret or "").encode()).hexdigest()
        self._cache_key = (token_url or self.base_url, auth_mode, principal, digest)

    # -- authentication --------------------------------------------------

    def _credential(self, renew=False):
        with _token_lock:
            cached = _token_cache.get(self._cache_key)
            if cached and not renew and cached[1] > time.monotonic():
                return cached[0]
        credential, lifetime = self._login()
        self.secrets.add(credential)
        with _token_lock:
            _token_cache[self._cache_key] = (credential, time.monotonic() + lifetime)
        return credential

    def _login(self):
        """Obtain a bearer token or a session id; return (credential, seconds to keep it)."""
        if self.auth_mode == "oauth2":
            if not self.token_url:
                raise ValidationError(_lt("The Clarity channel has no token URL."))
            data = {
                "grant_type": "client_credentials",
                "client_id": self.client_id or "",
                "client_secret": self.client_secret or "",
            }
            answer = self._sign_in(
                lambda status: _lt(
                    "Clarity refused the client credentials (%(status)s).", status=status
                ),
                self.token_url,
                data=data,
            )
            token = answer.get("access_token")
            if not token:
                raise AuthError(_lt("Clarity answered the token request without an access token."))
            lifetime = float(answer.get("expires_in") or 3600)
            return token, max(lifetime - TOKEN_MARGIN, 1.0)
        body = {"UserName": self.username or "", "Password": self.password or ""}
        answer = self._sign_in(
            lambda status: _lt("Clarity refused the API user's login (%(status)s).", status=status),
            SESSION_PATH,
            json=body,
        )
        session = answer.get("SessionId")
        if not session:
            raise AuthError(_lt("Clarity answered the login without a session id."))
        return session, 3600.0

    def _sign_in(self, refused, path, **body):
        """The answer (``{}`` when empty) of a sign-in POST; AuthError with
        ``refused(status)`` when Clarity refuses it."""
        try:
            return self._request("POST", path, auth=False, **body) or {}
        except (AuthError, ValidationError) as exc:
            raise AuthError(refused(exc.status or "error"), status=exc.status) from exc

    def _auth_headers(self, renew=False):
        credential = self._credential(renew=renew)
        if self.auth_mode == "oauth2":
            return {"Authorization": f"Bearer {credential}"}
        return {SESSION_HEADER: credential}

    def _error_message(self, body):
        return (body.get("ResponseStatus") or {}).get("Message") or body.get("error")

    def _call(self, method, path, **kwargs):
        """An authenticated call: on a 401 the credential is renewed once, then AuthError."""
        try:
            answer = self._request(method, path, headers=self._auth_headers(), **kwargs)
        except AuthError as exc:
            if exc.status != 401:
                raise
            answer = self._request(method, path, headers=self._auth_headers(renew=True), **kwargs)
        if isinstance(answer, dict) and answer.get("ActionSucceeded") is False:
            messages = "; ".join(str(m) for m in answer.get("Messages") or [])
            if not messages:
                raise BusinessError(
                    _lt(
                        "Clarity refused %(method)s %(path)s: no reason given.",
                        method=method,
                        path=path,
                    )
                )
            raise BusinessError(
                _lt(
                    "Clarity refused %(method)s %(path)s: %(messages)s",
                    method=method,
                    path=path,
                    messages=messages,
                )
            )
        return answer

    # -- reads -----------------------------------------------------------

    def _list(self, area, entities, modified_since=None, page=1, size=PAGE_SIZE):
        params = {"Paging.Size": size, "Paging.StartIndex": page}
        if modified_since:
            params["ModifiedSince"] = (
                modified_since
                if isinstance(modified_since, str)
                else modified_since.strftime("%Y-%m-%dT%H:%M:%SZ")
            )
        return self._call("GET", f"/{area}/{entities}", params=params) or {}

    def _iter(
        self, area, entities, modified_since=None, max_pages=DEFAULT_MAX_PAGES, size=PAGE_SIZE
    ):
        for page in range(1, max_pages + 1):
            answer = self._list(area, entities, modified_since, page, size)
            yield from answer.get("Results") or []
            if page >= int(answer.get("TotalPages") or 1):
                return

    def list_sales_orders(self, modified_since=None, page=1, size=PAGE_SIZE):
        """One page (1-based) of sales orders changed since ``modified_since``."""
        return self._list("Ordering", "SalesOrders", modified_since, page, size)

    def get_sales_order(self, order_id):
        """One sales order by ID."""
        return self._call("GET", f"/Ordering/SalesOrder/ID/{int(order_id)}")

    def list_products(self, modified_since=None, page=1, size=PAGE_SIZE):
        """One page (1-based) of products."""
        return self._list("Products", "Products", modified_since, page, size)

    def iter_products(self, modified_since=None, max_pages=DEFAULT_MAX_PAGES):
        """Yield every product changed since ``modified_since``."""
        return self._iter("Products", "Products", modified_since, max_pages)

    def get_product(self, product_id):
        """One product by ID."""
        return self._call("GET", f"/Products/Product/ID/{int(product_id)}")

    def list_users(self, modified_since=None, page=1, size=PAGE_SIZE):
        """One page (1-based) of users changed since ``modified_since``."""
        return self._list("Contacts", "Users", modified_since, page, size)

    def get_user(self, user_id):
        """One user by ID."""
        return self._call("GET", f"/Contacts/User/ID/{int(user_id)}")

    # -- writes ----------------------------------------------------------

    def upsert_inventory(self, product_id, section_id, quantity, quantity_allocated=None):
        """Set the absolute quantity of a product in a location section."""
        body = {"MasterID": int(product_id), "SlaveID": int(section_id), "Quantity": quantity}
        if quantity_allocated is not None:
            body["QuantityAllocated"] = quantity_allocated
        answer = self._call("POST", "/Inventory/ProductInventoryLocationSection/Upsert", json=body)
        return _result(answer)

    def upsert_shipment(
        self, key, sales_order_id, tracking_number, carrier, method=None, ship_date=None
    ):
        """Create or update the shipment whose ``CustomKey`` is ``key``; return its ID.

        The key is stable for one Odoo delivery: a push repeated after a
        timeout updates the shipment it created instead of adding a second one.
        """
        if not key:
            raise ValidationError(_lt("A Clarity shipment needs a stable key."))
        body = {
            "CustomKey": key,
            "TrackingNumber": tracking_number,
            "ShipCarrierName": carrier,
            "ShipCarrierMethodName": method,
            "ShipDate": ship_date,
            "SalesOrderIDs": [int(sales_order_id)],
        }
        return _result(self._call("POST", "/Shipping/Shipment/Upsert", json=body))

    def order_action(self, action, order_id):
        """Run a sales order action (Confirm, Pending, Hold, Backorder, Ship, Complete, Void).

        An action refused because the order is already where it would put it
        (``Ship`` on a shipped order) is a success: a repeated push changes nothing.
        """
        if action not in ORDER_ACTIONS:
            raise ValidationError(
                _lt(
                    "Unknown Clarity order action %(action)r: use one of %(actions)s.",
                    action=action,
                    actions=", ".join(ORDER_ACTIONS),
                )
            )
        try:
            return self._call("PATCH", f"/Ordering/SalesOrder/{action}/{int(order_id)}")
        except BusinessError:
            done = ACTION_DONE_STATUSES.get(action)
            order = done and self.get_sales_order(order_id)
            if isinstance(order, dict) and str(order.get("StatusKey") or "").upper() in done:
                self.last_response_summary = (
                    f"Sales order {int(order_id)} is already {order.get('StatusKey')}."
                )
                return {"ActionSucceeded": True, "Messages": [self.last_response_summary]}
            raise

    def upsert(self, area, entity, values):
        """Create or update one ``entity`` matched by ``ID``, then ``CustomKey``; return its ID.

        Deployments that answer without a ``Result`` are read back by key.
        """
        answer = _result(self._call("POST", f"/{area}/{entity}/Upsert", json=values))
        if answer is None and values.get("CustomKey"):
            found = self._call("GET", f"/{area}/{entity}/Key/{values['CustomKey']}") or {}
            answer = found.get("ID")
        return answer

    def update(self, area, entity, values):
        """Update fields of an existing ``entity`` (``values`` carries its ``ID``)."""
        return self._call("PUT", f"/{area}/{entity}/Update", json=values)


def _result(answer):
    """The ``Result`` of a successful write, or None when the answer carries none."""
    return answer.get("Result") if isinstance(answer, dict) else None
