"""Working defaults, the setup checklist and the connection test of a channel."""

from markupsafe import Markup, escape

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..connectors import errors
from ..connectors.base import parse_storefront_date
from .storefront_channel import CREDENTIAL_FIELDS

SHIPPING_PRODUCT_XMLID = "storefront_connector.product_storefront_shipping"


class StorefrontChannel(models.Model):
    _inherit = "storefront.channel"  # pylint: disable=consider-merging-classes-inherited

    setup_checklist = fields.Html(
        compute="_compute_setup_checklist", sanitize=False, string="Setup checklist"
    )
    setup_missing_count = fields.Integer(compute="_compute_setup_checklist")
    has_imported_order = fields.Boolean(compute="_compute_setup_checklist")
    last_test_date = fields.Datetime(string="Last connection test", readonly=True, copy=False)
    last_test_result = fields.Char(string="Connection test result", readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Defaults
    # ------------------------------------------------------------------

    def _apply_working_defaults(self):
        """Fill what an order needs and the admin left empty.

        The company's first warehouse, its first bank journal, the shared
        "Storefront shipping" service product and a sales team: with these a
        paid order with shipping imports without any further setting.
        """
        for channel in self.sudo():
            company = channel.company_id
            values = {}
            if not channel.warehouse_ids:
                warehouse = self.env["stock.warehouse"].search(
                    [("company_id", "=", company.id)], limit=1
                )
                if warehouse:
                    values["warehouse_ids"] = [Command.set(warehouse.ids)]
            if not channel.payment_journal_id:
                journal = self.env["account.journal"].search(
                    [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
                )
                if journal:
                    values["payment_journal_id"] = journal.id
            if not channel.delivery_product_id:
                values["delivery_product_id"] = self._get_default_shipping_product().id
            if not channel.team_id:
                team = self.env["crm.team"].search(
                    [("company_id", "in", (False, company.id))], limit=1
                )
                if team:
                    values["team_id"] = team.id
            if values:
                channel.write(values)

    @api.model
    def _get_default_shipping_product(self):
        """Return the "Storefront shipping" service product, created on first use."""
        product = self.env.ref(SHIPPING_PRODUCT_XMLID, raise_if_not_found=False)
        if product:
            return product
        product = (
            self.env["product.product"]
            .sudo()
            .create(
                {
                    "name": _("Storefront shipping"),
                    "default_code": "STOREFRONT-SHIPPING",
                    "type": "service",
                    "list_price": 0.0,
                    "sale_ok": True,
                    "purchase_ok": False,
                    "invoice_policy": "order",
                    "taxes_id": [Command.clear()],
                    "supplier_taxes_id": [Command.clear()],
                }
            )
        )
        self.env["ir.model.data"].sudo().create(
            {
                "module": "storefront_connector",
                "name": SHIPPING_PRODUCT_XMLID.split(".")[1],
                "model": "product.product",
                "res_id": product.id,
                "noupdate": True,
            }
        )
        return product

    # ------------------------------------------------------------------
    # Checklist
    # ------------------------------------------------------------------

    def _get_setup_checks(self):
        """Return ``[(label, ok)]``: what an order or a push needs on this channel."""
        self.ensure_one()
        channel = self.sudo()
        credentials = channel._adapter_class()(channel._adapter_settings()).credentials_complete()
        return [
            (_("Store URL"), bool(channel.base_url)),
            (_("API credentials"), bool(credentials)),
            (_("Connection tested"), bool(channel.last_test_date)),
            (_("Warehouse publishing stock"), bool(channel.warehouse_ids)),
            (_("Payment journal for paid orders"), bool(channel.payment_journal_id)),
            (_("Shipping product for shipping charges"), bool(channel.delivery_product_id)),
            (_("Sales team"), bool(channel.team_id)),
            (_("Webhook secret"), bool(channel.webhook_secret)),
        ]

    @api.depends(
        "platform",
        *CREDENTIAL_FIELDS,
        "last_test_date",
        "warehouse_ids",
        "payment_journal_id",
        "delivery_product_id",
        "team_id",
        "webhook_secret",
    )
    def _compute_setup_checklist(self):
        with_orders = set()
        if self.ids:
            groups = (
                self.env["sale.order"]
                .sudo()
                ._read_group([("storefront_channel_id", "in", self.ids)], ["storefront_channel_id"])
            )
            with_orders = {channel.id for (channel,) in groups}
        for channel in self:
            if not channel.id:
                channel.setup_checklist = False
                channel.setup_missing_count = 0
                channel.has_imported_order = False
                continue
            checks = channel._get_setup_checks()
            # HTML, not XML: an <i/> would hold the label and every item after it.
            items = Markup("").join(
                Markup('<li class="col"><i class="fa fa-fw %s"></i> %s</li>')
                % ("fa-check text-success" if ok else "fa-times text-danger", escape(label))
                for label, ok in checks
            )
            columns = "row row-cols-1 row-cols-md-2 row-cols-xl-4"
            channel.setup_checklist = Markup('<ul class="list-unstyled mb-0 %s">%s</ul>') % (
                columns,
                items,
            )
            channel.setup_missing_count = sum(1 for _label, ok in checks if not ok)
            channel.has_imported_order = channel.id in with_orders

    # ------------------------------------------------------------------
    # Connection test
    # ------------------------------------------------------------------

    def _test_connection(self):
        """Read the store with the channel's credentials; return ``(ok, message)``.

        Only GET calls: products (counted up to a bound) and the newest order.
        The error message is the classified client error, secrets redacted.
        """
        self.ensure_one()
        try:
            products, dates = self._adapter().store_summary()
        except errors.AuthError as exc:
            return False, _("Credentials refused: %s", errors.error_text(exc, self.env.lang))
        except errors.TransientError as exc:
            return False, _(
                "Store unreachable (temporary error): %s", errors.error_text(exc, self.env.lang)
            )
        except errors.StorefrontError as exc:
            return False, _(
                "The store answered with an error: %s", errors.error_text(exc, self.env.lang)
            )
        except UserError as exc:
            return False, str(exc.args[0] if exc.args else exc)
        except (ValueError, TypeError, AttributeError) as exc:
            return False, _(
                "The store answered with something unexpected (%s).", type(exc).__name__
            )
        dates = [d for d in map(parse_storefront_date, dates) if d]
        when = fields.Datetime.to_string(max(dates)) if dates else _("no order yet")
        return True, _(
            "Connected: %(products)s products, last order %(when)s.",
            products=products,
            when=when,
        )

    def action_test_connection(self):
        """Test the credentials (read-only) and show the result in a notification."""
        self.ensure_one()
        ok, message = self._test_connection()
        values = {"last_test_result": message}
        if ok:
            values["last_test_date"] = fields.Datetime.now()
        self.sudo().write(values)
        if ok and self.sudo().health_state == "auth_failed":
            self.sudo().write({"health_state": "ok", "last_error": False})
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if ok else "danger",
                "title": _("Connection test: %s", self.name),
                "message": message,
                "sticky": not ok,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
