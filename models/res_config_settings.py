from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    storefront_metrics_token = fields.Char(
        string="Metrics bearer token",
        config_parameter="storefront_connector.metrics_token",
        help="Prometheus scrapes /storefront/metrics with 'Authorization: Bearer <token>'. "
        "Empty: the endpoint answers 404.",
    )
