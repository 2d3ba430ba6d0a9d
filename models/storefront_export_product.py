from odoo import _, api, fields, models

from ..connectors import errors
from .storefront_sync_log import payload_hash

EVENT = "product.update"


class StorefrontExportProduct(models.AbstractModel):
    """Catalogue out: name, description, sale price, active and variants of published products.

    A product is published on a channel when it (or one of its variants) is
    bound to a storefront product there, or when it is marked for the channel
    (it is then created on the storefront). One row per product template; a
    storefront product is written only when its values differ from the last
    ones sent (hash on its binding).
    """

    _name = "storefront.export.product"
    _description = "Storefront catalogue export"

    # ------------------------------------------------------------------
    # Queueing
    # ------------------------------------------------------------------

    @api.model
    def _queue(self, templates):
        """Hook entry: queue the templates at commit, unless the importers changed them."""
        if templates and not self.env.context.get("storefront_import"):
            self.env["storefront.outbound.queue"]._defer(self._name, templates)

    @api.model
    def _queue_now(self, templates):
        """Queue the templates published on the channels that publish their catalogue."""
        channels = self.env["storefront.channel"].sudo().search([("export_catalogue", "=", True)])
        Queue = self.env["storefront.outbound.queue"]
        return sum(
            Queue._queue_records(channel, EVENT, self._published(channel, templates.sudo()))
            for channel in channels
        )

    @api.model
    def _queue_all(self, channel):
        """Queue every product published on ``channel``."""
        Template = self.env["product.template"].sudo().with_context(active_test=False)
        templates = Template.search([("storefront_channel_ids", "in", channel.ids)])
        templates |= self._bound_templates(channel, Template.browse())
        return self.env["storefront.outbound.queue"]._queue_records(channel, EVENT, templates)

    @api.model
    def _bound_templates(self, channel, templates):
        """Templates bound on ``channel``, themselves or through a variant.

        Among ``templates``, or every bound template when ``templates`` is empty.
        """
        Template = self.env["product.template"].sudo().with_context(active_test=False)
        Product = self.env["product.product"].sudo().with_context(active_test=False)
        variant_ids = templates.with_context(active_test=False).product_variant_ids.ids
        found = Template
        Binding = self.env["storefront.binding"].sudo()
        for Model, ids in ((Template, templates.ids), (Product, variant_ids)):
            bindings = Binding._lookup(
                channel, Model._name, Model.browse(ids) if templates else None
            )
            records = Model.browse(bindings.mapped("res_id")).exists()
            found |= records if Model is Template else records.product_tmpl_id
        return found

    @api.model
    def _published(self, channel, templates):
        marked = templates.filtered(lambda t: channel in t.storefront_channel_ids)
        return marked | self._bound_templates(channel, templates)

    # ------------------------------------------------------------------
    # Handler
    # ------------------------------------------------------------------

    @api.model
    def _process_log(self, log):
        """Write the template's storefront products whose values changed; return the template."""
        template = (
            self.env["product.template"]
            .with_context(active_test=False)
            .browse((log.payload or {}).get("res_id"))
            .exists()
        )
        if not template:
            raise errors.BusinessError(_("The product of this entry no longer exists."))
        channel = log.channel_id
        adapter = channel._adapter()
        notes = []
        for binding, record, values in self._units(channel, template):
            label = values["sku"] or values["name"]
            digest = payload_hash(values)
            if binding and binding.last_sent_hash == digest:
                notes.append(_("%s: unchanged, not sent.", label))
                continue
            try:
                external_id = adapter.push_product(values)
            except errors.UnsupportedError as exc:
                notes.append(
                    _(
                        "%(label)s: not sent: %(why)s",
                        label=label,
                        why=errors.error_text(exc, self.env.lang),
                    )
                )
                continue
            if not binding:
                binding = self.env["storefront.binding"]._bind(channel, record, external_id)
            binding.write({"last_sent_hash": digest, "last_sync_date": fields.Datetime.now()})
            notes.append(_("%(label)s: sent to product %(id)s.", label=label, id=external_id))
        if not notes:
            notes.append(_("Not published on this channel: nothing sent."))
        log.response_summary = "\n".join(notes)
        return template

    @api.model
    def _units(self, channel, template):
        """``[(binding or empty, record, values)]``: the storefront products of a template.

        A storefront product with variants is bound to the template; a variant
        bound on its own (or created from a marked template) is a product.
        """
        Binding = self.env["storefront.binding"]
        every = template.with_context(active_test=False).product_variant_ids
        found = Binding._lookup(channel, "product.product", every)
        by_id = {b.res_id: b for b in found}
        variants = every.filtered(lambda v: v.active or v.id in by_id)
        bindings = {v: by_id.get(v.id, Binding) for v in variants}
        own = Binding._lookup(channel, "product.template", template)[:1]
        parents = sorted({b.external_parent_id for b in bindings.values() if b.external_parent_id})
        parent = own.external_id or (parents and parents[0])
        units = []
        if parent:
            children = [v for v, b in bindings.items() if b.external_parent_id == parent]
            values = self._values(template, template, parent, template.default_code)
            values["variants"] = [
                {
                    "external_id": bindings[v].external_id,
                    "sku": v.default_code or None,
                    "price": v.lst_price,
                    "active": v.active,
                }
                for v in children
            ]
            units.append((own, template, values))
        marked = channel in template.storefront_channel_ids
        for variant, binding in bindings.items():
            if binding.external_parent_id or (not binding and (parent or not marked)):
                continue
            values = self._values(template, variant, binding.external_id, variant.default_code)
            units.append((binding, variant, values))
        return units

    @api.model
    def _values(self, template, record, external_id, sku):
        """The platform-neutral values of one storefront product."""
        name = template.name
        if record._name == "product.product" and len(template.product_variant_ids) > 1:
            name = record.with_context(display_default_code=False).display_name
        return {
            "external_id": external_id or None,
            "sku": sku or None,
            "name": name,
            "description": template.description_sale or "",
            "price": record.lst_price if record._name == "product.product" else record.list_price,
            "active": bool(template.active and record.active and template.sale_ok),
            "variants": [],
        }
