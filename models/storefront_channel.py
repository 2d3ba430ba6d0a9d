"""A storefront channel: identity, connection, health, adapter, mappings and retry policy.

The other concerns of the channel extend it in their own files: intake
(``_intake``, ``_polling``), outbound, dashboard, setup, risk, the mapping
sample, and each platform's connection fields (``storefront.connection``).
"""

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import const
from ..connectors import ADAPTERS, errors, get_adapter_class
from ..tools.mapping import apply_mapping

# Writing any of these gives the channel a fresh chance after an auth failure.
CREDENTIAL_FIELDS = tuple(
    dict.fromkeys(
        ["base_url", *(name for cls in ADAPTERS.values() for name in cls.credential_fields)]
    )
)


class StorefrontChannel(models.Model):
    _name = "storefront.channel"
    _description = "Storefront Channel"
    _inherit = ["mail.thread", "mail.activity.mixin", "storefront.connection"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        help="Receives an activity when the storefront refuses the credentials.",
    )
    # Connection: the platform, the store URL and the platform's credentials come from
    # storefront.connection (models/storefront_connection.py and the platform files).
    request_timeout = fields.Integer(default=30, help="Read timeout of one request, in seconds.")
    rate_limit = fields.Float(string="Requests per second", default=5.0, help="0 means no limit.")

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
        ("max_attempts_positive", "CHECK(max_attempts > 0)", "Max attempts must be positive."),
    ]

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
        """A new channel gets its platform's mappings, then working defaults (setup)."""
        channels = super().create(vals_list)
        channels._install_default_mappings()
        channels._apply_working_defaults()
        return channels

    def write(self, vals):
        """New credentials give the channel a fresh chance after an auth failure (the
        rows they stopped run again now); a watermark set by hand restarts every
        entity's polling from it."""
        renewed = any(name in vals for name in CREDENTIAL_FIELDS) and "health_state" not in vals
        if renewed:
            vals = dict(vals, health_state="ok", last_error=False)
        if "poll_watermark" in vals and "poll_state" not in vals:
            vals = dict(vals, poll_state=False)
        result = super().write(vals)
        if renewed:
            self.env["storefront.sync.log"]._wake()
        return result

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

    def action_reset_mappings(self):
        """Replace the channel's mappings by the platform defaults."""
        self.field_mapping_ids.unlink()
        self.value_map_ids.unlink()
        self._install_default_mappings()

    def action_pause(self):
        self.write({"health_state": "paused"})

    def action_resume(self):
        self.write({"health_state": "ok", "last_error": False})
        self.env["storefront.sync.log"]._wake()

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

    def _adapter_settings(self):
        """The channel's values of the settings its adapter declares it reads."""
        self.ensure_one()
        adapter_class = self._adapter_class()
        names = ("base_url", *adapter_class.credential_fields, *adapter_class.option_fields)
        return {name: self[name] for name in names}

    def _adapter(self):
        """The adapter of the channel's platform, built from the channel's settings.

        Every call to the storefront goes through it (see ``connectors/``).
        """
        self.ensure_one()
        # The credentials are readable by managers only: the crons' user reads
        # them with sudo to build the client, never to show or write them.
        channel = self.sudo()
        if not channel.base_url:
            raise UserError(_("Channel %s has no store URL.", channel.name))
        # The clients count their calls in memory: store them once this transaction ends.
        self.env["storefront.api.stat"]._flush_counts_after_commit()
        return channel._adapter_class()(
            channel._adapter_settings(),
            timeout=channel.request_timeout or 30,
            rate_limit=channel.rate_limit,
            rate_key=f"storefront.channel.{channel.id}",
            rate_gate=self.env["storefront.rate.slot"]._gate(channel),
            # The sync engine's end of the current row: no call or retry past it.
            deadline=self.env.context.get("storefront_deadline"),
        )

    def _fetch_object(self, entity, external_id):
        """Fetch one storefront object (order, customer, product) by its id."""
        self.ensure_one()
        if not external_id:
            raise errors.ValidationError(_("The notification carries no object id."))
        return self._adapter().fetch(entity, external_id)

    def _fetch_refund(self, order_id, refund_id):
        """Fetch one refund of a storefront order, in the refund shape."""
        self.ensure_one()
        if not order_id:
            raise errors.ValidationError(_("The notification carries no object id."))
        refund = self._adapter().fetch_refund(order_id, refund_id)
        if not refund:
            raise errors.BusinessError(
                _(
                    "Order %(order)s lists no refund %(refund)s on the storefront: nothing "
                    "credited.",
                    order=order_id,
                    refund=refund_id,
                )
            )
        return refund

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
        # Read as the superuser, checked against the user who maps: the crons' one.
        lines._check_targets_writable(self.env)
        return [line._as_engine_line() for line in lines.sorted("sequence")]

    def _map(self, entity, payload):
        """Apply the channel's mappings of ``entity`` to a storefront object."""
        return apply_mapping(payload, self._get_mapping_lines(entity), self._get_value_maps())
