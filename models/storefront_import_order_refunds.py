"""Refunds listed inside an order (platforms that send no refund notifications):
each one queued once as a ``refund.created`` row, credited by the refund import."""

from odoo import api, models

REFUND_EVENT = "refund.created"


class StorefrontImportOrder(models.AbstractModel):
    _inherit = "storefront.import.order"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _process_log(self, log):
        order = super()._process_log(log)
        if order:
            self._queue_listed_refunds(log.channel_id, log._get_object())
        return order

    @api.model
    def _queue_listed_refunds(self, channel, obj):
        """One inbound row per listed refund, deduplicated on the refund id."""
        Log = self.env["storefront.sync.log"]
        created = False
        for refund in channel._adapter_class().order_refunds(obj):
            _log, new = Log._enqueue(
                channel,
                "in",
                REFUND_EVENT,
                refund,
                external_id=refund["order_id"],
                dedup_key=f"{REFUND_EVENT}:{refund['refund_id']}",
            )
            created |= new
        if created:
            Log._wake()
