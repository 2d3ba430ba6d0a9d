"""Webhooks registered in the store from Odoo, for platforms whose API can do it:
one per topic of each inbound flow switched on, repaired by the health check."""

import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..connectors import errors
from .storefront_connection import MANAGER

_logger = logging.getLogger(__name__)


class StorefrontChannel(models.Model):
    _inherit = "storefront.channel"  # pylint: disable=consider-merging-classes-inherited

    can_register_webhooks = fields.Boolean(compute="_compute_can_register_webhooks")
    webhook_registration = fields.Text(
        string="Store webhooks",
        readonly=True,
        copy=False,
        groups=MANAGER,
        help="The webhooks registered in the store, with their status as the store reports it.",
    )
    webhook_registered_date = fields.Datetime(readonly=True, copy=False, groups=MANAGER)

    @api.depends("platform")
    def _compute_can_register_webhooks(self):
        for channel in self:
            channel.can_register_webhooks = bool(
                channel.platform and channel._adapter_class().webhook_topics
            )

    def _webhook_topics(self):
        """The topics of the inbound flows switched on."""
        self.ensure_one()
        topics = []
        for flow, names in self._adapter_class().webhook_topics.items():
            if self[flow]:
                topics.extend(names)
        return topics

    def action_register_webhooks(self):
        """Create or update the store's webhooks to this channel's URL and secret."""
        for channel in self:
            if not channel.can_register_webhooks:
                raise UserError(
                    _("%s cannot register webhooks through its API.", channel._adapter().label)
                )
            try:
                channel._register_webhooks()
            except errors.StorefrontError as exc:
                raise UserError(_("Registering the webhooks failed: %s", exc)) from exc
        return True

    def _register_webhooks(self):
        channel = self.sudo()
        states = channel._adapter().register_webhooks(
            channel.webhook_url, channel.webhook_secret, channel._webhook_topics()
        )
        channel.write(
            {
                "webhook_registration": "\n".join(
                    f"{state['topic']}: {state['status']} (#{state['id']})" for state in states
                ),
                "webhook_registered_date": fields.Datetime.now(),
            }
        )
        return states

    def _repair_webhooks(self):
        """Re-register the webhooks the store disabled or lost; return their topics.

        A store may disable a webhook after repeated failed deliveries and never
        retries them: the poll that follows catches up what they missed.
        """
        self.ensure_one()
        channel = self.sudo()
        if not (channel.can_register_webhooks and channel.webhook_registered_date):
            return []
        topics = channel._webhook_topics()
        try:
            states = channel._adapter().webhook_states(channel.webhook_url)
            broken = [topic for topic in topics if states.get(topic) != "active"]
            if broken:
                channel._register_webhooks()
        except errors.StorefrontError as exc:
            _logger.warning("Checking the webhooks of channel %s failed: %s", self.id, exc)
            return []
        if broken:
            missing = _("missing")
            channel.message_post(
                body=_(
                    "Store webhooks %(topics)s were disabled or missing: re-activated; a "
                    "catch-up poll reads what they missed.",
                    topics=", ".join(f"{topic} ({states.get(topic, missing)})" for topic in broken),
                )
            )
        return broken

    def _poll(self):
        """Check the store's webhooks first: a repaired one is caught up by this poll."""
        with self._poll_transaction() as channel:
            channel._repair_webhooks()
        return super()._poll()

    def action_check_webhooks(self):
        """Health check on demand: repair the store's webhooks and catch up by polling."""
        for channel in self:
            channel._poll()
        return True
