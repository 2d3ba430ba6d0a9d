"""The match review: each store product of a channel and the Odoo product it binds to."""

from collections import defaultdict

from odoo import _, api, fields, models

MATCH_STATES = [
    ("matched", "Matched"),
    ("missing_in_odoo", "Not in Odoo"),
    ("conflict", "Conflict"),
    ("ignored", "Ignored"),
]


class StorefrontCatalogueMatch(models.Model):
    """A store product (or variant) as the last catalogue index saw it.

    The index binds by SKU (internal reference, then barcode), then by the
    store's barcode, within the channel's company. What it cannot bind is
    listed here: missing in Odoo, or a conflict (one SKU on two store products,
    or on two Odoo products, or an Odoo product bound to another store product).
    """

    _name = "storefront.catalogue.match"
    _description = "Storefront catalogue match"
    _order = "channel_id, store_parent_id, store_id"
    _rec_name = "name"

    channel_id = fields.Many2one(
        "storefront.channel", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="channel_id.company_id", store=True, index=True)
    index_id = fields.Many2one(
        "storefront.catalogue.index", ondelete="set null", readonly=True, index=True
    )
    store_id = fields.Char(string="Store id", required=True, readonly=True)
    store_parent_id = fields.Char(string="Store product", readonly=True, index=True)
    sku = fields.Char(string="SKU", readonly=True, index=True)
    barcode = fields.Char(readonly=True)
    name = fields.Char(readonly=True)
    options = fields.Json(string="Store options", readonly=True)
    options_text = fields.Char(string="Options", compute="_compute_options_text")
    variant_count = fields.Integer(string="Variants", readonly=True)
    state = fields.Selection(MATCH_STATES, required=True, default="missing_in_odoo", index=True)
    product_id = fields.Many2one("product.product", check_company=True)
    product_tmpl_id = fields.Many2one(
        "product.template", readonly=True, help="The template created for its variants."
    )
    note = fields.Char(readonly=True)

    _sql_constraints = [
        (
            "store_unique",
            "unique(channel_id, store_id)",
            "A store product is listed once per channel.",
        )
    ]

    @api.depends("options")
    def _compute_options_text(self):
        for match in self:
            match.options_text = ", ".join(f"{k}: {v}" for k, v in (match.options or {}).items())

    # ------------------------------------------------------------------
    # One page of the index
    # ------------------------------------------------------------------

    @api.model
    def _record_page(self, run, entries):
        """Bind and list one page of catalogue entries; return the new bindings."""
        if not entries:
            return 0
        channel = run.channel_id
        ids = [str(entry["id"]) for entry in entries]
        known = {m.store_id: m for m in self.search(self._channel_domain(channel, ids))}
        facts = {
            "bound": self._bound_products(channel, ids),
            **self._odoo_side(channel, entries),
            "store_twins": self._store_twins(run, entries),
            "to_bind": [],
        }
        new, creates = 0, []
        for entry in entries:
            record = known.get(str(entry["id"]))
            values = self._entry_values(run, entry)
            values.update(self._match_entry(channel, entry, record, facts))
            if values.pop("bind", False):
                new += 1
            if record:
                record.write(values)
            else:
                creates.append(values)
        self.env["storefront.binding"]._bind_new(channel, "product.product", facts["to_bind"])
        self.create(creates)
        return new

    @api.model
    def _channel_domain(self, channel, store_ids=None):
        domain = [("channel_id", "=", channel.id)]
        if store_ids is not None:
            domain.append(("store_id", "in", store_ids))
        return domain

    @api.model
    def _entry_values(self, run, entry):
        parent = entry.get("parent_id")
        return {
            "channel_id": run.channel_id.id,
            "index_id": run.id,
            "store_id": str(entry["id"]),
            "store_parent_id": str(parent) if parent else False,
            "sku": entry.get("sku") or False,
            "barcode": entry.get("barcode") or False,
            "name": entry.get("name") or False,
            "options": entry.get("options") or {},
            "variant_count": entry.get("variants") or 0,
        }

    @api.model
    def _odoo_side(self, channel, entries):
        """Odoo products by SKU and by barcode, the SKUs two Odoo products share, and
        the channel's bindings of the candidates."""
        Binding = self.env["storefront.binding"]
        skus = sorted({entry["sku"] for entry in entries if entry.get("sku")})
        barcodes = sorted({entry["barcode"] for entry in entries if entry.get("barcode")})
        by_sku = Binding._match_skus(skus, channel.company_id) if skus else {}
        scope = [("company_id", "in", (False, channel.company_id.id))]
        Product = self.env["product.product"]
        by_barcode = {}
        if barcodes:
            for product in Product.search([("barcode", "in", barcodes), *scope]).sorted(
                lambda p: (bool(p.company_id), p.id)
            ):
                by_barcode[product.barcode] = product
        grouped = defaultdict(list)
        for product in Product.search([("default_code", "in", skus), *scope]) if skus else []:
            grouped[product.default_code].append(product)
        odoo_twins = {}
        for sku, products in grouped.items():
            own = [p for p in products if p.company_id] or products
            if len(own) > 1:
                odoo_twins[sku] = own
        candidates = Product.union(*by_sku.values(), *by_barcode.values())
        bindings = Binding._lookup(channel, "product.product", candidates)
        return {
            "by_sku": by_sku,
            "by_barcode": by_barcode,
            "odoo_twins": odoo_twins,
            "taken": {binding.res_id: binding.external_id for binding in bindings},
        }

    @api.model
    def _bound_products(self, channel, store_ids):
        """``{store id: product}`` of the store ids already bound on the channel."""
        bindings = self.env["storefront.binding"]._lookup(
            channel, "product.product", external_ids=store_ids
        )
        products = self.env["product.product"].browse(bindings.mapped("res_id")).exists()
        return {
            binding.external_id: products.browse(binding.res_id)
            for binding in bindings
            if binding.res_id in products.ids
        }

    @api.model
    def _store_twins(self, run, entries):
        """``{sku: store ids}`` of the SKUs on more than one store product of this index
        (this page and the pages before); the earlier ones become conflicts too."""
        ids_by_sku = defaultdict(set)
        for entry in entries:
            if entry.get("sku"):
                ids_by_sku[entry["sku"]].add(str(entry["id"]))
        earlier = self.search(
            [
                ("index_id", "=", run.id),
                ("sku", "in", list(ids_by_sku)),
                ("store_id", "not in", [str(entry["id"]) for entry in entries]),
            ]
        )
        for match in earlier:
            ids_by_sku[match.sku].add(match.store_id)
        twins = {sku: ids for sku, ids in ids_by_sku.items() if len(ids) > 1}
        for match in earlier.filtered(lambda m: m.sku in twins):
            match.write({"state": "conflict", "note": self._store_twin_note(match.sku, twins)})
        return twins

    @api.model
    def _store_twin_note(self, sku, twins):
        return _(
            "SKU %(sku)s is on several store products: %(ids)s.",
            sku=sku,
            ids=", ".join(sorted(twins[sku])),
        )

    @api.model
    def _match_entry(self, channel, entry, record, facts):
        """State, product and note of one entry; binds it when its product is found."""
        store_id, sku = str(entry["id"]), entry.get("sku")
        product = facts["bound"].get(store_id)
        if product:
            return {"state": "matched", "product_id": product.id, "note": False}
        if record and record.product_tmpl_id and entry.get("variants"):
            return {"state": "matched", "note": False}
        if sku and sku in facts["store_twins"]:
            return self._conflict(self._store_twin_note(sku, facts["store_twins"]))
        if sku and sku in facts["odoo_twins"]:
            names = ", ".join(p.display_name for p in facts["odoo_twins"][sku])
            return self._conflict(
                _("SKU %(sku)s is on several Odoo products: %(names)s.", sku=sku, names=names)
            )
        product = facts["by_sku"].get(sku) or facts["by_barcode"].get(entry.get("barcode"))
        if not product:
            state = "ignored" if record and record.state == "ignored" else "missing_in_odoo"
            return {"state": state, "product_id": False, "note": False}
        other = facts["taken"].get(product.id)
        if other and other != store_id:
            return self._conflict(
                _(
                    "%(product)s is bound to store product %(other)s already.",
                    product=product.display_name,
                    other=other,
                ),
                product,
            )
        facts["taken"][product.id] = store_id
        facts["to_bind"].append((product.id, store_id, entry.get("parent_id")))
        return {"state": "matched", "product_id": product.id, "note": False, "bind": True}

    @api.model
    def _conflict(self, note, product=None):
        return {"state": "conflict", "note": note, "product_id": product.id if product else False}
