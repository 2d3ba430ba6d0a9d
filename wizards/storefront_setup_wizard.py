"""Connect a storefront: platform, URL, credentials, a test, warehouses, first index."""

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..connectors import errors, get_adapter_class
from .dialog import reopen


class StorefrontSetupWizard(models.TransientModel):
    """The platform, URL and credentials are the channel's own connection fields
    (``storefront.connection``): a platform added later appears here as well."""

    _name = "storefront.setup.wizard"
    _description = "Connect a storefront"
    _inherit = ["storefront.connection"]

    name = fields.Char(required=True, default=lambda self: _("Web store"))
    base_url = fields.Char(required=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda s: s.env.company)
    warehouse_ids = fields.Many2many(
        "stock.warehouse",
        string="Warehouses",
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
        help="Warehouses whose free stock is published to the storefront.",
    )
    index_catalogue = fields.Boolean(
        string="Index the catalogue now",
        default=True,
        help="Read the storefront's products and bind the Odoo products with the same SKU.",
    )
    can_register_webhooks = fields.Boolean(compute="_compute_can_register_webhooks")
    register_webhooks = fields.Boolean(
        string="Register the store's webhooks",
        default=True,
        help="Create the store's webhooks to this channel's address and secret, so that "
        "changes arrive at once.",
    )
    test_state = fields.Selection(
        [("untested", "Not tested"), ("ok", "Connected"), ("failed", "Failed")],
        default="untested",
        readonly=True,
    )
    test_message = fields.Char(readonly=True)

    @api.depends("platform")
    def _compute_can_register_webhooks(self):
        for wizard in self:
            wizard.can_register_webhooks = bool(
                wizard.platform and get_adapter_class(wizard.platform).webhook_topics
            )

    def _channel_values(self):
        self.ensure_one()
        values = self._connection_values()
        values.update(name=self.name, company_id=self.company_id.id)
        if self.warehouse_ids:
            values["warehouse_ids"] = [Command.set(self.warehouse_ids.ids)]
        return values

    def _reopen(self):
        return reopen(self)

    def action_test(self):
        """Test the credentials on a channel that is rolled back at once."""
        self.ensure_one()
        result = {}
        # created outside the savepoint: the shared product must outlive the rollback
        self.env["storefront.channel"]._get_default_shipping_product()
        try:
            with self.env.cr.savepoint(flush=True) as savepoint:
                channel = self.env["storefront.channel"].create(self._channel_values())
                result["ok"], result["message"] = channel._test_connection()
                savepoint.rollback()
        except (UserError, errors.StorefrontError) as exc:
            result = {"ok": False, "message": errors.error_text(exc, self.env.lang)}
        self.write(
            {"test_state": "ok" if result["ok"] else "failed", "test_message": result["message"]}
        )
        return self._reopen()

    def action_connect(self):
        """Create the channel, index the catalogue if asked, and open the channel."""
        self.ensure_one()
        channel = self.env["storefront.channel"].create(self._channel_values())
        ok, message = channel._test_connection()
        values = {"last_test_result": message}
        if ok:
            values["last_test_date"] = fields.Datetime.now()
        channel.sudo().write(values)
        if ok and self.index_catalogue:
            self._index_catalogue(channel)
        if ok and self.register_webhooks and self.can_register_webhooks:
            self._register_webhooks(channel)
        elif not ok:
            channel.message_post(body=_("Connection test failed: %s", message))
        action = channel.action_open_dashboard_channel()
        action.update(
            target="current",
            context={
                "storefront_show_webhook_instructions": not channel.sudo().webhook_registration
            },
        )
        return action

    def _index_catalogue(self, channel):
        """Start the catalogue index in the processing cron, page by page."""
        channel.action_index_catalogue()
        channel.message_post(
            body=_("Catalogue index started: the match review shows what it binds.")
        )

    def _register_webhooks(self, channel):
        """The store's webhooks, registered by the channel; a failure is told on the channel."""
        try:
            with self.env.cr.savepoint():
                channel.action_register_webhooks()
            channel.message_post(
                body=_("Store webhooks registered:\n%s", channel.sudo().webhook_registration)
            )
        except UserError as exc:
            channel.message_post(body=errors.error_text(exc, self.env.lang))

    @api.onchange("platform", "base_url")
    def _onchange_platform(self):
        if self.platform and self.base_url:
            suggested = get_adapter_class(self.platform).default_settings(self.base_url)
            for name, value in suggested.items():
                if not self[name]:
                    self[name] = value
        self.test_state = "untested"
