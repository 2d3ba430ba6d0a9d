"""Clarity eCommerce simulator: OAuth2 and session auth, generated entity endpoints."""

import json
import re
import secrets
import time
from pathlib import Path
from urllib.parse import parse_qsl

from .server import Reply, SandboxServer

DATA = Path(__file__).resolve().parent / "data"
API_PREFIX = "/DesktopModules/ClarityEcommerce/API-Admin"
ACTIONS = {
    "Confirm": ("CONFIRMED", "Confirmed"),
    "Pending": ("PENDING", "Pending"),
    "Hold": ("ON_HOLD", "On Hold"),
    "Backorder": ("BACKORDERED", "Backordered"),
    "Ship": ("SHIPPED", "Shipped"),
    "Complete": ("COMPLETED", "Completed"),
    "Void": ("VOID", "Void"),
}
# Entity name (singular; its list route is the plural, with an "s") -> table attribute
ENTITIES = {
    "SalesOrder": "sales_orders",
    "Product": "products",
    "User": "users",
    "Contact": "contacts",
    "Shipment": "shipments",
    "ProductInventoryLocationSection": "inventory",
}
PLURALS = {f"{singular}s": singular for singular in ENTITIES}


def error(status, code, message):
    return status, {"ResponseStatus": {"ErrorCode": code, "Message": message, "Errors": []}}


