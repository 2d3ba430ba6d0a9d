from odoo import api, fields, models

PRECOMMIT_KEY = "storefront_connector.dirty_stock"


class StorefrontStockDirty(models.Model):
    """(Product, warehouse) pairs whose stock changed since the last export."""

    _name = "storefront.stock.dirty"
    _description = "Storefront stock to export"
    _log_access = False

    product_id = fields.Many2one("product.product", required=True, ondelete="cascade")
    warehouse_id = fields.Many2one("stock.warehouse", required=True, ondelete="cascade")
    date_changed = fields.Datetime(required=True, index=True)

    _sql_constraints = [
        ("pair_unique", "unique(product_id, warehouse_id)", "One row per product and warehouse."),
    ]

    @api.model
    def _mark(self, product_ids, location_ids):
        """Remember changed (product, location) pairs; written once, at commit."""
        pairs = self.env.cr.precommit.data.get(PRECOMMIT_KEY)
        if pairs is None:
            pairs = self.env.cr.precommit.data[PRECOMMIT_KEY] = set()
            self.env.cr.precommit.add(self._flush_marks)
        pairs.update(zip(product_ids, location_ids, strict=True))

    def _flush_marks(self):
        """Write the transaction's pairs in one statement (the warehouse comes from SQL)."""
        pairs = self.env.cr.precommit.data.pop(PRECOMMIT_KEY, None)
        if not pairs:
            return
        products, locations = zip(*pairs, strict=True)
        self.env.cr.execute(
            """
            INSERT INTO storefront_stock_dirty (product_id, warehouse_id, date_changed)
            SELECT DISTINCT pair.product_id, location.warehouse_id,
                   date_trunc('second', now() at time zone 'UTC')
              FROM unnest(%s::int[], %s::int[]) AS pair(product_id, location_id)
              JOIN stock_location location ON location.id = pair.location_id
             WHERE location.warehouse_id IS NOT NULL
            ON CONFLICT (product_id, warehouse_id)
            DO UPDATE SET date_changed = EXCLUDED.date_changed
            """,
            (list(products), list(locations)),
        )
