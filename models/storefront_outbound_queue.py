import uuid
from functools import partial

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
    def _defer(self, handler, records):
        """Remember ``records`` for ``handler``'s ``_queue_now``, run once before commit.

        The hooks cost a set update: an import or a mass edit of many records
        queues them in one pass, with the values the transaction ends with.
        """
        key = f"storefront_connector.outbound.{handler}"
        data = self.env.cr.precommit.data
        if key not in data:
            data[key] = set()
            self.env.cr.precommit.add(partial(self._run_deferred, handler, records._name, key))
        data[key].update(records.ids)

    def _run_deferred(self, handler, model, key):
        ids = self.env.cr.precommit.data.pop(key, None)
        if ids:
            records = self.env[model].sudo().with_context(active_test=False).browse(ids)
            self.env[handler].sudo()._queue_now(records.exists())
            # Precommit hooks run after the transaction's flush: flush what they wrote.
            self.env.flush_all()

    @api.model
    def _queue_records(self, channel, event, records):
        """Queue ``event`` for every record of ``records`` that has no waiting row.

        Called by the hooks of any user: the queue is written with sudo, and
        only the records' ids cross into it. Returns the number of rows added.
        """
        waiting = self._waiting(channel, event, records)
        rows = [
            {
                "payload": {"res_id": record.id},
                "record": record,
                "dedup_key": f"{event}:{record.id}:{uuid.uuid4().hex}",
            }
            for record in records
            if record.id not in waiting
        ]
        return len(self.env["storefront.sync.log"]._enqueue_out(channel, event, rows))

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
                    log_exceptions=False,
                )
                return {row[0] for row in self.env.cr.fetchall()}
        except psycopg2.errors.SerializationFailure:
            return set()
