"""The request slots of each channel, shared by every worker and host."""

import psycopg2

from odoo import api, fields, models


class StorefrontRateSlot(models.Model):
    """The next free request slot of a channel: one rate limit per store, in PostgreSQL."""

    _name = "storefront.rate.slot"
    _description = "Storefront Request Slot"

    channel_id = fields.Many2one(
        "storefront.channel", required=True, ondelete="cascade", readonly=True
    )
    next_slot = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("channel_unique", "unique(channel_id)", "A channel has one request slot."),
    ]

    @api.model
    def _gate(self, channel):
        """The rate gate of ``channel`` for its client, or None without a rate limit."""
        if not (channel.rate_limit and channel.rate_limit > 0 and isinstance(channel.id, int)):
            return None
        return RateGate(self.env.registry, channel.id, channel.rate_limit)


class RateGate:
    """Hands out a channel's request slots, ``1 / rate`` seconds apart, to every worker.

    Each slot is taken by one atomic upsert of the channel's row, in a short
    transaction of its own (never inside the row's work): every cron worker of
    every host shares the store's rate. A store's ``Retry-After`` moves the
    next slot for all of them.
    """

    def __init__(self, registry, channel_id, rate):
        self.registry = registry
        self.channel_id = channel_id
        self.interval = 1.0 / rate

    def reserve(self):
        """Take the next free slot; return the seconds to wait for it."""
        return self._execute(
            """
            INSERT INTO storefront_rate_slot (channel_id, next_slot)
            VALUES (%(channel)s, (clock_timestamp() AT TIME ZONE 'UTC')
                                  + make_interval(secs => %(interval)s))
            ON CONFLICT (channel_id) DO UPDATE
               SET next_slot = GREATEST(storefront_rate_slot.next_slot,
                                        clock_timestamp() AT TIME ZONE 'UTC')
                               + make_interval(secs => %(interval)s)
            RETURNING EXTRACT(EPOCH FROM next_slot - (clock_timestamp() AT TIME ZONE 'UTC'))
                      - %(interval)s
            """,
            {"channel": self.channel_id, "interval": self.interval},
        )

    def hold(self, seconds):
        """No slot before ``seconds`` from now (the store's Retry-After)."""
        self._execute(
            """
            INSERT INTO storefront_rate_slot (channel_id, next_slot)
            VALUES (%(channel)s, (clock_timestamp() AT TIME ZONE 'UTC')
                                  + make_interval(secs => %(seconds)s))
            ON CONFLICT (channel_id) DO UPDATE
               SET next_slot = GREATEST(storefront_rate_slot.next_slot, EXCLUDED.next_slot)
            RETURNING 0
            """,
            {"channel": self.channel_id, "seconds": max(float(seconds), 0.0)},
        )

    def _execute(self, query, params):
        try:
            with self.registry.cursor() as cr:
                cr.execute(query, params, log_exceptions=False)
                return max(float(cr.fetchone()[0]), 0.0)
        except psycopg2.errors.ForeignKeyViolation:
            # A channel not committed yet (a wizard testing its connection):
            # no other worker can call its store.
            return 0.0
