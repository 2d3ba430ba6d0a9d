"""API calls made to each storefront, per channel and day."""

import logging
import re

from odoo import api, fields, models

from ..connectors.http import drain_api_counts

_logger = logging.getLogger(__name__)

CHANNEL_KEY = re.compile(r"storefront\.channel\.(\d+)")


class StorefrontApiStat(models.Model):
    """Counters of the REST clients, flushed from memory with one upsert per channel."""

    _name = "storefront.api.stat"
    _description = "Storefront API call counters"
    _order = "day desc, channel_id"

    channel_id = fields.Many2one(
        "storefront.channel", required=True, ondelete="cascade", index=True, readonly=True
    )
    day = fields.Date(required=True, readonly=True)
    calls = fields.Integer(readonly=True)
    errors = fields.Integer(readonly=True)

    _sql_constraints = [
        ("channel_day_unique", "unique(channel_id, day)", "One counter per channel and day."),
    ]

    @api.model
    def _flush_counts(self, counts=None):
        """Add the calls counted in this process to the day's counters.

        ``INSERT ... ON CONFLICT DO UPDATE`` adds to the row without reading
        it first: concurrent workers never conflict on more than that row lock.
        On a read-only cursor (a dashboard read), the counts wait in memory for
        the next flush.
        """
        if self.env.cr.readonly:
            return 0
        counts = drain_api_counts() if counts is None else counts
        rows = []
        for key, (calls, failed) in counts.items():
            match = CHANNEL_KEY.fullmatch(str(key))
            if match and calls:
                rows.append((int(match.group(1)), calls, failed))
        if not rows:
            return 0
        self.env.cr.execute(
            "SELECT id FROM storefront_channel WHERE id = ANY(%s)", [[r[0] for r in rows]]
        )
        known = {row[0] for row in self.env.cr.fetchall()}
        today = fields.Date.context_today(self)
        for channel_id, calls, failed in rows:
            if channel_id not in known:
                continue
            self.env.cr.execute(
                """
                INSERT INTO storefront_api_stat
                       (channel_id, day, calls, errors,
                        create_uid, create_date, write_uid, write_date)
                VALUES (%s, %s, %s, %s, %s, now() at time zone 'UTC', %s, now() at time zone 'UTC')
                ON CONFLICT (channel_id, day) DO UPDATE
                   SET calls = storefront_api_stat.calls + EXCLUDED.calls,
                       errors = storefront_api_stat.errors + EXCLUDED.errors,
                       write_date = EXCLUDED.write_date
                """,
                [channel_id, today, calls, failed, self.env.uid, self.env.uid],
            )
        self.invalidate_model()
        return len(rows)

    @api.model
    def _flush_counts_after_commit(self):
        """Schedule a flush in its own short transaction once the current one commits."""
        cr = self.env.cr
        if cr.postcommit.data.get("storefront_api_flush"):
            return
        cr.postcommit.data["storefront_api_flush"] = True
        dbname = cr.dbname

        @cr.postcommit.add
        def flush():
            from odoo.modules.registry import Registry

            try:
                with Registry(dbname).cursor() as new_cr:
                    self.with_env(self.env(cr=new_cr))._flush_counts()
            except Exception:  # counters must never break the work they count
                _logger.warning("Could not store the storefront API call counters", exc_info=True)
