"""Alerts of a channel: raised once when a rule's threshold is crossed, resolved when clear."""

import logging

from markupsafe import Markup

from odoo import _, api, fields, models

_logger = logging.getLogger(__name__)

ALERT_RULES = [
    ("auth", "Credentials refused"),
    ("dead_letters", "Dead letters"),
    ("backlog", "Backlog too old"),
    ("silence", "No webhook received"),
    ("heartbeat", "Processing not running"),
]


class StorefrontAlert(models.Model):
    _name = "storefront.alert"
    _description = "Storefront Alert"
    _order = "state, date_raised desc, id desc"

    channel_id = fields.Many2one(
        "storefront.channel", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="channel_id.company_id", store=True)
    rule = fields.Selection(ALERT_RULES, required=True, readonly=True)
    state = fields.Selection(
        [("open", "Open"), ("resolved", "Resolved")],
        default="open",
        required=True,
        readonly=True,
        index=True,
    )
    message = fields.Text(readonly=True)
    date_raised = fields.Datetime(readonly=True, default=fields.Datetime.now)
    date_resolved = fields.Datetime(readonly=True)
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")

    def init(self):
        # At most one open alert per channel and rule: raising twice is a no-op.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS storefront_alert_open_unique
                ON storefront_alert (channel_id, rule) WHERE state = 'open'
            """
        )

    @api.depends("channel_id", "rule")
    def _compute_display_name(self):
        labels = dict(ALERT_RULES)
        for alert in self:
            alert.display_name = f"{alert.channel_id.name}: {labels.get(alert.rule, '')}"

    # ------------------------------------------------------------------
    # Evaluation
    # ------------------------------------------------------------------

    @api.model
    def _cron_evaluate(self):
        """Evaluate every rule of every active channel; raise new alerts, resolve cleared ones."""
        self.env["storefront.api.stat"]._flush_counts()
        channels = self.env["storefront.channel"].sudo().search([])
        for channel in channels:
            conditions = channel._evaluate_alert_rules()
            self._sync_channel_alerts(channel, conditions)
        return True

    @api.model
    def _sync_channel_alerts(self, channel, conditions):
        """Make the open alerts of ``channel`` match ``{rule: message or False}``."""
        open_alerts = {
            alert.rule: alert
            for alert in self.sudo().search(
                [("channel_id", "=", channel.id), ("state", "=", "open")]
            )
        }
        for rule, message in conditions.items():
            alert = open_alerts.get(rule)
            if message and not alert:
                self._raise(channel, rule, message)
            elif not message and alert:
                alert._resolve()

    @api.model
    def _raise(self, channel, rule, message):
        alert = self.sudo().create({"channel_id": channel.id, "rule": rule, "message": message})
        label = dict(ALERT_RULES)[rule]
        if rule != "auth" and channel.user_id:
            # a refused credential already schedules its own activity on the channel
            alert.activity_id = channel.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("Storefront alert: %s", label),
                note=message,
                user_id=channel.user_id.id,
            )
        body = Markup("<p><b>%s</b> %s</p><p>%s</p>") % (channel.name, label, message)
        alert._post_to_discuss(body)
        if channel.alert_email:
            self.env["mail.mail"].sudo().create(
                {
                    "subject": _(
                        "Storefront alert: %(channel)s: %(label)s",
                        channel=channel.name,
                        label=label,
                    ),
                    "body_html": body,
                    "email_to": channel.alert_email,
                }
            )
        _logger.info("Storefront alert raised on channel %s: %s", channel.id, rule)
        return alert

    def _resolve(self):
        for alert in self:
            alert.write({"state": "resolved", "date_resolved": fields.Datetime.now()})
            if alert.activity_id:
                alert.activity_id.action_feedback(feedback=_("Resolved by itself."))
            label = dict(ALERT_RULES)[alert.rule]
            alert._post_to_discuss(
                Markup("<p><b>%s</b> %s: %s</p>") % (alert.channel_id.name, label, _("resolved"))
            )

    def _post_to_discuss(self, body):
        """Post on the alerts channel of the alert's company, read by its managers only."""
        self.ensure_one()
        discuss = self.env["discuss.channel"]._storefront_alert_channel(self.company_id)
        discuss.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_comment")
