"""Intake of a channel: its inbound flows and order defaults, the webhook URL and
signing secrets, and verified deliveries stored in the sync log (deduplicated)
with the processing cron woken. Polling, the other way in: ``_polling.py``."""

import re
import uuid
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .. import const
from ..tools.webhook import (
    generate_secret,
    object_external_id,
    parse_envelope,
    secret_key,
    signature_is_valid,
    valid_webhook_id,
)
from .storefront_connection import MANAGER

WEBHOOK_TOKEN_PATTERN = re.compile(r"[0-9A-Za-z_-]{8,128}")
# What the webhook route reads of its channel: fetched with the token lookup, in one query.
WEBHOOK_FIELDS = (
    "platform",
    "company_id",
    "payload_limit",
    "signature_tolerance",
    "webhook_secret",
    "webhook_previous_secret",
    "webhook_previous_secret_until",
    *sorted(set(const.INBOUND_FLOWS.values())),
)


class StorefrontChannel(models.Model):
    _inherit = "storefront.channel"  # pylint: disable=consider-merging-classes-inherited

    # Inbound flows (const.INBOUND_FLOWS: the toggle of each entity)
    import_orders = fields.Boolean(default=True)
    import_customers = fields.Boolean(default=True)
    import_products = fields.Boolean(default=False)
    create_missing_products = fields.Boolean(
        help="Create a product when an order line's SKU matches none, instead of failing."
    )

    # Defaults for imported orders
    team_id = fields.Many2one("crm.team", string="Sales team", check_company=True)
    pricelist_id = fields.Many2one("product.pricelist", check_company=True)
    delivery_product_id = fields.Many2one(
        "product.product",
        string="Shipping product",
        domain=[("type", "=", "service")],
        check_company=True,
    )
    discount_product_id = fields.Many2one(
        "product.product",
        string="Discount product",
        domain=[("type", "=", "service")],
        check_company=True,
        help="Carries the order-level discounts (coupons) of imported orders, with the "
        "taxes of the lines they reduce.",
    )
    fee_product_id = fields.Many2one(
        "product.product",
        string="Fee product",
        domain=[("type", "=", "service")],
        check_company=True,
        help="Carries the fees of imported orders (gift wrapping, surcharges...), with the "
        "taxes the store charged on them.",
    )
    payment_journal_id = fields.Many2one(
        "account.journal", domain=[("type", "in", ("bank", "cash"))], check_company=True
    )
    currency_mode = fields.Selection(
        [
            ("pricelist", "Pricelist in the order currency"),
            ("convert", "Convert at the order date"),
        ],
        default="pricelist",
        required=True,
    )
    gift_card_journal_id = fields.Many2one(
        "account.journal",
        domain=[("type", "in", ("bank", "cash"))],
        check_company=True,
        help="Receives the part of an imported order paid by gift card: a payment, not a discount.",
    )
    amount_tolerance = fields.Float(
        default=0.05, help="Largest accepted difference between the storefront total and Odoo's."
    )
    total_mismatch_policy = fields.Selection(
        [
            ("leave", "Leave the difference"),
            ("rounding", "Add a rounding line"),
        ],
        string="Difference within the tolerance",
        default="leave",
        required=True,
        help="Leave the difference: Odoo's total stands. Add a rounding line: a line on the "
        "rounding product makes Odoo's total the storefront's to the cent.",
    )
    rounding_product_id = fields.Many2one(
        "product.product",
        string="Rounding product",
        domain=[("type", "=", "service")],
        check_company=True,
    )

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

    _sql_constraints = [
        ("webhook_token_unique", "unique(webhook_token)", "The webhook token must be unique."),
    ]

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
        return self.search_fetch([("webhook_token", "=", token)], WEBHOOK_FIELDS, limit=1)

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

    def _store_inbound(self, event, payload, delivery_id, dedup_key=None):
        """Store an inbound object in the sync log (one INSERT) and wake the cron."""
        self.ensure_one()
        disabled_reason = self._get_disabled_flow_reason(event)
        log, created = (
            self.env["storefront.sync.log"]
            .sudo()
            ._enqueue(
                self,
                "in",
                event,
                payload,
                external_id=object_external_id(payload),
                delivery_id=delivery_id,
                dedup_key=dedup_key,
                wake=not disabled_reason,
            )
        )
        if created and disabled_reason:
            log.write({"state": "cancelled", "error_message": disabled_reason})
        return log, created

    def _get_disabled_flow_reason(self, event):
        """Return why inbound ``event`` is not imported on this channel, or False."""
        self.ensure_one()
        entity = event.split(".")[0]
        if self[const.INBOUND_FLOWS[entity]]:
            return False
        if entity == "product":
            return _("Product import is disabled on this channel.")
        if entity == "customer":
            return _("Customer import is disabled on this channel.")
        return _("Order import is disabled on this channel.")
