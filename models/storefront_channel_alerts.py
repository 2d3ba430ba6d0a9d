"""Alert rules of a channel and their thresholds."""

from datetime import timedelta

from odoo import _, fields, models

from .storefront_alert import ALERT_RULES


class StorefrontChannel(models.Model):
    _inherit = "storefront.channel"

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
