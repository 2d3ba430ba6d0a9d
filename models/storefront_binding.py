from odoo import _, api, fields, models

from ..connectors import errors
from ..connectors.base import parse_storefront_date
from ..tools.locking import lock_for_update


class StorefrontBinding(models.Model):
    """Link between an Odoo record and its object on a storefront, and the binder:
    every look-up between the two sides goes through the methods below."""

    _name = "storefront.binding"
    _description = "Storefront Binding"
    _order = "id"

    channel_id = fields.Many2one(
        "storefront.channel", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="channel_id.company_id", store=True, index=True)
    res_model = fields.Char(string="Model", required=True, index=True)
    res_id = fields.Many2oneReference(
        model_field="res_model", string="Record", required=True, index=True
    )
    external_id = fields.Char(required=True)
    external_revision = fields.Char(
        help="Update date or hash of the last storefront version applied."
    )
    external_hash = fields.Char(
        help="Hash of the last storefront version applied: an equal revision with "
        "another content is a change."
    )
    external_parent_id = fields.Char(
        help="The parent object on the storefront, e.g. the product of a variant."
    )
    last_sent_value = fields.Char(help="Last value sent to the storefront (e.g. stock).")
    last_sent_hash = fields.Char(
        help="Hash of the values last written to the storefront (catalogue, customer)."
    )
    last_sync_date = fields.Datetime()
    record_created = fields.Boolean(
        readonly=True,
        help="The connector created the Odoo record: storefront updates may overwrite it. "
        "A record that existed before is bound but never overwritten.",
    )

    _sql_constraints = [
        (
            "external_unique",
            "unique(channel_id, res_model, external_id)",
            "A storefront object can be bound to one Odoo record only.",
        ),
        (
            "record_unique",
            "unique(channel_id, res_model, res_id)",
            "An Odoo record can be bound to one storefront object per channel only.",
        ),
    ]

    @api.depends("res_model", "res_id", "external_id")
    def _compute_display_name(self):
        for binding in self:
            binding.display_name = f"{binding.res_model},{binding.res_id} <-> {binding.external_id}"

    @api.model
    def _to_internal(self, channel, model, external_id):
        """Return the Odoo record bound to ``external_id``, or an empty recordset."""
        binding = self._find(channel, model, external_id)
        return binding._record() if binding else self.env[model]

    def _record(self):
        """The Odoo record of this binding (empty when it was deleted)."""
        self.ensure_one()
        return self.env[self.res_model].browse(self.res_id).exists()

    @api.model
    def _to_external(self, channel, record):
        """Return the external id of ``record`` on the channel, or None."""
        return self._lookup(channel, record._name, record)[:1].external_id or None

    @api.model
    def _find(self, channel, model, external_id):
        return self.search(
            [
                ("channel_id", "=", channel.id),
                ("res_model", "=", model),
                ("external_id", "=", str(external_id)),
            ],
            limit=1,
        )

    @api.model
    def _lookup(self, channel, model, records=None, external_ids=None):
        """The channel's bindings of ``model``: all of them, or those of ``records``
        (Odoo side) or of ``external_ids`` (storefront side)."""
        domain = [("channel_id", "=", channel.id), ("res_model", "=", model)]
        if records is not None:
            domain.append(("res_id", "in", records.ids))
        if external_ids is not None:
            domain.append(("external_id", "in", [str(value) for value in external_ids]))
        return self.search(domain)

    @api.model
    def _bound_records(self, channel, records):
        """The records of ``records`` bound on the channel."""
        return records.browse(self._lookup(channel, records._name, records).mapped("res_id"))

    # ------------------------------------------------------------------
    # Products: by binding, then SKU (internal reference, then barcode)
    # ------------------------------------------------------------------

    @api.model
    def _match_skus(self, skus, company=None):
        """``{sku: product}`` for many SKUs in two queries (internal reference, barcode).

        With ``company``, only products shared or of that company; the company's
        own wins over a shared one with the same SKU.
        """
        Product = self.env["product.product"]
        scope = [("company_id", "in", (False, company.id))] if company else []

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
    def _match_product(self, channel, sku, external_id=None):
        """The product of a storefront product: by binding, then SKU."""
        product = self.env["product.product"]
        if external_id:
            product = self._to_internal(channel, "product.product", external_id)
        if not product and sku:
            product = self._match_skus([sku], channel.company_id).get(sku, product)
        return product

    @api.model
    def _match_lines(self, channel, items):
        """``{sku: product}`` for order lines: by their product's binding, then SKU."""
        by_external = {
            str(item["product_external_id"]): item["sku"]
            for item in items
            if item.get("product_external_id")
        }
        found = {}
        if by_external:
            bindings = self._lookup(channel, "product.product", external_ids=by_external)
            products = self.env["product.product"].browse(bindings.mapped("res_id")).exists()
            found = {
                by_external[binding.external_id]: products.browse(binding.res_id)
                for binding in bindings
                if binding.res_id in products.ids
            }
        skus = [item["sku"] for item in items if item["sku"] not in found]
        found.update(self._match_skus(skus, channel.company_id))
        return found

    @api.model
    def _bind(self, channel, record, external_id, revision=None, **values):
        """Bind ``record`` to ``external_id`` (creating or updating the binding)."""
        binding = self._find(channel, record._name, external_id)
        values = dict(values, res_id=record.id, last_sync_date=fields.Datetime.now())
        if revision is not None:
            values["external_revision"] = revision
        if binding:
            lock_for_update(binding)
            binding.write(values)
            return binding
        binding = self._insert(channel, record, external_id)
        binding.write(values)
        return binding

    @api.model
    def _bind_new(self, channel, model, rows):
        """Bind many records not bound yet in one insert: ``[(res_id, external_id,
        external parent id or None)]``. Raises a transient error when another worker
        bound one of them meanwhile (see ``_insert``)."""
        if not rows:
            return self.browse()
        self.flush_model()
        res_ids, external_ids, parent_ids = (list(column) for column in zip(*rows, strict=True))
        self.env.cr.execute(
            """
            INSERT INTO storefront_binding (
                channel_id, company_id, res_model, res_id, external_id, external_parent_id,
                last_sync_date, create_uid, write_uid, create_date, write_date
            )
            SELECT %(channel)s, %(company)s, %(model)s, res_id, external_id, parent_id,
                   %(now)s, %(uid)s, %(uid)s, %(now)s, %(now)s
              FROM unnest(%(res_ids)s::int[], %(external_ids)s::varchar[],
                          %(parent_ids)s::varchar[]) AS new(res_id, external_id, parent_id)
            ON CONFLICT DO NOTHING
            RETURNING id
            """,
            {
                "channel": channel.id,
                "company": channel.company_id.id,
                "model": model,
                # as the ORM stores dates: to the second (see _serialize_push's comparison)
                "now": fields.Datetime.to_string(self.env.cr.now()),
                "uid": self.env.uid,
                "res_ids": res_ids,
                "external_ids": [str(value) for value in external_ids],
                "parent_ids": [str(value) if value else None for value in parent_ids],
            },
            log_exceptions=False,
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        if len(ids) < len(rows):
            raise errors.TransientError(
                _("Another worker bound the same storefront object; retrying."), retry_after=1
            )
        return self.browse(ids)

    @api.model
    def _insert(self, channel, record, external_id):
        """Create the binding with ``INSERT ... ON CONFLICT DO NOTHING``.

        Two workers binding the same object at once must not log an SQL error:
        the loser gets a transient error (its row is retried, and the retry
        finds the winner's binding), or PostgreSQL's serialization failure when
        the winner committed after its snapshot; neither is logged as a bad query.
        """
        self.flush_model()
        self.env.cr.execute(
            """
            INSERT INTO storefront_binding (
                channel_id, company_id, res_model, res_id, external_id,
                create_uid, write_uid, create_date, write_date
            )
            VALUES (%s, %s, %s, %s, %s, %s, %s,
                    now() at time zone 'UTC', now() at time zone 'UTC')
            ON CONFLICT DO NOTHING
            RETURNING id
            """,
            (
                channel.id,
                channel.company_id.id,
                record._name,
                record.id,
                str(external_id),
                self.env.uid,
                self.env.uid,
            ),
            log_exceptions=False,
        )
        row = self.env.cr.fetchone()
        if not row:
            raise errors.TransientError(
                _("Another worker bound the same storefront object; retrying."), retry_after=1
            )
        return self.browse(row[0])

    def _is_newer(self, revision, digest=None):
        """True when ``revision`` should be applied over the stored one.

        Revisions compare as dates when both parse (time zones and formats
        differ between deliveries), else as text. An equal (or missing)
        revision applies when its content differs from the last applied
        (``digest``): X-Cart marks an order paid within the second it was placed.
        """
        self.ensure_one()
        stored = self.external_revision
        if not stored or not revision:
            if not digest:
                return not stored
            return digest != self.external_hash
        new_date, old_date = parse_storefront_date(revision), parse_storefront_date(stored)
        if new_date and old_date:
            new, old = new_date, old_date
        else:
            new, old = str(revision), str(stored)
        if new != old:
            return new > old
        return bool(digest) and digest != self.external_hash
