"""The Overview dashboard of a channel: its figures (one kanban card per channel)
and the alert rules they are held against."""

import json
from datetime import datetime, time, timedelta

from odoo import _, fields, models

from ..const import DURATION_BUCKETS_MS as BUCKETS
from .storefront_alert import ALERT_RULES
from .storefront_sync_count import bucket_column, estimate_quantile

GRAPH_DAYS = 7
STATES = ("pending", "running", "failed", "dead")


class StorefrontChannel(models.Model):
    _inherit = "storefront.channel"  # pylint: disable=consider-merging-classes-inherited

    dash_in_24h = fields.Integer(string="In (24 h)", compute="_compute_dashboard")
    dash_out_24h = fields.Integer(string="Out (24 h)", compute="_compute_dashboard")
    dash_error_rate = fields.Float(string="Error rate (%)", compute="_compute_dashboard")
    dash_p95_ms = fields.Integer(string="p95 duration (ms)", compute="_compute_dashboard")
    dash_pending_count = fields.Integer(string="Backlog", compute="_compute_dashboard")
    dash_oldest_pending_minutes = fields.Integer(
        string="Oldest pending (min)", compute="_compute_dashboard"
    )
    dash_failed_count = fields.Integer(string="Failed", compute="_compute_dashboard")
    dash_dead_count = fields.Integer(string="Dead letters", compute="_compute_dashboard")
    dash_last_webhook = fields.Datetime(string="Last webhook", compute="_compute_dashboard")
    dash_api_calls_24h = fields.Integer(string="API calls (today)", compute="_compute_dashboard")
    dash_api_errors_24h = fields.Integer(string="API errors (today)", compute="_compute_dashboard")
    dash_health = fields.Selection(
        [("ok", "Healthy"), ("warning", "Attention"), ("error", "Failing")],
        compute="_compute_dashboard",
    )
    kanban_dashboard_graph = fields.Text(compute="_compute_kanban_dashboard_graph")

    # Alert rules and their thresholds
    alert_dead_threshold = fields.Integer(
        string="Alert above dead letters",
        default=0,
        help="An alert is raised when the channel has more dead letters than this.",
    )
    alert_backlog_minutes = fields.Integer(
        string="Alert on backlog older than (min)",
        default=30,
        help="0 disables the rule.",
    )
    alert_silence_hours = fields.Integer(
        string="Alert without webhook for (h)",
        default=24,
        help="An active channel that received no webhook for this long raises an alert. "
        "0 disables the rule.",
    )
    alert_heartbeat_minutes = fields.Integer(
        string="Alert when processing stalls for (min)",
        default=15,
        help="Raised when rows are due but the processing cron has not run for this long.",
    )
    alert_email = fields.Char(help="Also send each new alert to this address.")
    alert_ids = fields.One2many("storefront.alert", "channel_id", string="Alerts")
    open_alert_ids = fields.One2many(
        "storefront.alert", "channel_id", domain=[("state", "=", "open")], string="Open alerts"
    )
    open_alert_summary = fields.Char(compute="_compute_open_alert_summary")

    def _dashboard_figures(self):
        """Return ``{channel id: {figure: value}}`` from the log's counters and indexes."""
        figures = {channel_id: {} for channel_id in self.ids}
        if not self.ids:
            return figures
        Count = self.env["storefront.sync.count"].sudo()
        since = (fields.Datetime.now() - timedelta(hours=24)).replace(minute=0, second=0)
        flows = Count._read("time", ("channel_id", "direction"), self.ids, since)
        for (channel_id, direction), (count,) in flows.items():
            figures[channel_id][f"dash_{direction}_24h"] = count
        columns = ("finished", "errors", "duration_count", *map(bucket_column, BUCKETS))
        outcomes = Count._read("time", ("channel_id",), self.ids, since, columns)
        for (channel_id,), (finished, errors, durations, *histogram) in outcomes.items():
            figures[channel_id].update(
                dash_error_rate=round(100.0 * errors / finished, 1) if finished else 0.0,
                dash_p95_ms=int(estimate_quantile(0.95, histogram, durations)),
            )
        states = Count._read("state", ("channel_id", "state"), self.ids)
        now = fields.Datetime.now()
        oldest = Count._oldest_open(self.ids)
        for channel_id, figure in figures.items():
            count = {state: states.get((channel_id, state), [0])[0] for state in STATES}
            figure.update(
                dash_pending_count=count["pending"] + count["running"],
                # now has no microseconds: a row of this second would be -1 min old.
                dash_oldest_pending_minutes=max(
                    0, int((now - oldest[channel_id]).total_seconds() // 60)
                )
                if oldest.get(channel_id)
                else 0,
                dash_failed_count=count["failed"],
                dash_dead_count=count["dead"],
            )
        cr = self.env.cr
        # The newest webhook row of each channel, read from the end of its index.
        cr.execute(
            """
            SELECT channel.id, last.create_date
              FROM unnest(%s::int[]) AS channel(id)
             CROSS JOIN LATERAL (
                    SELECT create_date FROM storefront_sync_log
                     WHERE channel_id = channel.id
                       AND direction = 'in' AND delivery_id IS NOT NULL
                     ORDER BY create_date DESC
                     LIMIT 1
                   ) last
            """,
            [self.ids],
        )
        for channel_id, last_webhook in cr.fetchall():
            figures[channel_id]["dash_last_webhook"] = last_webhook
        self.env["storefront.api.stat"]._flush_counts()
        for stat in (
            self.env["storefront.api.stat"]
            .sudo()
            .search([("channel_id", "in", self.ids), ("day", "=", fields.Date.context_today(self))])
        ):
            figures[stat.channel_id.id].update(
                dash_api_calls_24h=stat.calls, dash_api_errors_24h=stat.errors
            )
        return figures

    def _compute_dashboard(self):
        figures = self._dashboard_figures()
        open_alerts = {}
        if self.ids:
            groups = (
                self.env["storefront.alert"]
                .sudo()
                ._read_group(
                    [("channel_id", "in", self.ids), ("state", "=", "open")],
                    ["channel_id"],
                    ["__count"],
                )
            )
            open_alerts = {channel.id: count for channel, count in groups}
        defaults = {
            "dash_in_24h": 0,
            "dash_out_24h": 0,
            "dash_error_rate": 0.0,
            "dash_p95_ms": 0,
            "dash_pending_count": 0,
            "dash_oldest_pending_minutes": 0,
            "dash_failed_count": 0,
            "dash_dead_count": 0,
            "dash_last_webhook": False,
            "dash_api_calls_24h": 0,
            "dash_api_errors_24h": 0,
        }
        for channel in self:
            values = dict(defaults, **figures.get(channel.id, {}))
            for name, value in values.items():
                channel[name] = value
            if channel.health_state == "auth_failed" or values["dash_dead_count"]:
                channel.dash_health = "error"
            elif (
                channel.health_state == "paused"
                or open_alerts.get(channel.id)
                or values["dash_failed_count"]
            ):
                channel.dash_health = "warning"
            else:
                channel.dash_health = "ok"

    def _compute_kanban_dashboard_graph(self):
        """Rows per day over the last week, in the journal dashboard's bar format."""
        today = fields.Date.context_today(self)
        first = today - timedelta(days=GRAPH_DAYS - 1)
        counts = {}
        rows = (
            self.env["storefront.sync.count"]
            .sudo()
            ._read("time", ("channel_id", "bucket"), self.ids, datetime.combine(first, time.min))
        )
        for (channel_id, bucket), (count,) in rows.items():
            key = (channel_id, bucket.date())
            counts[key] = counts.get(key, 0) + count
        for channel in self:
            values = []
            for offset in range(GRAPH_DAYS):
                day = first + timedelta(days=offset)
                values.append(
                    {
                        "label": day.strftime("%d %b"),
                        "value": counts.get((channel.id, day), 0),
                        "type": "past",
                    }
                )
            channel.kanban_dashboard_graph = json.dumps(
                [{"key": _("Rows"), "values": values, "is_sample_data": False}]
            )

    def _action_logs(self, states=None, name=None):
        self.ensure_one()
        action = self.action_view_logs()
        if states:
            action["domain"] = [("channel_id", "=", self.id), ("state", "in", states)]
        if name:
            action["name"] = name
        return action

    def action_view_dead_logs(self):
        return self._action_logs(["dead"], _("Dead letters"))

    def action_view_pending_logs(self):
        return self._action_logs(["pending", "running"], _("Backlog"))

    def action_view_error_logs(self):
        return self._action_logs(["failed", "dead"], _("Problems"))

    def action_open_dashboard_channel(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "storefront.channel",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _compute_open_alert_summary(self):
        for channel in self:
            labels = dict(ALERT_RULES)
            channel.open_alert_summary = ", ".join(
                labels[alert.rule] for alert in channel.sudo().open_alert_ids
            )

    def _evaluate_alert_rules(self):
        """Return ``{rule: message or False}``: False when the rule's condition is clear."""
        self.ensure_one()
        channel = self.sudo()
        now = fields.Datetime.now()
        figures = channel._dashboard_figures().get(channel.id, {})
        dead = figures.get("dash_dead_count", 0)
        oldest = figures.get("dash_oldest_pending_minutes", 0)
        pending = figures.get("dash_pending_count", 0)
        conditions = {
            "auth": channel.health_state == "auth_failed"
            and _("The storefront refused the credentials: %s", channel.last_error or "?"),
            "dead_letters": dead > max(channel.alert_dead_threshold, 0)
            and _(
                "%(count)s dead letters (threshold %(limit)s): they need a fix and a requeue.",
                count=dead,
                limit=channel.alert_dead_threshold,
            ),
            "backlog": bool(channel.alert_backlog_minutes and pending)
            and oldest >= channel.alert_backlog_minutes
            and _(
                "%(count)s rows wait, the oldest for %(minutes)s minutes.",
                count=pending,
                minutes=oldest,
            ),
            "silence": False,
            "heartbeat": False,
        }
        if channel.alert_silence_hours and channel.active and channel.health_state == "ok":
            last = figures.get("dash_last_webhook") or channel.create_date
            if last and last < now - timedelta(hours=channel.alert_silence_hours):
                conditions["silence"] = _(
                    "No webhook received since %(when)s (limit %(hours)s h).",
                    when=fields.Datetime.to_string(figures.get("dash_last_webhook"))
                    if figures.get("dash_last_webhook")
                    else _("the channel was created"),
                    hours=channel.alert_silence_hours,
                )
        if channel.alert_heartbeat_minutes and pending:
            cron = self.env.ref(
                "storefront_connector.ir_cron_storefront_process", raise_if_not_found=False
            )
            limit = now - timedelta(minutes=channel.alert_heartbeat_minutes)
            beat = cron and cron.sudo().lastcall
            stale = not cron or not cron.sudo().active or not beat or beat < limit
            if stale and oldest >= channel.alert_heartbeat_minutes:
                conditions["heartbeat"] = _(
                    "The processing cron has not run since %(when)s while %(count)s rows wait.",
                    when=fields.Datetime.to_string(beat) if beat else _("ever"),
                    count=pending,
                )
        return conditions

    def action_evaluate_alerts(self):
        """Evaluate the alert rules of these channels now."""
        Alert = self.env["storefront.alert"]
        for channel in self:
            Alert._sync_channel_alerts(channel, channel._evaluate_alert_rules())
        return True
