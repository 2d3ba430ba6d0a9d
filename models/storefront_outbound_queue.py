import uuid

import psycopg2

from odoo import api, models


class StorefrontOutboundQueue(models.AbstractModel):
    """Queueing of Odoo-side changes (catalogue, customers): one waiting row per record.

    A row reads the record's values when it runs, so a second change made
    while a row waits needs no row of its own. A row claimed by a worker may
    have read the values already: it does not count.
    """

    _name = "storefront.outbound.queue"
    _description = "Storefront outbound queue"

    @api.model
    def _queue_records(self, channel, event, records):
        """Queue ``event`` for every record of ``records`` that has no waiting row.

        Called by the hooks of any user: the queue is written with sudo, and
        only the records' ids cross into it. Returns the number of rows added.
        """
        Log = self.env["storefront.sync.log"].sudo()
        waiting = self._waiting(channel, event, records)
        added = 0
        for record in records:
            if record.id in waiting:
                continue
            Log._enqueue(
                channel,
                "out",
                event,
                {"res_id": record.id},
                record=record,
                dedup_key=f"{event}:{record.id}:{uuid.uuid4().hex}",
            )
            added += 1
        if added:
            Log._trigger_processing()
        return added

    @api.model
    def _waiting(self, channel, event, records):
        """Ids of the records that have a pending ``event`` row no worker holds."""
        if not records:
            return set()
        self.env["storefront.sync.log"].sudo().flush_model()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    """
                    SELECT res_id FROM storefront_sync_log
                     WHERE channel_id = %s AND event_type = %s AND state = 'pending'
                       AND res_model = %s AND res_id = ANY(%s)
                       FOR KEY SHARE SKIP LOCKED
                    """,
                    (channel.id, event, records._name, records.ids),
                )
                return {row[0] for row in self.env.cr.fetchall()}
        except psycopg2.errors.SerializationFailure:
            return set()
