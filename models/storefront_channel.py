import uuid

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import const
from ..connectors import errors, get_client
from ..tools.mapping import apply_mapping

MANAGER = "storefront_connector.group_storefront_manager"

# Writing any of these gives the channel a fresh chance after an auth failure.
CREDENTIAL_FIELDS = (
    "base_url",
    "xcart_api_version",
    "xcart_token",
    "xcart_legacy_key",
    "clarity_auth_mode",
    "clarity_token_url",
    "clarity_client_id",
    "clarity_client_secret",
    "clarity_username",
    "clarity_password",
)


class StorefrontChannel(models.Model):
    _name = "storefront.channel"
    _description = "Storefront Channel"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name"

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    platform = fields.Selection(const.PLATFORMS, required=True, default="xcart", tracking=True)
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
    xcart_api_version = fields.Selection(const.XCART_API_VERSIONS, default="5.5", groups=MANAGER)
    xcart_token = fields.Char(string="API token (read/write)", groups=MANAGER, copy=False)
    xcart_legacy_key = fields.Char(string="Legacy REST API key", groups=MANAGER, copy=False)
    clarity_auth_mode = fields.Selection(const.CLARITY_AUTH_MODES, default="oauth2", groups=MANAGER)
    clarity_token_url = fields.Char(string="Token URL", groups=MANAGER)
    clarity_client_id = fields.Char(string="Client ID", groups=MANAGER, copy=False)
    clarity_client_secret = fields.Char(string="Client secret", groups=MANAGER, copy=False)
    clarity_username = fields.Char(string="API user", groups=MANAGER, copy=False)
    clarity_password = fields.Char(string="API password", groups=MANAGER, copy=False)
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
        copy=False, groups=MANAGER, default=lambda self: uuid.uuid4().hex + uuid.uuid4().hex
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

    def _get_client(self):
        """Return the REST client of the channel's platform and API version."""
        self.ensure_one()
        channel = self.sudo()
        if not channel.base_url:
            raise UserError(_("Channel %s has no store URL.", channel.name))
        common = {
            "timeout": (5, channel.request_timeout or 30),
            "rate_limit": channel.rate_limit,
            "rate_key": f"storefront.channel.{channel.id}",
        }
        if channel.platform == "xcart":
            if channel.xcart_api_version == "legacy":
                return get_client(
                    "xcart",
                    api_version="legacy",
                    base_url=channel.base_url,
                    key=channel.xcart_legacy_key,
                    secrets=(channel.xcart_legacy_key,),
                    **common,
                )
            return get_client(
                "xcart",
                api_version="5.5",
                base_url=channel.base_url,
                token=channel.xcart_token,
                secrets=(channel.xcart_token,),
                **common,
            )
        return get_client(
            channel.platform,
            base_url=channel.base_url,
            auth_mode=channel.clarity_auth_mode,
            token_url=channel.clarity_token_url,
            client_id=channel.clarity_client_id,
            client_secret=channel.clarity_client_secret,
            username=channel.clarity_username,
            password=channel.clarity_password,
            secrets=(channel.clarity_client_secret, channel.clarity_password),
            **common,
        )

    def _fetch_object(self, entity, external_id):
        """Fetch one storefront object (order, customer, product) by its id."""
        self.ensure_one()
        if not external_id:
            raise errors.ValidationError(_("The notification carries no object id."))
        client = self._get_client()
        method = const.FETCH_METHODS.get(self.platform, {}).get(entity)
        reader = method and getattr(client, method, None)
        if not reader:
            raise errors.ValidationError(
                _(
                    "%(platform)s objects of type %(entity)s cannot be fetched.",
                    platform=self.platform,
                    entity=entity,
                )
            )
        return reader(external_id)

    def _get_legacy_client(self):
        """Return the legacy X-Cart client when the channel has a legacy key, else None."""
        self.ensure_one()
        channel = self.sudo()
        if channel.platform != "xcart" or not channel.xcart_legacy_key:
            return None
        return get_client(
            "xcart",
            api_version="legacy",
            base_url=channel.base_url,
            key=channel.xcart_legacy_key,
            secrets=(channel.xcart_legacy_key,),
            timeout=(5, channel.request_timeout or 30),
            rate_limit=channel.rate_limit,
            rate_key=f"storefront.channel.{channel.id}",
        )

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
