import uuid
from datetime import timedelta

import psycopg2

from odoo import _, api, fields, models
from odoo.tools import float_compare, float_round

from ..connectors import errors
from ..tools import engine

EVENT = "stock.update"
RESYNC_EVENT = "stock.resync"


class StorefrontExportStock(models.AbstractModel):
    """Absolute free quantities of published products, pushed to the storefronts.

    A product is published to a channel when it is bound to a storefront product
    there (bindings come from the catalogue index, see storefront.catalogue.index).
    """

    _name = "storefront.export.stock"
    _description = "Storefront stock export"

    # ------------------------------------------------------------------
    # Export cron: dirty pairs to outbound rows
    # ------------------------------------------------------------------

    @api.model
    def _cron_export_stock(self):
        """Queue a stock update for every published product whose stock settled.

        A dirty pair is read by every exporting channel of its warehouse before
        it is removed: a channel on hold still queues its rows (the engine keeps
        them until the credentials are fixed), and a pair waits for the longest
        quiet period among the channels of its warehouse. Runs as the
        Storefront Integration user (as the cron does).
        """
        return engine.as_integration(self)._queue_settled()

    @api.model
    def _queue_settled(self):
        """Queue the settled dirty pairs of every exporting channel, then consume them."""
        channels = self.env["storefront.channel"].search([("export_stock", "=", True)])
        quiet = {}
        for channel in channels:
            for warehouse in channel.warehouse_ids:
                quiet[warehouse.id] = max(quiet.get(warehouse.id, 0), channel.stock_quiet_seconds)
        Dirty = self.env["storefront.stock.dirty"]
        now = fields.Datetime.now()
        settled = Dirty
        for warehouse_id, seconds in quiet.items():
            settled |= Dirty.search(
                [
                    ("warehouse_id", "=", warehouse_id),
                    ("date_changed", "<=", now - timedelta(seconds=seconds)),
                ]
            )
        for channel in channels:
            self._queue(
                channel,
                settled.filtered(lambda d, c=channel: d.warehouse_id in c.warehouse_ids).product_id,
            )
        self._consume(settled)
        return len(settled)

    @api.model
    def _consume(self, dirty):
        """Remove the pairs read, unless a transaction marked them again meanwhile."""
        if dirty:
            self.env.cr.execute(
                """
                DELETE FROM storefront_stock_dirty dirty
                 USING unnest(%s::int[], %s::timestamp[]) AS seen(id, date_changed)
                 WHERE dirty.id = seen.id AND dirty.date_changed = seen.date_changed
                """,
                (dirty.ids, dirty.mapped("date_changed")),
            )
            dirty.invalidate_recordset()

    @api.model
    def _queue(self, channel, products, force=False):
        """One pending row per published product, unless one already waits.

        Only a pending row that no worker holds counts: a claimed or running
        row may have read the quantity before this change. ``force`` rows send
        the quantity even when it equals the last one sent (full resync).
        """
        bindings = self.env["storefront.binding"]._lookup(channel, "product.product", products)
        waiting = self._waiting(channel, bindings.mapped("external_id"), force)
        payload = {"force": True} if force else {}
        rows = [
            {
                "payload": dict(payload, product_id=binding.res_id),
                "external_id": binding.external_id,
                # Each row sends the quantity of its own time: no dedup across rows.
                "dedup_key": f"{EVENT}:{binding.external_id}:{uuid.uuid4().hex}",
            }
            for binding in bindings
            if binding.external_id not in waiting
        ]
        self.env["storefront.sync.log"]._enqueue_out(channel, EVENT, rows)
        return len(bindings)

    @api.model
    def _waiting(self, channel, external_ids, force=False):
        """External ids that have a pending stock row no worker holds (yet).

        A row locked by a worker's claim is being processed from a snapshot
        that may predate the change: it does not count. When the rows cannot
        be checked (one changed since this transaction began), none counts.
        """
        if not external_ids:
            return set()
        self.env["storefront.sync.log"].flush_model()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    """
                    SELECT external_id FROM storefront_sync_log
                     WHERE channel_id = %s AND event_type = %s AND state = 'pending'
                       AND external_id = ANY(%s)
                       AND (NOT %s OR payload->>'force' = 'true')
                       FOR KEY SHARE SKIP LOCKED
                    """,
                    (channel.id, EVENT, list(external_ids), bool(force)),
                )
                return {row[0] for row in self.env.cr.fetchall()}
        except psycopg2.errors.SerializationFailure:
            return set()

    @api.model
    def _push_all(self, channel, force=False):
        """Queue every published product of the channel."""
        bindings = self.env["storefront.binding"]._lookup(channel, "product.product")
        products = self.env["product.product"].browse(bindings.mapped("res_id"))
        return self._queue(channel, products, force=force)

    # ------------------------------------------------------------------
    # Handler: one outbound row, one absolute quantity
    # ------------------------------------------------------------------

    @api.model
    def _available(self, channel, product):
        """Free quantity over the channel's warehouses, less the buffer, never negative."""
        # Quantities are not stored: drop what this transaction may have cached.
        product.invalidate_recordset(["free_qty"])
        quantity = sum(
            product.with_context(warehouse_id=warehouse.id).free_qty
            for warehouse in channel.warehouse_ids
        )
        quantity = float_round(
            quantity - channel.stock_buffer, precision_digits=0, rounding_method="DOWN"
        )
        return max(int(quantity), 0)

    @api.model
    def _process_log(self, log):
        """Send the product's current absolute quantity when it differs from the last sent.

        A ``stock.resync`` row (queued before the catalogue index paged) starts the index.
        """
        channel = log.channel_id
        if log.event_type == RESYNC_EVENT:
            force = bool((log.payload or {}).get("force"))
            channel._start_catalogue_index("all" if force else "changed")
            return channel
        binding = self.env["storefront.binding"]._find(channel, "product.product", log.external_id)
        product = self.env["product.product"].browse(binding.res_id).exists()
        if not product:
            raise errors.BusinessError(
                _("Storefront product %s is bound to no Odoo product.", log.external_id)
            )
        self._serialize_push(binding)
        quantity = self._available(channel, product)
        if (
            not (log.payload or {}).get("force")
            and binding.last_sent_value
            and float_compare(float(binding.last_sent_value), quantity, precision_digits=0) == 0
        ):
            log.response_summary = _("Unchanged: %s already published.", quantity)
            return product
        adapter = channel._adapter()
        adapter.push_stock(binding.external_id, binding.external_parent_id, quantity)
        binding.write({"last_sent_value": str(quantity), "last_sync_date": fields.Datetime.now()})
        log.response_summary = _(
            "Sent %(qty)s: %(summary)s", qty=quantity, summary=adapter.last_response_summary
        )
        return product

    @api.model
    def _serialize_push(self, binding):
        """Push a product to a channel one row at a time, from a snapshot nothing overtook.

        A row whose snapshot predates another row's push of the same product
        would send an older quantity: it is retried with a fresh one instead.
        The lock is an advisory one, so no row stays locked during the call.
        """
        self.env.cr.execute(
            "SELECT pg_try_advisory_xact_lock(hashtextextended(%s, 0))",
            [f"storefront.stock.push:{binding.id}"],
        )
        busy = not self.env.cr.fetchone()[0]
        if not busy:
            with self.env.registry.cursor() as cr:
                cr.execute("SELECT write_date FROM storefront_binding WHERE id = %s", [binding.id])
                committed = cr.fetchone()
            # Overtaken: another row's push committed after this snapshot.
            busy = bool(committed) and committed[0] > binding.write_date
        if busy:
            raise errors.TransientError(
                _("Another worker is publishing this product: retried with its result."),
                retry_after=1,
            )

    # ------------------------------------------------------------------
    # SKU index: storefront catalogue to bindings
    # ------------------------------------------------------------------

    @api.model
    def _index_products(self, channel):
        """Index the whole catalogue now, in this transaction (small stores); return the
        new bindings. The channel's "Push stock now" indexes page by page in the cron."""
        run = self.env["storefront.catalogue.index"].sudo().create({"channel_id": channel.id})
        return run._read_all()
