"""Clarity eCommerce: the adapter of a Clarity store (admin API, PascalCase JSON)."""

from .base import CATALOGUE_PAGE_SIZE, StorefrontAdapter, catalogue_entry, present, register
from .clarity import ClarityClient
from .errors import ValidationError, _lt

SHIPPED_ACTION = "Ship"
AUTH_MODES = [("oauth2", "OAuth2 client credentials"), ("session", "Session login")]
# Sales order status of a paid order, unless the payment_status_out value map says else.
PAID_STATUS = "FULL_PAYMENT_RECEIVED"
# Status of a sales order payment given back (a refund of the order), lower case.
REFUNDED_PAYMENT = "refunded"
# Credentials by authentication mode.
AUTH_CREDENTIALS = {
    "oauth2": ("clarity_client_id", "clarity_client_secret", "clarity_token_url"),
    "session": ("clarity_username", "clarity_password"),
}


@register
class ClarityAdapter(StorefrontAdapter):
    """Clarity: OAuth2 or session login, ``ModifiedSince`` listing, order actions."""

    code = "clarity"
    label = "Clarity eCommerce"
    sequence = 30
    capabilities = frozenset(
        {"tracking", "product_write", "product_create", "customer_write", "payment_status"}
    )
    credential_fields = (
        "clarity_auth_mode",
        "clarity_token_url",
        "clarity_client_id",
        "clarity_client_secret",
        "clarity_username",
        "clarity_password",
    )
    option_fields = ("clarity_location_section",)
    poll_entities = ("order", "customer", "product")
    status_map = "order_action_out"
    shapes = {
        "order": {
            "SalesItems": "list",
            "SalesItems[]": "object",
            "SalesItems[].Quantity": "quantity",
            "SalesItems[].UnitCorePrice": "number",
            "SalesItems[].UnitSoldPrice": "number",
            "SalesItems[].Sku": "scalar",
            "BillingContact": "object",
            "BillingContact.Address": "object",
            "ShippingContact": "object",
            "ShippingContact.Address": "object",
            "SalesOrderPayments": "list",
            "SalesOrderPayments[]": "object",
            "SalesOrderPayments[].Amount": "number",
            "Totals": "object",
            "Totals.Total": "number",
            "Totals.SubTotal": "number",
            "Totals.Shipping": "number",
            "Totals.Tax": "number",
            "Totals.Discounts": "number",
            "Totals.Handling": "number",
            "Totals.Fees": "number",
        },
        "product": {"PriceBase": "number", "CustomKey": "scalar"},
    }
    fetch_methods = {
        "order": "get_sales_order",
        "customer": "get_user",
        "product": "get_product",
    }

    @classmethod
    def default_settings(cls, base_url):
        """The token URL beside the admin API: ``<site>/oauth/token``."""
        root = (base_url or "").split("/DesktopModules/")[0].rstrip("/")
        return {"clarity_token_url": f"{root}/oauth/token"} if root else {}

    def credentials_complete(self):
        names = AUTH_CREDENTIALS.get(self.settings.get("clarity_auth_mode") or "oauth2", ())
        return bool(names) and all(self.settings.get(name) for name in names)

    def make_client(self):
        settings = self.settings
        return ClarityClient(
            settings.get("base_url"),
            auth_mode=settings.get("clarity_auth_mode") or "oauth2",
            token_url=settings.get("clarity_token_url"),
            client_id=settings.get("clarity_client_id"),
            client_secret=settings.get("clarity_client_secret"),
            username=settings.get("clarity_username"),
            password=settings.get("clarity_password"),
            **self._client_options(
                settings.get("clarity_client_secret"), settings.get("clarity_password")
            ),
        )

    def store_summary(self):
        answer = self.client.list_products(page=1, size=1) or {}
        products = answer.get("TotalCount", len(answer.get("Results") or []))
        orders = self.client.list_sales_orders(page=1, size=50) or {}
        dates = [o.get("CreatedDate") for o in orders.get("Results") or []]
        pages = int(orders.get("TotalPages") or 1)
        if pages > 1:
            last = self.client.list_sales_orders(page=pages, size=50) or {}
            dates += [o.get("CreatedDate") for o in last.get("Results") or []]
        return products, dates

    # -- inbound ---------------------------------------------------------

    def list_changed(self, entity, since, skip, page_size, max_pages):
        """``ModifiedSince`` with 1-based ``Paging.StartIndex``."""
        lister = {
            "order": self.client.list_sales_orders,
            "customer": self.client.list_users,
            "product": self.client.list_products,
        }[entity]
        objects = []
        for count, page in enumerate(range(skip + 1, skip + max_pages + 1), 1):
            result = lister(modified_since=since, page=page, size=page_size) or {}
            objects.extend(result.get("Results") or [])
            if page >= (result.get("TotalPages") or 0):
                return objects, count, True
        return objects, max_pages, False

    def object_date(self, entity, obj):
        return obj.get("UpdatedDate") or obj.get("CreatedDate")

    @classmethod
    def order_fulfilled(cls, order, values):
        return order.get("StatusKey") in ("SHIPPED", "COMPLETED")

    @staticmethod
    def order_lines(order):
        return order.get("SalesItems") or []

    @staticmethod
    def order_addresses(order):
        return order.get("BillingContact") or {}, order.get("ShippingContact")

    @staticmethod
    def order_fees(order):
        """``Totals.Handling`` and ``Totals.Fees``: the API gives no tax of their own
        (``tax`` None), so the fee product's taxes apply."""
        totals = order.get("Totals") or {}
        return [
            {"name": None, "amount": float(totals.get(key) or 0.0), "tax": None}
            for key in ("Handling", "Fees")
        ]

    @staticmethod
    def order_payments(order):
        return [
            (float(p.get("Amount") or 0.0), str(p.get("StatusKey") or ""))
            for p in order.get("SalesOrderPayments") or []
        ]

    @staticmethod
    def order_refunds(order):
        """The order's payments in the refunded status (``ID``, ``Amount``)."""
        return [
            {
                "refund_id": str(payment["ID"]),
                "order_id": str(order.get("ID")),
                "amount": abs(float(payment.get("Amount") or 0.0)),
            }
            for payment in order.get("SalesOrderPayments") or []
            if str(payment.get("StatusKey") or "").lower() == REFUNDED_PAYMENT and payment.get("ID")
        ]

    # -- outbound --------------------------------------------------------

    def catalogue_page(self, page, size=CATALOGUE_PAGE_SIZE):
        answer = self.client.list_products(page=page + 1, size=size)
        products = answer.get("Results") or []
        pages = int(answer.get("TotalPages") or 1)
        entries = [catalogue_entry(product, product["ID"]) for product in products]
        return entries, page + 1 >= pages or not products, pages

    def push_stock(self, external_id, parent_id, quantity):
        section = self.settings.get("clarity_location_section") or 1
        return self.client.upsert_inventory(external_id, section, quantity)

    def push_shipment(self, order_id, key, tracking, carrier):
        """Upsert the shipment keyed by ``key`` (a repeated push updates it)."""
        self.client.upsert_shipment(key, order_id, tracking, carrier)
        return True

    def push_order_status(self, order_id, status, value_maps):
        """Run the order action of the value map; False when there is none."""
        action = self._status_code(
            status, value_maps, SHIPPED_ACTION if status == "shipped" else None
        )
        if not action:
            return False
        self.client.order_action(action, order_id)
        return True

    def push_product(self, values):
        """Upsert the product (created when new: its SKU is its CustomKey); return its ID.

        Clarity lists no variants: variants bound as products are upserted one by one.
        """
        product_id = values.get("external_id")
        if not (product_id or values.get("sku")):
            raise ValidationError(_lt("A product needs an internal reference (SKU) to be created."))
        body = {
            "ID": product_id and int(product_id),
            "CustomKey": values.get("sku"),
            "Name": values.get("name"),
            "Description": values.get("description"),
            "PriceBase": values.get("price"),
            "Active": values.get("active"),
        }
        result = self.client.upsert("Products", "Product", present(body))
        for variant in values.get("variants") or []:
            body = {
                "ID": int(variant["external_id"]),
                "CustomKey": variant.get("sku"),
                "PriceBase": variant.get("price"),
                "Active": variant.get("active"),
            }
            self.client.upsert("Products", "Product", present(body))
        return str(result or product_id)

    def push_customer(self, external_id, values):
        """Upsert the user's name and email, then one contact per address (keyed by Odoo)."""
        user_id = int(external_id)
        user = {
            "ID": user_id,
            "Email": values.get("email"),
            "FirstName": values.get("first_name"),
            "LastName": values.get("last_name"),
        }
        self.client.upsert("Contacts", "User", present(user))
        for address in values.get("addresses") or []:
            contact = {
                "CustomKey": address["key"],
                "UserID": user_id,
                "FirstName": address.get("first_name"),
                "LastName": address.get("last_name"),
                "Email1": address.get("email"),
                "Phone1": address.get("phone"),
                "Address": {
                    "Street1": address.get("street"),
                    "Street2": address.get("street2"),
                    "City": address.get("city"),
                    "PostalCode": address.get("zip"),
                    "RegionCode": address.get("state_code"),
                    "CountryCode": address.get("country_code"),
                },
            }
            self.client.upsert("Contacts", "Contact", contact)

    def push_payment_status(self, order_external_id, values):
        """Set the sales order's status to the paid one (value map, else Full Payment Received)."""
        body = {"ID": int(order_external_id), "StatusKey": values.get("code") or PAID_STATUS}
        self.client.update("Ordering", "SalesOrder", body)
