from odoo import _, api, models

from ..connectors import errors
from ..tools.payload_check import validate_object


class StorefrontImportProduct(models.AbstractModel):
    """Products from storefront objects, matched by binding, SKU or barcode."""

    _name = "storefront.import.product"
    _description = "Storefront product import"

    @api.model
    def _process_log(self, log):
        """Create or update the product of a ``product.*`` event."""
        channel = log.channel_id
        obj = log._get_object()
        validate_object(obj, channel._adapter_class().shapes.get("product"))
        values = channel._map("product", obj)
        external_id = values.get("external_id")
        binding = self.env["storefront.binding"]._find(channel, "product.product", external_id)
        if binding and not binding._is_newer(values.get("revision")):
            log.response_summary = _("Skipped: a newer version of this product is applied.")
            return self.env["product.product"].browse(binding.res_id)
        product = self._find_product(channel, values.get("default_code"), external_id)
        product_values = {
            key: values[key]
            for key in ("name", "default_code", "list_price", "weight", "sale_ok")
            if values.get(key) is not None
        }
        if product:
            product.write(product_values)
        else:
            product = self.env["product.product"].create(
                dict(product_values, type="consu", is_storable=True)
            )
        self.env["storefront.binding"]._bind(
            channel, product, external_id, revision=values.get("revision")
        )
        return product

    @api.model
    def _find_product(self, channel, sku, external_id=None):
        """The product: by binding, then internal reference, then barcode."""
        Product = self.env["product.product"]
        product = Product
        if external_id:
            product = self.env["storefront.binding"]._to_internal(
                channel, "product.product", external_id
            )
        if not product and sku:
            product = Product.search([("default_code", "=", sku)], limit=1) or Product.search(
                [("barcode", "=", sku)], limit=1
            )
        return product

    @api.model
    def _find_products(self, channel, skus):
        """{sku: product} for many SKUs in two queries (internal reference, barcode).

        Only products shared or of the channel's company; the company's own
        wins over a shared one with the same SKU.
        """
        Product = self.env["product.product"]
        scope = [("company_id", "in", (False, channel.company_id.id))]

        def by_company(products):
            return products.sorted(lambda p: (bool(p.company_id), p.id))

        found = {
            p.default_code: p
            for p in by_company(Product.search([("default_code", "in", skus), *scope]))
        }
        missing = [sku for sku in skus if sku not in found]
        if missing:
            barcodes = Product.search([("barcode", "in", missing), *scope])
            found.update({p.barcode: p for p in by_company(barcodes)})
        return found

    @api.model
    def _find_bound_products(self, channel, items):
        """{sku: product} for the lines whose storefront product is bound (one query)."""
        by_external = {
            str(item["product_external_id"]): item["sku"]
            for item in items
            if item.get("product_external_id")
        }
        if not by_external:
            return {}
        bindings = self.env["storefront.binding"].search(
            [
                ("channel_id", "=", channel.id),
                ("res_model", "=", "product.product"),
                ("external_id", "in", list(by_external)),
            ]
        )
        products = self.env["product.product"].browse(bindings.mapped("res_id")).exists()
        return {
            by_external[binding.external_id]: self.env["product.product"].browse(binding.res_id)
            for binding in bindings
            if binding.res_id in products.ids
        }

    @api.model
    def _create_missing(self, sku, name, price):
        if not sku:
            raise errors.ValidationError(_("An order line has no SKU."))
        return self.env["product.product"].create(
            {
                "name": name or sku,
                "default_code": sku,
                "list_price": price or 0.0,
                "type": "consu",
                "is_storable": True,
            }
        )
