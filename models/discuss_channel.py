"""The Discuss channel of a company's storefront alerts, for that company's managers only."""

from odoo import _, api, fields, models

from .storefront_connection import MANAGER


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    storefront_alert_company_id = fields.Many2one(
        "res.company",
        string="Storefront alerts of",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
        help="The company whose storefront alerts this channel carries: only the storefront "
        "managers of that company read it.",
    )

    _sql_constraints = [
        (
            "storefront_alert_company_unique",
            "unique(storefront_alert_company_id)",
            "A company has one storefront alerts channel.",
        )
    ]

    @api.model
    def _storefront_alert_channel(self, company):
        """The alerts channel of ``company``, made when its first alert is posted."""
        channels = self.sudo().with_context(active_test=False)
        channel = channels.search([("storefront_alert_company_id", "=", company.id)], limit=1)
        if not channel:
            channel = channels.create(
                {
                    "name": _("Storefront alerts: %s", company.name),
                    "channel_type": "channel",
                    "description": _(
                        "Alerts raised by the storefront channels, and when they clear."
                    ),
                    "group_public_id": self.env.ref(MANAGER).id,
                    "storefront_alert_company_id": company.id,
                }
            )
        channel._storefront_alert_members()
        return channel

    def _storefront_alert_members(self):
        """Members: the active storefront managers of the channel's company, nobody else."""
        Member = self.env["discuss.channel.member"].sudo()
        for channel in self.sudo():
            company = channel.storefront_alert_company_id
            partners = (
                self.env.ref(MANAGER)
                .sudo()
                .users.filtered(lambda user, c=company: user.active and c in user.company_ids)
                .partner_id
            )
            members = channel.channel_member_ids
            stale = members.filtered(lambda member, p=partners: member.partner_id not in p)
            missing = partners - members.partner_id
            stale.unlink()
            Member.create([{"channel_id": channel.id, "partner_id": p.id} for p in missing])
