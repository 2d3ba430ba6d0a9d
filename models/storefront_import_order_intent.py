"""A cancellation sent before its order's import is kept until the import reads it."""

from odoo import _, api, models


class StorefrontImportOrder(models.AbstractModel):
    _inherit = "storefront.import.order"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _cancel_before_import(self, log, values):
        """Record the cancellation on the order's intent: done at once, never retried.

        However late the import runs (after retries, after the sync log's
        retention deleted this row), it reads the intent and ends cancelled.
        """
        external_id = str(values["external_id"])
        if log.external_id != external_id:
            log.sudo().write({"external_id": external_id})
        self.env["storefront.order.intent"].sudo()._record_cancel(log.channel_id, external_id)
        log.response_summary = _(
            "Order %s is cancelled on the storefront before it was imported: it will be "
            "cancelled when it is imported.",
            self._reference(values),
        )
        return None

    @api.model
    def _cancelled_on_store(self, channel, external_id):
        intents = self.env["storefront.order.intent"].sudo()
        cancelled = intents._claim_import(channel, external_id)
        return cancelled or super()._cancelled_on_store(channel, external_id)
