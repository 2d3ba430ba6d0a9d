"""Outbound pushes of the X-Cart 5.5 and Clarity adapters (catalogue, customers, payments)."""

from .errors import UnsupportedError, ValidationError

XCART_PAID = "P"
CLARITY_PAID = "FULL_PAYMENT_RECEIVED"


def present(values):
    """``values`` without the keys Odoo has no value for (the store keeps its own)."""
    return {key: value for key, value in values.items() if value not in (None, "")}


class XCartOutbound:
    """X-Cart 5.5: product and variant PUTs merge; profiles are read-only."""

    label = "X-Cart"
    capabilities = frozenset({"product_write", "payment_status"})

    def push_product(self, values):
        """Write a product's name, description, price and enabled flag, then its variants.

        The 5.5 API documents no product creation: a product not on the store
        raises UnsupportedError (created on the store, the SKU index binds it).
        """
        product_id = values.get("external_id")
        if not product_id:
            raise UnsupportedError(
                "the X-Cart 5.5 API documents no product creation: create the product on "
                "the store, the next catalogue index binds it by SKU."
            )
        body = {
            "sku": values.get("sku"),
            "name": values.get("name"),
            "description": values.get("description"),
            "price": values.get("price"),
            "enabled": values.get("active"),
        }
        self.client.update_product(product_id, present(body))
        for variant in values.get("variants") or []:
            body = {"sku": variant.get("sku"), "price": variant.get("price")}
            self.client.update_variant(product_id, variant["external_id"], present(body))
        return str(product_id)

    def push_customer(self, external_id, values):
        """The 5.5 API exposes customer profiles read-only."""
        raise UnsupportedError(
            "the X-Cart 5.5 API exposes customer profiles read-only: the name, email and "
            "addresses changed in Odoo stay in Odoo."
        )

    def push_payment_status(self, order_external_id, values):
        """Set the order's payment status code (``P`` paid unless the value map says else)."""
        self.client.set_payment_status(order_external_id, values.get("code") or XCART_PAID)


class ClarityOutbound:
    """Clarity: Upsert by ID then CustomKey (the SKU, the address key); Update of orders."""

    label = "Clarity"
    capabilities = frozenset(
        {"product_write", "product_create", "customer_write", "payment_status"}
    )

    def push_product(self, values):
        """Upsert the product (created when new: its SKU is its CustomKey); return its ID.

        Clarity lists no variants: variants bound as products are upserted one by one.
        """
        product_id = values.get("external_id")
        if not (product_id or values.get("sku")):
            raise ValidationError("A product needs an internal reference (SKU) to be created.")
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
        body = {"ID": int(order_external_id), "StatusKey": values.get("code") or CLARITY_PAID}
        self.client.update("Ordering", "SalesOrder", body)
