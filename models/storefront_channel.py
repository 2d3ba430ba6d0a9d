import logging
import re
import uuid
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import const
from ..connectors import ADAPTERS, errors, get_adapter_class, platform_selection
from ..tools.mapping import apply_mapping
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

_logger = logging.getLogger(__name__)

MANAGER = "storefront_connector.group_storefront_manager"
WEBHOOK_TOKEN_PATTERN = re.compile(r"[0-9A-Za-z_-]{8,128}")

# The flow toggle that lets each inbound entity in.
INBOUND_FLOWS = {
    "order": "import_orders",
    "refund": "import_orders",
    "customer": "import_customers",
    "product": "import_products",
}

# Writing any of these gives the channel a fresh chance after an auth failure.
CREDENTIAL_FIELDS = tuple(
    dict.fromkeys(
        ["base_url", *(name for cls in ADAPTERS.values() for name in cls.credential_fields)]
    )
)


class StorefrontChannel(models.Model):
    _name = "storefront.channel"
    _description = "Storefront Channel"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name"

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    platform = fields.Selection(platform_selection(), required=True, default="xcart", tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        help="Receives an activity when the storefront refuses the credentials.",
    )
    warehouse_ids = fields.Many2many(
        "stock.warehouse",
        string="Warehouses",
        help="Warehouses whose free stock is published to the storefront.",
    )

    # Connection
    base_url = fields.Char(string="Store URL", groups=MANAGER)
    xcart_token = fields.Char(
        string="API token (read/write)", groups=MANAGER, copy=False, exportable=False
    )
    xcart_legacy_key = fields.Char(
        string="Legacy REST API key", groups=MANAGER, copy=False, exportable=False
    )
    clarity_auth_mode = fields.Selection(const.CLARITY_AUTH_MODES, default="oauth2", groups=MANAGER)
    clarity_token_url = fields.Char(string="Token URL", groups=MANAGER)
    clarity_client_id = fields.Char(string="Client ID", groups=MANAGER, copy=False)
    clarity_client_secret = fields.Char(
        string="Client secret", groups=MANAGER, copy=False, exportable=False
    )
    clarity_username = fields.Char(string="API user", groups=MANAGER, copy=False)
    clarity_password = fields.Char(
        string="API password", groups=MANAGER, copy=False, exportable=False
    )
    request_timeout = fields.Integer(default=30, help="Read timeout of one request, in seconds.")
    rate_limit = fields.Float(string="Requests per second", default=5.0, help="0 means no limit.")

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

    # Flows
    import_orders = fields.Boolean(default=True)
    import_customers = fields.Boolean(default=True)
    import_products = fields.Boolean(default=False)
    export_stock = fields.Boolean(default=True)
    export_shipments = fields.Boolean(default=True)
    export_order_status = fields.Boolean(default=True)
    create_missing_products = fields.Boolean(
        help="Create a product when an order line's SKU matches none, instead of failing."
    )

    # Defaults for imported orders
    team_id = fields.Many2one("crm.team", string="Sales team")
    pricelist_id = fields.Many2one("product.pricelist")
    delivery_product_id = fields.Many2one(
        "product.product", string="Shipping product", domain=[("type", "=", "service")]
    )
    payment_journal_id = fields.Many2one(
        "account.journal", domain=[("type", "in", ("bank", "cash"))]
    )
    currency_mode = fields.Selection(
        [
            ("pricelist", "Pricelist in the order currency"),
            ("convert", "Convert at the order date"),
        ],
        default="pricelist",
        required=True,
    )
    amount_tolerance = fields.Float(
        default=0.05, help="Largest accepted difference between the storefront total and Odoo's."
    )
    stock_buffer = fields.Float(
        string="Safety buffer", help="Quantity held back from the published stock."
    )
    stock_quiet_seconds = fields.Integer(
        string="Stock quiet period (s)",
        default=60,
        help="Stock changes are published once the product's stock has not moved for this "
        "long, so a burst of moves gives one update.",
    )
    clarity_location_section = fields.Integer(
        string="Inventory location section",
        default=1,
        help="Clarity ProductInventoryLocationSection that receives the published stock.",
    )

    # Polling
    poll_interval = fields.Integer(string="Polling interval (min)", default=15)
    poll_overlap = fields.Integer(string="Polling overlap (s)", default=300)
    poll_watermark = fields.Datetime(copy=False)
    last_poll_date = fields.Datetime(copy=False, readonly=True)

    # Retry policy and housekeeping
    max_attempts = fields.Integer(default=const.DEFAULT_MAX_ATTEMPTS)
    retry_base_delay = fields.Integer(
        string="Retry base delay (s)", default=const.DEFAULT_RETRY_BASE_SECONDS
    )
    retry_max_delay = fields.Integer(
        string="Retry delay cap (s)", default=const.DEFAULT_RETRY_CAP_SECONDS
    )
    log_retention_days = fields.Integer(default=const.DEFAULT_RETENTION_DAYS)

    # Health
    health_state = fields.Selection(
        const.HEALTH_STATES, default="ok", required=True, tracking=True, copy=False
    )
    last_error = fields.Text(readonly=True, copy=False)
    last_error_date = fields.Datetime(readonly=True, copy=False)

    field_mapping_ids = fields.One2many("storefront.field.mapping", "channel_id")
    value_map_ids = fields.One2many("storefront.value.map", "channel_id")
    sync_log_ids = fields.One2many("storefront.sync.log", "channel_id")
    log_count = fields.Integer(compute="_compute_log_counts")
    failed_log_count = fields.Integer(compute="_compute_log_counts")

    _sql_constraints = [
        ("webhook_token_unique", "unique(webhook_token)", "The webhook token must be unique."),
        ("max_attempts_positive", "CHECK(max_attempts > 0)", "Max attempts must be positive."),
    ]

    @api.depends("webhook_token")
    def _compute_webhook_url(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for channel in self:
            channel.webhook_url = f"{base}/storefront/webhook/{channel.webhook_token}"

    def _compute_log_counts(self):
        groups = self.env["storefront.sync.log"]._read_group(
            [("channel_id", "in", self.ids)], ["channel_id", "state"], ["__count"]
        )
        totals, failed = {}, {}
        for channel, state, count in groups:
            totals[channel.id] = totals.get(channel.id, 0) + count
            if state in ("failed", "dead"):
                failed[channel.id] = failed.get(channel.id, 0) + count
        for channel in self:
            channel.log_count = totals.get(channel.id, 0)
            channel.failed_log_count = failed.get(channel.id, 0)

    @api.model_create_multi
    def create(self, vals_list):
        channels = super().create(vals_list)
        channels._install_default_mappings()
        return channels

    def write(self, vals):
        if any(name in vals for name in CREDENTIAL_FIELDS) and "health_state" not in vals:
            vals = dict(vals, health_state="ok", last_error=False)
        return super().write(vals)

    def _install_default_mappings(self):
        """Copy the platform's template mappings and value maps into the channel.

        The channel then owns what runs: the lines the admin sees and edits.
        """
        Mapping = self.env["storefront.field.mapping"].sudo()
        ValueMap = self.env["storefront.value.map"].sudo()
        for channel in self:
            if not channel.field_mapping_ids:
                templates = Mapping.search(
                    [("channel_id", "=", False), ("platform", "=", channel.platform)]
                )
                for template in templates:
                    template.copy({"channel_id": channel.id})
            if not channel.value_map_ids:
                templates = ValueMap.search(
                    [("channel_id", "=", False), ("platform", "=", channel.platform)]
                )
                for template in templates:
                    template.copy({"channel_id": channel.id})

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

    def action_reset_mappings(self):
        """Replace the channel's mappings by the platform defaults."""
        self.field_mapping_ids.unlink()
        self.value_map_ids.unlink()
        self._install_default_mappings()

    def action_pause(self):
        self.write({"health_state": "paused"})

    def action_resume(self):
        self.write({"health_state": "ok", "last_error": False})
        self.env.ref("storefront_connector.ir_cron_storefront_process")._trigger()

    def action_push_stock(self):
        """Queue a catalogue pass: the processing cron indexes the storefront catalogue
        by SKU, then queues every published product whose stock changed."""
        for channel in self:
            self.env["storefront.export.stock"]._queue_resync(channel)
        return True

    def action_resync_stock(self):
        """Like "push stock now", but every quantity is sent, even an unchanged one
        (repairs stock changed on the storefront side)."""
        for channel in self:
            self.env["storefront.export.stock"]._queue_resync(channel, force=True)
        return True

    def action_view_logs(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "storefront_connector.storefront_sync_log_action"
        )
        action["domain"] = [("channel_id", "in", self.ids)]
        action["context"] = {"default_channel_id": self.id}
        return action

    def action_view_failed_logs(self):
        action = self.action_view_logs()
        action["context"] = dict(action["context"], search_default_filter_problems=1)
        return action

    def _adapter_class(self):
        """The adapter class of the channel's platform (its static vocabulary)."""
        self.ensure_one()
        return get_adapter_class(self.platform)

    def _adapter(self):
        """The adapter of the channel's platform, built from the channel's settings.

        Every call to the storefront goes through it (see ``connectors/``).
        """
        self.ensure_one()
        channel = self.sudo()
        if not channel.base_url:
            raise UserError(_("Channel %s has no store URL.", channel.name))
        adapter_class = channel._adapter_class()
        names = ("base_url", *adapter_class.credential_fields, *adapter_class.option_fields)
        return adapter_class(
            {name: channel[name] for name in names},
            timeout=channel.request_timeout or 30,
            rate_limit=channel.rate_limit,
            rate_key=f"storefront.channel.{channel.id}",
            # The sync engine's end of the current row: no call or retry past it.
            deadline=self.env.context.get("storefront_deadline"),
        )

    def _fetch_object(self, entity, external_id):
        """Fetch one storefront object (order, customer, product) by its id."""
        self.ensure_one()
        if not external_id:
            raise errors.ValidationError(_("The notification carries no object id."))
        return self._adapter().fetch(entity, external_id)

    def _set_auth_failed(self, message):
        """Hold the channel's outbound work and tell its responsible."""
        for channel in self.sudo():
            if channel.health_state == "auth_failed":
                continue
            channel.write(
                {
                    "health_state": "auth_failed",
                    "last_error": message,
                    "last_error_date": fields.Datetime.now(),
                }
            )
            channel.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("Storefront credentials refused"),
                note=_(
                    "%(channel)s refused the credentials: %(message)s. Outbound work is held "
                    "until the credentials are fixed.",
                    channel=channel.name,
                    message=message,
                ),
                user_id=(channel.user_id or self.env.ref("base.user_admin")).id,
            )

    def _get_value_maps(self):
        """Return the channel's value maps as {code: {source: target}}."""
        self.ensure_one()
        return {vmap.code: vmap._as_dict() for vmap in self.sudo().value_map_ids}

    def _get_mapping_lines(self, entity):
        """Return the channel's active mapping lines of an entity as engine dicts."""
        self.ensure_one()
        lines = self.sudo().field_mapping_ids.filtered(lambda m: m.active and m.entity == entity)
        return [line._as_engine_line() for line in lines.sorted("sequence")]

    def _map(self, entity, payload, rates=None):
        """Apply the channel's mappings of ``entity`` to a storefront object."""
        return apply_mapping(
            payload, self._get_mapping_lines(entity), self._get_value_maps(), rates=rates
        )

    # ------------------------------------------------------------------
    # Webhook intake
    # ------------------------------------------------------------------

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

    def _store_inbound(self, event, payload, delivery_id):
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