class ClaritySandbox(SandboxServer):
    """Serves the Clarity admin API from memory, with both authentication modes."""

    def __init__(
        self,
        client_id="cid",
        client_secret="csecret",
        username="api",
        password="pw",
        token_ttl=3600,
        port=0,
    ):
        super().__init__(port)
        self.client_id, self.client_secret = client_id, client_secret
        self.username, self.password = username, password
        self.token_ttl = token_ttl
        self.tokens = {}  # token -> expiry (monotonic)
        self.sessions = set()
        self.sales_orders, self.products, self.users, self.shipments = {}, {}, {}, {}
        self.contacts = {}
        self.inventory = {}  # (MasterID, SlaveID) -> record
        self._next_id = 90000
        # Some deployments answer a successful write without its "Result".
        self.omit_result = False

    @property
    def api_url(self):
        return self.url + API_PREFIX

    @property
    def token_url(self):
        return self.url + "/oauth/token"

    def expire_tokens(self):
        """Invalidate every issued token and session id."""
        with self._lock:
            self.tokens.clear()
            self.sessions.clear()

    # -- data ------------------------------------------------------------

    def _new_id(self):
        with self._lock:
            self._next_id += 1
            return self._next_id

    def add_sales_order(self, obj):
        return self.keep(self.sales_orders, obj, "ID")

    def add_product(self, obj):
        return self.keep(self.products, obj, "ID")

    def add_user(self, obj):
        return self.keep(self.users, obj, "ID")

    def touch(self, obj):
        obj["UpdatedDate"] = self.now_iso()
        return obj

    def load_samples(self):
        """Load the sample sales order, its product and its user."""
        order = self.add_sales_order(json.loads((DATA / "clarity_salesorder.json").read_text()))
        for item in order["SalesItems"]:
            self.add_product(
                {
                    "ID": item["ProductID"],
                    "CustomKey": item["Sku"],
                    "Name": item["ProductName"],
                    "PriceBase": item["UnitCorePrice"],
                    "Active": True,
                    "CreatedDate": order["CreatedDate"],
                    "UpdatedDate": order["CreatedDate"],
                }
            )
        contact = order["BillingContact"]
        self.add_user(
            {
                "ID": order["UserID"],
                "CustomKey": contact["Email1"],
                "Email": contact["Email1"],
                "FirstName": contact["FirstName"],
                "LastName": contact["LastName"],
                "Active": True,
                "CreatedDate": order["CreatedDate"],
                "UpdatedDate": order["CreatedDate"],
            }
        )
        return self

    # -- routing ---------------------------------------------------------

    def route(self, request):
        if request.path == "/oauth/token" and request.method == "POST":
            return self._token(request)
        if not request.path.startswith(API_PREFIX):
            return error(404, "NotFound", f"No route {request.path}")
        path = request.path[len(API_PREFIX) :]
        if path == "/auth/identity" and request.method == "POST":
            return self._login(request)
        self._check_auth(request)
        return self._entity_route(request, path)

    def _token(self, request):
        form = dict(parse_qsl(request.body.decode("utf-8", "replace")))
        if form.get("grant_type") != "client_credentials":
            return 400, {"error": "unsupported_grant_type"}
        if (form.get("client_id"), form.get("client_secret")) != (
            self.client_id,
            self.client_secret,
        ):
            return 401, {"error": "invalid_client"}
        token = secrets.token_hex(16)
        with self._lock:
            self.tokens[token] = time.monotonic() + self.token_ttl
        return 200, {
            "access_token": token,
            "expires_in": self.token_ttl,
            "token_type": "Bearer",
        }

    def _login(self, request):
        body = request.json if isinstance(request.json, dict) else {}
        if (body.get("UserName"), body.get("Password")) != (
            self.username,
            self.password,
        ):
            return error(401, "Unauthorized", "Invalid UserName or Password")
        session = secrets.token_hex(12)
        with self._lock:
            self.sessions.add(session)
        return 200, {"UserId": 1, "UserName": self.username, "SessionId": session}

    def _check_auth(self, request):
        authorization = request.headers.get("authorization", "")
        with self._lock:
            if authorization.startswith("Bearer "):
                expiry = self.tokens.get(authorization[7:])
                if expiry and expiry > time.monotonic():
                    return
            elif request.headers.get("x-ss-id") in self.sessions:
                return
        raise Reply(*error(401, "Unauthorized", "Not authenticated or the token expired"))

    def _entity_route(self, request, path):
        match = re.fullmatch(r"/Ordering/SalesOrder/(\w+)/(\d+)", path)
        if match and request.method == "PATCH":
            return self._order_action(match[1], int(match[2]))
        match = re.fullmatch(r"/\w+/(\w+)", path)
        if match and request.method == "GET" and match[1] in PLURALS:
            return self._list(request, PLURALS[match[1]])
        match = re.fullmatch(r"/\w+/(\w+)/(ID|Key)/([^/]+)", path)
        if match and request.method == "GET" and match[1] in ENTITIES:
            return self._get(match[1], match[2], match[3])
        match = re.fullmatch(r"/\w+/(\w+)/(Create|Upsert|Update)", path)
        if match and match[1] in ENTITIES and request.method in ("POST", "PUT"):
            return self._write(request, match[1], match[2])
        return error(404, "NotFound", f"No route {request.method} {path}")

    def _table(self, entity):
        return getattr(self, ENTITIES[entity])

    def _list(self, request, entity):
        records = list(self._table(entity).values())
        since = request.query.get("ModifiedSince")
        if since:
            records = [r for r in records if (r.get("UpdatedDate") or "") >= since]
        records.sort(key=lambda r: r.get("UpdatedDate") or "")
        size = max(int(request.query.get("Paging.Size") or 50), 1)
        page = max(int(request.query.get("Paging.StartIndex") or 1), 1)
        total_pages = max((len(records) + size - 1) // size, 1)
        return 200, {
            "Results": records[(page - 1) * size : page * size],
            "TotalCount": len(records),
            "TotalPages": total_pages,
            "CurrentPage": page,
        }

    def _get(self, entity, kind, value):
        for record in self._table(entity).values():
            if (kind == "ID" and str(record.get("ID")) == value) or (
                kind == "Key" and str(record.get("CustomKey")) == value
            ):
                return 200, record
        return error(404, "NotFound", f"{entity} {kind} {value} not found")

    def _write(self, request, entity, action):
        body = request.json if isinstance(request.json, dict) else None
        if body is None:
            return error(400, "BadRequest", "Body must be a JSON object")
        if entity == "ProductInventoryLocationSection":
            return self._upsert_inventory(body)
        table = self._table(entity)
        existing = self._match(table, body) if action != "Create" else None
        if action == "Update" and not existing:
            return 200, {"ActionSucceeded": False, "Messages": [f"{entity} not found"]}
        if entity == "Shipment":
            missing = [
                o for o in body.get("SalesOrderIDs") or [] if int(o) not in self.sales_orders
            ]
            if missing:
                return 200, {
                    "ActionSucceeded": False,
                    "Messages": [f"Unknown sales order {missing[0]}"],
                }
        record = existing or {"ID": self._new_id(), "CreatedDate": self.now_iso()}
        record.update({k: v for k, v in body.items() if k != "ID"})
        self.touch(record)
        table[int(record["ID"])] = record
        return 200, self._succeeded(record["ID"])

    def _succeeded(self, result):
        answer = {"ActionSucceeded": True, "Messages": []}
        if not self.omit_result:
            answer["Result"] = result
        return answer

    @staticmethod
    def _match(table, body):
        if body.get("ID") and int(body["ID"]) in table:
            return table[int(body["ID"])]
        key = body.get("CustomKey")
        return next((r for r in table.values() if key and r.get("CustomKey") == key), None)

    def _upsert_inventory(self, body):
        try:
            key = (int(body["MasterID"]), int(body.get("SlaveID") or 1))
        except (KeyError, TypeError, ValueError):
            return 200, {"ActionSucceeded": False, "Messages": ["MasterID is required"]}
        if key[0] not in self.products:
            return 200, {
                "ActionSucceeded": False,
                "Messages": [f"Product {key[0]} does not exist"],
            }
        record = self.inventory.setdefault(
            key, {"ID": self._new_id(), "MasterID": key[0], "SlaveID": key[1]}
        )
        record.update({k: v for k, v in body.items() if k in ("Quantity", "QuantityAllocated")})
        self.touch(record)
        return 200, self._succeeded(record["ID"])

    def _order_action(self, action, order_id):
        if action not in ACTIONS:
            return error(400, "BadRequest", f"Unknown action {action}")
        order = self.sales_orders.get(order_id)
        if not order:
            return 200, {
                "ActionSucceeded": False,
                "Messages": [f"Sales order {order_id} not found"],
            }
        if action == "Ship" and order.get("StatusKey") in ("SHIPPED", "COMPLETED"):
            return 200, {
                "ActionSucceeded": False,
                "Messages": [f"Sales order {order_id} is already shipped"],
            }
        order["StatusKey"], order["StatusName"] = ACTIONS[action]
        self.touch(order)
        return 200, self._succeeded(order_id)
