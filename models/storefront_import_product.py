from odoo import _, api, models

from ..connectors import errors


class StorefrontImportProduct(models.AbstractModel):
    """Products from storefront objects, matched by binding, SKU or barcode."""

    _name = "storefront.import.product"
    _description = "Storefront product import"

    @api.model
    def _process_log(self, log):
        """Create or update the product of a ``product.*`` event."""
        channel = log.channel_id
        values = log._mapped_object("product")[1]
        external_id = values.get("external_id")
        binding = self.env["storefront.binding"]._find(channel, "product.product", external_id)
        if binding and not binding._is_newer(values.get("revision")):
            log.response_summary = _("Skipped: a newer version of this product is applied.")
            return self.env["product.product"].browse(binding.res_id)
        product = self.env["storefront.binding"]._match_product(
            channel, values.get("default_code"), external_id
        )
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
