"""The storefront crons run as the Storefront Integration user, not the superuser.

Their records are ``noupdate``: an upgrade does not rewrite their user itself.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    user = env.ref("storefront_connector.user_storefront_integration", raise_if_not_found=False)
    if not user:
        return
    crons = env["ir.model.data"].search(
        [("module", "=", "storefront_connector"), ("model", "=", "ir.cron")]
    )
    env["ir.cron"].browse(crons.mapped("res_id")).write({"user_id": user.id})
