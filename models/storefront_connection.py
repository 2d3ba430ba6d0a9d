"""How Odoo reaches a store: the platform, the store URL and the platform's credentials.

Shared by the channel and the setup wizard. Each platform's file
(``storefront_channel_<platform>.py``) adds its credential and option fields
here, as ``payment_stripe`` adds its ``stripe_*`` fields to ``payment.provider``:
the channel and the wizard then both carry them, declared once.
"""

from odoo import fields, models

from ..connectors import platform_selection

MANAGER = "storefront_connector.group_storefront_manager"


def secret_field(string):
    """A credential field: managers only, never copied nor exported."""
    return fields.Char(string=string, groups=MANAGER, copy=False, exportable=False)


def default_platform():
    """The first platform in sequence."""
    return platform_selection()[0][0]


class StorefrontConnection(models.AbstractModel):
    _name = "storefront.connection"
    _description = "Storefront connection settings"

    platform = fields.Selection(
        platform_selection(), required=True, default=lambda self: default_platform(), tracking=True
    )
    base_url = fields.Char(string="Store URL", groups=MANAGER)

    def _valid_field_parameter(self, field, name):
        # ``tracking`` takes effect on the channel (a mail.thread); the wizard ignores it.
        return name == "tracking" or super()._valid_field_parameter(field, name)

    def _connection_values(self):
        """The connection settings as field values (the wizard copies them to its channel)."""
        self.ensure_one()
        names = [
            name
            for name, field in self.env["storefront.connection"]._fields.items()
            if field.store and name != "id"
        ]
        return {name: self[name] for name in names}
