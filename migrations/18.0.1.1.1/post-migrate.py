"""The one "Storefront alerts" Discuss channel, readable by every internal user, is closed.

Alerts now go to one channel per company, for that company's storefront
managers (``discuss.channel._storefront_alert_channel``). The old channel
becomes its company's when the storefront channels are all of one company;
holding the alerts of several companies, it is left to the administrators.
"""

from odoo import SUPERUSER_ID, Command, api

OLD_CHANNEL = "storefront_connector.discuss_channel_storefront_alerts"
MANAGER = "storefront_connector.group_storefront_manager"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    channel = env.ref(OLD_CHANNEL, raise_if_not_found=False)
    if not channel:
        return
    channels = env["storefront.channel"].with_context(active_test=False).search([])
    companies = channels.company_id
    if len(companies) > 1:
        admins = env.ref("base.group_system")
        channel.write({"group_ids": [Command.clear()], "group_public_id": admins.id})
        channel.channel_member_ids.filtered(
            lambda member: not (member.partner_id.user_ids.groups_id & admins)
        ).unlink()
        return
    channel.write(
        {
            "group_ids": [Command.clear()],
            "group_public_id": env.ref(MANAGER).id,
            "storefront_alert_company_id": (companies or env.ref("base.main_company")).id,
        }
    )
    channel._storefront_alert_members()
