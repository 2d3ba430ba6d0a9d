"""Webhook intake of a channel: its URL and signing secrets, verified deliveries
stored in the sync log (deduplicated), and the processing cron woken."""

import re
import uuid
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .. import const
from ..tools.webhook import (
    WebhookRejected,
    generate_secret,
    normalize_event,
    object_external_id,
    parse_envelope,
    parse_payload,
    secret_key,
    signature_is_valid,
    valid_delivery_id,
    valid_webhook_id,
)
from .storefront_channel import MANAGER

WEBHOOK_TOKEN_PATTERN = re.compile(r"[0-9A-Za-z_-]{8,128}")

# The flow toggle that lets each inbound entity in.
INBOUND_FLOWS = {
    "order": "import_orders",
    "refund": "import_orders",
    "customer": "import_customers",
    "product": "import_products",
}


class StorefrontChannel(models.Model):
    _inherit = "storefront.channel"

    # Webhooks
    webhook_token = fields.Char(
        copy=False,
        readonly=True,
        groups=MANAGER,
        default=lambda self: uuid.uuid4().hex,
        index="btree_not_null",
    )
    webhook_secret = fields.Char(
        string="Signing secret",
        copy=False,
        groups=MANAGER,
        exportable=False,
        default=lambda self: generate_secret(),
        readonly=True,
        help="Standard Webhooks signing secret (whsec_...), given to the storefront's sender.",
    )
    webhook_previous_secret = fields.Char(
        copy=False, groups=MANAGER, exportable=False, readonly=True
    )
    webhook_previous_secret_until = fields.Datetime(
        string="Previous secret valid until",
        copy=False,
        readonly=True,
        groups=MANAGER,
        help="After a rotation the previous secret is still accepted until then.",
    )
    webhook_secret_grace_hours = fields.Integer(
        string="Rotation grace period (h)",
        default=const.DEFAULT_SECRET_GRACE_HOURS,
        groups=MANAGER,
    )
    webhook_url = fields.Char(compute="_compute_webhook_url", groups=MANAGER)
    signature_tolerance = fields.Integer(
        string="Signature tolerance (s)", default=const.DEFAULT_SIGNATURE_TOLERANCE
    )
    payload_limit = fields.Integer(
        string="Payload size limit (bytes)", default=const.DEFAULT_PAYLOAD_LIMIT
    )
    thin_notifications = fields.Boolean(
        help="Webhook bodies carry only the object id: the object is fetched from the "
        "storefront API when the delivery is processed."
    )

    @api.depends("webhook_token")
    def _compute_webhook_url(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for channel in self:
            channel.webhook_url = f"{base}/storefront/webhook/{channel.webhook_token}"

    def action_rotate_webhook_secret(self):
        """Issue a new signing secret; the previous one stays valid for the grace period."""
        for channel in self:
            grace = max(channel.webhook_secret_grace_hours, 0)
            channel.sudo().write(
                {
                    "webhook_previous_secret": channel.webhook_secret if grace else False,
                    "webhook_previous_secret_until": fields.Datetime.now() + timedelta(hours=grace)
                    if grace
                    else False,
                    "webhook_secret": generate_secret(),
                }
            )
            channel.message_post(
                body=_(
                    "Webhook signing secret rotated: the previous secret is accepted for %s hours.",
                    grace,
                )
            )

    @api.constrains("webhook_secret")
    def _check_webhook_secret(self):
        for channel in self.sudo():
            if channel.webhook_secret and secret_key(channel.webhook_secret) is None:
                raise ValidationError(
                    _(
                        "The signing secret must be whsec_ followed by the base64 of "
                        "24 to 64 random bytes."
                    )
                )

    def action_rotate_webhook_token(self):
        for channel in self:
            channel.webhook_token = uuid.uuid4().hex
            channel.message_post(body=_("Webhook URL rotated: the previous URL no longer works."))

    @api.model
    def _get_by_webhook_token(self, token):
        """Return the active channel of a webhook token (empty when unknown or archived)."""
        if not token or not WEBHOOK_TOKEN_PATTERN.fullmatch(token):
            return self.browse()
        return self.search([("webhook_token", "=", token)], limit=1)

    def _webhook_secrets(self):
        """The secrets accepted now: the current one, and the previous one in its grace period."""
        self.ensure_one()
        channel = self.sudo()
        accepted = [channel.webhook_secret]
        until = channel.webhook_previous_secret_until
        if channel.webhook_previous_secret and until and until > fields.Datetime.now():
            accepted.append(channel.webhook_previous_secret)
        return accepted

    def _verify_webhook_signature(self, webhook_id, timestamp, raw_body, signature):
        """Tell whether a Standard Webhooks delivery is signed for this channel, recently."""
        self.ensure_one()
        return signature_is_valid(
            self._webhook_secrets(),
            webhook_id,
            timestamp,
            raw_body,
            signature,
            self.sudo().signature_tolerance or const.DEFAULT_SIGNATURE_TOLERANCE,
        )

    def _webhook_ping(self, headers, form):
        """True for the store's unsigned test request (answered 200, stored nowhere)."""
        self.ensure_one()
        return self._adapter_class().webhook_ping(headers, form)

    def _verify_webhook(self, headers, raw_body):
        """Tell whether a delivery is signed for this channel, by its platform's scheme."""
        self.ensure_one()
        return self._adapter_class().verify_webhook(
            self._webhook_secrets(),
            headers,
            raw_body,
            self.sudo().signature_tolerance or const.DEFAULT_SIGNATURE_TOLERANCE,
        )

    def _receive_signed(self, headers, raw_body):
        """Store one verified delivery, read by its platform's scheme; ``(log, created)``."""
        self.ensure_one()
        event, data, delivery_id, dedup_key = self._adapter_class().read_webhook(headers, raw_body)
        return self._store_inbound(event, data, delivery_id, dedup_key=dedup_key)

    def _receive_delivery(self, webhook_id, raw_body):
        """Store one verified Standard Webhooks delivery (envelope body), deduplicated on its id.

        Returns ``(log, created)``; raises WebhookRejected (HTTP 400) for a bad
        webhook-id or a body that is not an envelope of a known event type.
        """
        self.ensure_one()
        webhook_id = valid_webhook_id(webhook_id)
        event, data = parse_envelope(raw_body)
        return self._store_inbound(event, data, webhook_id)

    def _receive_webhook(self, event_name, raw_body, delivery_id=None):
        """Store one object (raw JSON) under ``event_name`` and wake the processing cron.

        Returns ``(log, created)``. Raises WebhookRejected (HTTP 400) for an
        unknown event or a body that is not a JSON object. A delivery for a flow
        that is disabled on the channel is stored as cancelled, with the reason.
        """
        self.ensure_one()
        payload = parse_payload(raw_body)
        event = normalize_event(event_name)
        if not event:
            raise WebhookRejected(
                "unknown_event",
                f"Unknown event {str(event_name)[:100]!r}; "
                f"expected one of {', '.join(const.INBOUND_EVENTS)}.",
            )
        return self._store_inbound(event, payload, valid_delivery_id(delivery_id))

    def _store_inbound(self, event, payload, delivery_id, dedup_key=None):
        """Store an inbound object in the sync log (one INSERT) and wake the cron."""
        self.ensure_one()
        Log = self.env["storefront.sync.log"].sudo()
        log, created = Log._enqueue(
            self,
            "in",
            event,
            payload,
            external_id=object_external_id(payload),
            delivery_id=delivery_id,
            dedup_key=dedup_key,
        )
        if created:
            disabled_reason = self._get_disabled_flow_reason(event)
            if disabled_reason:
                log.write({"state": "cancelled", "error_message": disabled_reason})
            else:
                self._wake_processing()
        return log, created

    @api.model
    def _wake_processing(self):
        """Wake the processing cron, once per burst of deliveries.

        A due wake-up that the cron has not consumed yet already starts a run
        that claims every pending row: another one would only cost a NOTIFY
        (a new database connection) per delivery. At worst a row stored while
        the run ends waits for the cron's next scheduled call.
        """
        cron = self.env.ref("storefront_connector.ir_cron_storefront_process").sudo()
        self.env.cr.execute(
            """
            SELECT 1 FROM ir_cron_trigger
             WHERE cron_id = %s AND call_at <= %s
             LIMIT 1
            """,
            [cron.id, fields.Datetime.now()],
        )
        if not self.env.cr.fetchone():
            cron._trigger()

    def _get_disabled_flow_reason(self, event):
        """Return why inbound ``event`` is not imported on this channel, or False."""
        self.ensure_one()
        entity = event.split(".")[0]
        if self[INBOUND_FLOWS[entity]]:
            return False
        if entity == "product":
            return _("Product import is disabled on this channel.")
        if entity == "customer":
            return _("Customer import is disabled on this channel.")
        return _("Order import is disabled on this channel.")
