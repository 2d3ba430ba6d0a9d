"""A read-only HTML page on each simulated store: its orders, stock and shipments.

``/shop`` on the sandbox port (127.0.0.1 only) refreshes itself every few seconds,
so a person sees the store side move while Odoo imports orders and pushes stock.
"""

from html import escape

from .clarity import ClaritySandbox
from .server import _Handler
from .xcart import XCartSandbox

STYLE = (
    "body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;"
    "margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:.25em .6em;font-size:.9em}"
    "th{background:#f0f0f0;text-align:left}h1{font-size:1.4em}h2{font-size:1.1em}"
)


def _table(headers, rows):
    head = "".join(f"<th>{escape(str(h))}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><tr>{head}</tr>{body or '<tr><td>none yet</td></tr>'}</table>"


def _cells(obj, *keys):
    """The values of ``keys`` in ``obj``; a dotted key reads into a nested object."""
    row = []
    for key in keys:
        value = obj
        for part in key.split("."):
            value = (value or {}).get(part)
        row.append(value)
    return tuple(row)


def _newest(table, key):
    return sorted(table.values(), key=lambda o: int(o[key]), reverse=True)


def _page(title, sections):
    parts = "".join(f"<h2>{escape(name)}</h2>{html}" for name, html in sections)
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" '
        f'content="5"><title>{escape(title)}</title><style>{STYLE}</style></head>'
        f"<body><h1>{escape(title)}</h1><p>Simulated store, read-only, refreshed every "
        f"5 s.</p>{parts}</body></html>"
    )


class _HtmlHandler(_Handler):
    """The sandbox handler, with the Content-Type of an HTML answer kept."""

    def _send(self, status, payload, headers=None):
        headers = dict(headers or {})
        content_type = headers.pop("Content-Type", None)
        if content_type and isinstance(payload, bytes):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
            return
        super()._send(status, payload, headers)


class ShopPageMixin:
    """Adds ``GET /shop`` to a simulator; everything else is the simulator's API."""

    shop_title = "Store"
    handler_class = _HtmlHandler

    def route(self, request):
        if request.method == "GET" and request.path.rstrip("/") in ("", "/shop"):
            with self._lock:
                html = self.render_shop()
            return 200, html.encode(), {"Content-Type": "text/html; charset=utf-8"}
        return super().route(request)

    @property
    def shop_url(self):
        return f"{self.url}/shop"


class XCartShop(ShopPageMixin, XCartSandbox):
    shop_title = "X-Cart sandbox store"
    order_columns = (
        "order_number",
        "create_date",
        "email",
        "total",
        "payment_status.name",
        "shipping_status.name",
    )

    def render_shop(self):
        orders = _newest(self.orders, "id")
        order_rows = [_cells(o, *self.order_columns) for o in orders[:40]]
        stock_rows = [
            (p.get("sku"), p.get("name"), p.get("amount"), p.get("update_date"))
            for p in sorted(self.products.values(), key=lambda p: str(p.get("sku")))
        ]
        shipped = [
            (
                o.get("order_number"),
                (o.get("shipping_status") or {}).get("name"),
                ", ".join(str(t.get("value")) for t in o.get("tracking_numbers") or []),
                o.get("update_date"),
            )
            for o in orders
            if (o.get("shipping_status") or {}).get("code") not in (None, "N")
        ]
        return _page(
            self.shop_title,
            [
                (
                    f"Orders ({len(orders)})",
                    _table(
                        ["Number", "Placed", "Customer", "Total", "Payment", "Shipping"], order_rows
                    ),
                ),
                ("Stock", _table(["SKU", "Product", "Quantity", "Updated"], stock_rows)),
                ("Shipments", _table(["Order", "Status", "Tracking", "Updated"], shipped)),
            ],
        )


class ClarityShop(ShopPageMixin, ClaritySandbox):
    shop_title = "Clarity sandbox store"
    order_columns = ("CustomKey", "CreatedDate", "UserContactEmail", "Totals.Total", "StatusName")

    def render_shop(self):
        orders = _newest(self.sales_orders, "ID")
        order_rows = [_cells(o, *self.order_columns) for o in orders[:40]]
        quantities = {
            master: record.get("Quantity") for (master, _slave), record in self.inventory.items()
        }
        stock_rows = [
            (p.get("CustomKey"), p.get("Name"), quantities.get(int(p["ID"]), "-"))
            for p in sorted(self.products.values(), key=lambda p: str(p.get("CustomKey")))
        ]
        shipment_rows = [
            (
                s.get("ID"),
                ", ".join(str(i) for i in s.get("SalesOrderIDs") or []),
                s.get("TrackingNumber"),
                s.get("UpdatedDate") or s.get("CreatedDate"),
            )
            for s in self.shipments.values()
        ]
        return _page(
            self.shop_title,
            [
                (
                    f"Sales orders ({len(orders)})",
                    _table(["Number", "Placed", "Customer", "Total", "Status"], order_rows),
                ),
                ("Stock (published by Odoo)", _table(["SKU", "Product", "Quantity"], stock_rows)),
                ("Shipments", _table(["ID", "Order", "Tracking", "Date"], shipment_rows)),
            ],
        )
