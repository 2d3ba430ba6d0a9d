"""Stock updates batched for platforms whose API takes many products per call.

The row being processed takes with it the other pending stock rows of its
channel that no worker holds (up to the adapter's batch size), sends them in
one call and closes them with it: all in the row's own transaction, so a
failed call leaves every one of them pending.
"""

import time

from odoo import _, api, fields, models
from odoo.tools import float_compare

from ..connectors import errors
from .storefront_export_stock import EVENT


class StorefrontExportStock(models.AbstractModel):
    _inherit = "storefront.export.stock"

    @api.model
    def _process_log(self, log):
        if log.event_type != EVENT:
            return super()._process_log(log)
        adapter = log.channel_id._adapter()
        if adapter.stock_batch_size <= 1:
            return super()._process_log(log)
        started = time.monotonic()
        rows = log | self._claim_batch(log, adapter.stock_batch_size - 1)
        found = {row: self._row_quantity(row) for row in rows}
        if found[log][0] is None:
            raise errors.BusinessError(
                _("Storefront product %s is bound to no Odoo product.", log.external_id)
            )
        items, summaries = [], {}
        for row, (product, binding, quantity) in found.items():
            if product is None:
                continue  # left pending: its own run says why
            force = (row.payload or {}).get("force")
            last = binding.last_sent_value
            if not force and last and float_compare(float(last), quantity, precision_digits=0) == 0:
                summaries[row] = _("Unchanged: %s already published.", quantity)
            else:
                items.append((binding, quantity))
                summaries[row] = None
        if items:
            adapter.push_stock_batch(
                [(b.external_id, b.external_parent_id, quantity) for b, quantity in items]
            )
            now = fields.Datetime.now()
            for binding, quantity in items:
                binding.write({"last_sent_value": str(quantity), "last_sync_date": now})
        summary = _(
            "Sent %(count)s quantities in one batch: %(summary)s",
            count=len(items),
            summary=adapter.last_response_summary,
        )
        for row, text in summaries.items():
            row.response_summary = text or summary
            if row != log:
                row._record_success(found[row][0], started)
        return found[log][0]

    @api.model
    def _row_quantity(self, row):
        """``(product, binding, quantity)`` of a stock row; product None when unbound."""
        channel = row.channel_id
        binding = self.env["storefront.binding"]._find(channel, "product.product", row.external_id)
        product = self.env["product.product"].browse(binding.res_id).exists()
        if not product:
            return None, binding, 0
        return product, binding, self._available(channel, product)

    @api.model
    def _claim_batch(self, log, limit):
        """Other due stock rows of the channel that no worker holds, locked for this row."""
        self.env.cr.execute(
            """
            SELECT id FROM storefront_sync_log
             WHERE channel_id = %s AND event_type = %s AND state = 'pending'
               AND direction = 'out' AND id != %s
               AND (next_attempt_at IS NULL OR next_attempt_at <= now() at time zone 'UTC')
             ORDER BY id
             LIMIT %s
               FOR UPDATE SKIP LOCKED
            """,
            (log.channel_id.id, EVENT, log.id, limit),
        )
        return log.browse([row[0] for row in self.env.cr.fetchall()])
