"""What the store said of an order before Odoo imported it."""

from odoo import api, fields, models


class StorefrontOrderIntent(models.Model):
    """One row per storefront order the importers met: the cancellation the store sent
    before the import, kept whatever the sync log's retention and retries.

    The cancel handler and the import both write the row (an upsert): run at
    the same time, the second to commit fails on a serialization conflict and
    its retry sees the other's work, so a cancellation is never lost.
    """

    _name = "storefront.order.intent"
    _description = "Storefront order intent"
    _log_access = False

    channel_id = fields.Many2one("storefront.channel", required=True, ondelete="cascade")
    external_id = fields.Char(required=True)
    cancel_requested = fields.Boolean(readonly=True)
    cancel_date = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "order_unique",
            "unique(channel_id, external_id)",
            "One intent per storefront order.",
        ),
    ]

    @api.model
    def _record_cancel(self, channel, external_id):
        """Remember that the store cancelled this order."""
        self.env.cr.execute(
            """
            INSERT INTO storefront_order_intent
                   (channel_id, external_id, cancel_requested, cancel_date)
            VALUES (%s, %s, true, now() at time zone 'UTC')
            ON CONFLICT (channel_id, external_id)
            DO UPDATE SET cancel_requested = true, cancel_date = EXCLUDED.cancel_date
            """,
            (channel.id, str(external_id)),
        )

    @api.model
    def _claim_import(self, channel, external_id):
        """Mark the order as being imported; return True when the store cancelled it first."""
        self.env.cr.execute(
            """
            INSERT INTO storefront_order_intent (channel_id, external_id, cancel_requested)
            VALUES (%s, %s, false)
            ON CONFLICT (channel_id, external_id)
            DO UPDATE SET cancel_requested = storefront_order_intent.cancel_requested
            RETURNING cancel_requested
            """,
            (channel.id, str(external_id)),
        )
        return bool(self.env.cr.fetchone()[0])
