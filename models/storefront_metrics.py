"""Prometheus text exposition of the connector's figures (served by /storefront/metrics)."""

from odoo import api, fields, models
from odoo.tools import SQL

DURATION_BUCKETS_MS = (50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000)
TOKEN_PARAM = "storefront_connector.metrics_token"


def _label(value):
    text = str(value if value is not None else "")
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(**labels):
    return "{" + ",".join(f'{key}="{_label(value)}"' for key, value in labels.items()) + "}"


class StorefrontMetrics(models.AbstractModel):
    _name = "storefront.metrics"
    _description = "Storefront metrics exposition"

    @api.model
    def _get_token(self):
        return self.env["ir.config_parameter"].sudo().get_param(TOKEN_PARAM) or ""

    @api.model
    def _render(self):
        """Return the metrics in the Prometheus text exposition format (version 0.0.4)."""
        env = self.sudo().env
        env["storefront.api.stat"]._flush_counts()
        env["storefront.sync.log"].flush_model()
        channels = env["storefront.channel"].with_context(active_test=False).search([])
        names = {channel.id: channel.name for channel in channels}
        cr = env.cr
        out = []

        def family(name, kind, help_text):
            out.append(f"# HELP {name} {help_text}")
            out.append(f"# TYPE {name} {kind}")

        def name_of(channel_id):
            return names.get(channel_id, str(channel_id))

        family("storefront_channel_info", "gauge", "One series per channel: platform and health.")
        for channel in channels:
            labels = _labels(
                channel=channel.name,
                platform=channel.platform,
                health=channel.health_state,
                active=str(channel.active).lower(),
            )
            out.append(f"storefront_channel_info{labels} 1")

        family("storefront_sync_rows", "gauge", "Sync log rows by channel, direction and state.")
        cr.execute(
            "SELECT channel_id, direction, state, count(*) FROM storefront_sync_log "
            "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
        )
        for channel_id, direction, state, count in cr.fetchall():
            labels = _labels(channel=name_of(channel_id), direction=direction, state=state)
            out.append(f"storefront_sync_rows{labels} {count}")

        now = fields.Datetime.now()
        cr.execute(
            "SELECT channel_id, min(create_date), count(*) FILTER (WHERE state = 'dead') "
            "FROM storefront_sync_log WHERE state IN ('pending', 'running', 'dead') "
            "GROUP BY 1 ORDER BY 1"
        )
        rows = cr.fetchall()
        family(
            "storefront_backlog_oldest_age_seconds",
            "gauge",
            "Age of the oldest pending or running row (dead letters included in the scan).",
        )
        cr.execute(
            "SELECT channel_id, min(create_date) FROM storefront_sync_log "
            "WHERE state IN ('pending', 'running') GROUP BY 1 ORDER BY 1"
        )
        oldest = dict(cr.fetchall())
        for channel in channels:
            age = (now - oldest[channel.id]).total_seconds() if channel.id in oldest else 0
            out.append(
                f"storefront_backlog_oldest_age_seconds{_labels(channel=channel.name)} "
                f"{max(age, 0):.0f}"
            )
        family("storefront_dead_letters", "gauge", "Rows in the dead-letter state.")
        dead = {channel_id: count for channel_id, _oldest, count in rows}
        for channel in channels:
            out.append(
                f"storefront_dead_letters{_labels(channel=channel.name)} {dead.get(channel.id, 0)}"
            )

        cr.execute("SELECT channel_id, sum(calls), sum(errors) FROM storefront_api_stat GROUP BY 1")
        api_counts = {channel_id: (calls, errors) for channel_id, calls, errors in cr.fetchall()}
        family("storefront_api_calls_total", "counter", "HTTP calls made to the storefront.")
        for channel in channels:
            calls = api_counts.get(channel.id, (0, 0))[0]
            out.append(f"storefront_api_calls_total{_labels(channel=channel.name)} {calls}")
        family(
            "storefront_api_errors_total", "counter", "HTTP calls that failed or answered >= 400."
        )
        for channel in channels:
            errors = api_counts.get(channel.id, (0, 0))[1]
            out.append(f"storefront_api_errors_total{_labels(channel=channel.name)} {errors}")

        self._render_histogram(cr, name_of, family, out)

        family(
            "storefront_last_success_timestamp_seconds",
            "gauge",
            "Unix time of the last row done, per channel and flow (event type).",
        )
        cr.execute(
            "SELECT channel_id, event_type, extract(epoch FROM max(date_done)) "
            "FROM storefront_sync_log WHERE state = 'done' AND date_done IS NOT NULL "
            "GROUP BY 1, 2 ORDER BY 1, 2"
        )
        for channel_id, event_type, epoch in cr.fetchall():
            labels = _labels(channel=name_of(channel_id), flow=event_type)
            out.append(f"storefront_last_success_timestamp_seconds{labels} {float(epoch):.0f}")

        family("storefront_alerts_open", "gauge", "Open alerts by channel and rule.")
        cr.execute(
            "SELECT channel_id, rule, count(*) FROM storefront_alert WHERE state = 'open' "
            "GROUP BY 1, 2 ORDER BY 1, 2"
        )
        for channel_id, rule, count in cr.fetchall():
            out.append(
                f"storefront_alerts_open{_labels(channel=name_of(channel_id), rule=rule)} {count}"
            )
        return "\n".join(out) + "\n"

    @api.model
    def _render_histogram(self, cr, name_of, family, out):
        family(
            "storefront_sync_duration_milliseconds",
            "histogram",
            "Processing time of finished rows, per channel and direction.",
        )
        buckets = SQL(", ").join(
            SQL("count(*) FILTER (WHERE duration_ms <= %s)", bound) for bound in DURATION_BUCKETS_MS
        )
        cr.execute(
            SQL(
                "SELECT channel_id, direction, %s, count(*), coalesce(sum(duration_ms), 0) "
                "FROM storefront_sync_log WHERE duration_ms IS NOT NULL "
                "GROUP BY 1, 2 ORDER BY 1, 2",
                buckets,
            )
        )
        for row in cr.fetchall():
            channel_id, direction = row[0], row[1]
            counts, total, duration_sum = row[2:-2], row[-2], row[-1]
            channel = name_of(channel_id)
            for bound, count in zip(DURATION_BUCKETS_MS, counts, strict=True):
                labels = _labels(channel=channel, direction=direction, le=bound)
                out.append(f"storefront_sync_duration_milliseconds_bucket{labels} {count}")
            labels = _labels(channel=channel, direction=direction, le="+Inf")
            out.append(f"storefront_sync_duration_milliseconds_bucket{labels} {total}")
            labels = _labels(channel=channel, direction=direction)
            out.append(f"storefront_sync_duration_milliseconds_sum{labels} {duration_sum}")
            out.append(f"storefront_sync_duration_milliseconds_count{labels} {total}")
