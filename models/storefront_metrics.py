"""Prometheus text exposition of the connector's figures (served by /storefront/metrics)."""

from datetime import datetime

from odoo import api, fields, models

from ..const import DURATION_BUCKETS_MS
from .storefront_sync_count import bucket_column

TOKEN_PARAM = "storefront_connector.metrics_token"
EPOCH = datetime(1970, 1, 1)


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

        Count = env["storefront.sync.count"]
        rows = Count._read("state", ("channel_id", "direction", "state"), channels.ids)
        family("storefront_sync_rows", "gauge", "Sync log rows by channel, direction and state.")
        for (channel_id, direction, state), (count,) in sorted(rows.items()):
            if count:
                labels = _labels(channel=name_of(channel_id), direction=direction, state=state)
                out.append(f"storefront_sync_rows{labels} {count}")

        now = fields.Datetime.now()
        family(
            "storefront_backlog_oldest_age_seconds",
            "gauge",
            "Age of the oldest pending or running row.",
        )
        oldest = Count._oldest_open(channels.ids)
        for channel in channels:
            age = (now - oldest[channel.id]).total_seconds() if channel.id in oldest else 0
            out.append(
                f"storefront_backlog_oldest_age_seconds{_labels(channel=channel.name)} "
                f"{max(age, 0):.0f}"
            )
        family("storefront_dead_letters", "gauge", "Rows in the dead-letter state.")
        dead = dict.fromkeys(channels.ids, 0)
        for (channel_id, _direction, state), (count,) in rows.items():
            if state == "dead":
                dead[channel_id] += count
        for channel in channels:
            out.append(f"storefront_dead_letters{_labels(channel=channel.name)} {dead[channel.id]}")

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

        columns = (*map(bucket_column, DURATION_BUCKETS_MS), "duration_count", "duration_sum")
        durations = Count._read("time", ("channel_id", "direction"), channels.ids, columns=columns)
        self._render_histogram(durations, name_of, family, out)

        family(
            "storefront_last_success_timestamp_seconds",
            "gauge",
            "Unix time of the last row done, per channel and flow (event type).",
        )
        for (channel_id, event_type), last in sorted(Count._last_done(channels.ids).items()):
            labels = _labels(channel=name_of(channel_id), flow=event_type)
            epoch = (last - EPOCH).total_seconds()
            out.append(f"storefront_last_success_timestamp_seconds{labels} {epoch:.0f}")

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
    def _render_histogram(self, durations, name_of, family, out):
        family(
            "storefront_sync_duration_milliseconds",
            "histogram",
            "Processing time of finished rows, per channel and direction.",
        )
        for (channel_id, direction), row in sorted(durations.items()):
            counts, total, duration_sum = row[:-2], row[-2], int(row[-1])
            if not total:
                continue
            channel = name_of(channel_id)
            for bound, count in zip(DURATION_BUCKETS_MS, counts, strict=True):
                labels = _labels(channel=channel, direction=direction, le=bound)
                out.append(f"storefront_sync_duration_milliseconds_bucket{labels} {count}")
            labels = _labels(channel=channel, direction=direction, le="+Inf")
            out.append(f"storefront_sync_duration_milliseconds_bucket{labels} {total}")
            labels = _labels(channel=channel, direction=direction)
            out.append(f"storefront_sync_duration_milliseconds_sum{labels} {duration_sum}")
            out.append(f"storefront_sync_duration_milliseconds_count{labels} {total}")
