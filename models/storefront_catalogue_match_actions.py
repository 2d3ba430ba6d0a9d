"""The match review's actions: create the missing products, bind by hand, ignore."""

from odoo import _, models
from odoo.exceptions import UserError

# The attribute of variants the store describes by no option.
VARIANT_ATTRIBUTE = "Variant"


class StorefrontCatalogueMatch(models.Model):
    _inherit = "storefront.catalogue.match"  # pylint: disable=consider-merging-classes-inherited

    def action_ignore(self):
        """Leave these store products out: the index lists them as ignored from now on."""
        self.filtered(lambda m: m.state != "matched").write({"state": "ignored", "note": False})
        return True

    def action_bind(self):
        """Bind each store product to the Odoo product chosen on its line."""
        Binding = self.env["storefront.binding"].sudo()
        for match in self:
            if not match.product_id:
                raise UserError(_("Choose the Odoo product of %s first.", match.name or match.sku))
            bindings = Binding._lookup(match.channel_id, "product.product", match.product_id)
            other = bindings.filtered(lambda b, m=match: b.external_id != m.store_id)
            if other:
                raise UserError(
                    _(
                        "%(product)s is bound to store product %(other)s already.",
                        product=match.product_id.display_name,
                        other=other[0].external_id,
                    )
                )
            Binding._bind(
                match.channel_id,
                match.product_id,
                match.store_id,
                external_parent_id=match.store_parent_id or None,
            )
            match.write({"state": "matched", "note": False})
        return True

    def action_create_products(self):
        """Create the missing products in Odoo and bind them.

        A store product with variants becomes one template whose variants are
        the store's, with attributes and values from the store's options; a
        product without variants becomes a product of its own.
        """
        missing = self.filtered(lambda m: m.state == "missing_in_odoo")
        done = self.browse()
        for channel in missing.channel_id:
            families = {}
            for match in missing.filtered(lambda m, c=channel: m.channel_id == c):
                families.setdefault(match.store_parent_id or match.store_id, match)
            for key in families:
                done |= self._create_family(channel, key)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("%s store products created in Odoo.", len(done)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _create_family(self, channel, key):
        """Create the product (or template and variants) of one store product."""
        family = self.search(
            [
                ("channel_id", "=", channel.id),
                ("state", "=", "missing_in_odoo"),
                "|",
                ("store_id", "=", key),
                ("store_parent_id", "=", key),
            ]
        )
        parent = family.filtered(lambda m: m.store_id == key)
        variants = family - parent
        if not variants:
            product = self.env["product.product"].create(parent._product_values(channel))
            parent.product_id = product
            parent.action_bind()
            return parent
        name = parent.name or variants[0].name or key
        template = self.env["product.template"].create(
            {
                "name": name,
                "type": "consu",
                "is_storable": True,
                "company_id": channel.company_id.id,
                "attribute_line_ids": variants._attribute_lines(),
            }
        )
        for match in variants:
            product = template.product_variant_ids.filtered(
                lambda p, m=match: m._variant_options() == variant_options(p)
            )[:1]
            product.write({"default_code": match.sku, "barcode": match.barcode or False})
            match.product_id = product
        variants.action_bind()
        bound = variants.product_id
        (template.product_variant_ids - bound)._unlink_or_archive()
        parent.write({"state": "matched", "product_tmpl_id": template.id, "note": False})
        return family

    def _product_values(self, channel):
        self.ensure_one()
        return {
            "name": self.name or self.sku or self.store_id,
            "default_code": self.sku,
            "barcode": self.barcode or False,
            "type": "consu",
            "is_storable": True,
            "company_id": channel.company_id.id,
        }

    def _variant_options(self):
        """``{attribute: value}`` that tells this variant from its siblings.

        When the store's options do not (none, some missing, or two variants
        alike), the variant's SKU (or name) is the value of one attribute.
        """
        self.ensure_one()
        siblings = self.search(
            [
                ("channel_id", "=", self.channel_id.id),
                ("store_parent_id", "=", self.store_parent_id),
            ]
        )
        names = {name for match in siblings for name in (match.options or {})}
        combos = {tuple(sorted((m.options or {}).items())) for m in siblings}
        complete = all(set(m.options or {}) == names for m in siblings)
        if names and complete and len(combos) == len(siblings):
            return dict(self.options)
        return {VARIANT_ATTRIBUTE: self.sku or self.name or self.store_id}

    def _attribute_lines(self):
        """Attribute lines of a template with these variants (attributes and values
        found by name, created when missing)."""
        Attribute = self.env["product.attribute"]
        values_by_name = {}
        for match in self:
            for name, value in match._variant_options().items():
                values_by_name.setdefault(name, [])
                if value not in values_by_name[name]:
                    values_by_name[name].append(value)
        lines = []
        for name, values in values_by_name.items():
            domain = [("name", "=", name), ("create_variant", "=", "always")]
            attribute = Attribute.search(domain, limit=1) or Attribute.create(
                {"name": name, "create_variant": "always"}
            )
            records = attribute.value_ids.filtered(lambda v, vs=values: v.name in vs)
            for value in values:
                if value not in records.mapped("name"):
                    records |= records.create({"name": value, "attribute_id": attribute.id})
            lines.append((0, 0, {"attribute_id": attribute.id, "value_ids": [(6, 0, records.ids)]}))
        return lines


def variant_options(product):
    """``{attribute: value}`` of an Odoo variant."""
    return {
        value.attribute_id.name: value.name
        for value in product.product_template_attribute_value_ids
    }
