"""The risk of a storefront order, scored before the importer confirms it."""

from datetime import timedelta

from odoo import _, api, models
from odoo.tools import escape_psql

from ..tools.risk import score_order

CUSTOMER_ORDERS = 20
CUSTOMER_LINES = 30
STORE_ORDERS = 200
SKU_LINES = 50


class StorefrontOrderRisk(models.AbstractModel):
    """Order risk, read before the importer confirms an order."""

    _name = "storefront.order.risk"
    _description = "Storefront order risk"

    @api.model
    def _storefront_risk_hold(self, order, obj, values, log):
        """Hook called before confirmation: score the order, hold it when its risk is high.

        Returns True when the import must stop here (the order stays a quotation, held,
        with its facts; the channel's responsible gets an activity). An order released
        after review, or already confirmed, is not scored again.
        """
        if order.storefront_held:
            log.response_summary = _("Order %s is still held for review.", order.name)
            return True
        if order.storefront_risk_released or order.state not in ("draft", "sent"):
            return False
        channel = order.storefront_channel_id
        if self._risk_whitelisted(order, channel, values):
            order.write(
                {
                    "storefront_risk_score": 0,
                    "storefront_risk_level": "none",
                    "storefront_risk_facts": _("The customer is on the channel's whitelist."),
                }
            )
            return False
        result = self._risk_score(order)
        if result["level"] != "high" or channel.risk_high_action != "hold":
            return False
        self._risk_hold(order, log)
        return True

    @api.model
    def _risk_score(self, order):
        """Score the order's risk and write it on the order, its facts in the language of
        the environment; return the ``tools.risk.score_order`` result."""
        result = score_order(
            self._risk_order(order),
            self._risk_history(order),
            order.storefront_channel_id._risk_settings(),
            lang=self.env.lang,
        )
        order.write(order._storefront_risk_fields(result))
        return result

    @api.model
    def _risk_whitelisted(self, order, channel, values):
        """True when the store's customer account of the order is a whitelisted partner's.

        Only the account the store authenticated counts, through its binding: an
        email typed at a guest checkout matches a partner but proves nothing about
        who ordered, so such an order is scored on its own facts.
        """
        external_id = values.get("customer_external_id")
        if not (external_id and channel.risk_whitelist_ids):
            return False
        customer = self.env["storefront.binding"]._to_internal(channel, "res.partner", external_id)
        trusted = customer.commercial_partner_id
        return (
            bool(customer)
            and trusted in channel.risk_whitelist_ids
            and trusted == order.partner_id.commercial_partner_id
        )

    @api.model
    def _risk_hold(self, order, log):
        channel = order.storefront_channel_id
        order.write({"storefront_held": True, "storefront_risk_log_id": log.id})
        summary = _(
            "Order %(order)s held for review: risk %(score)s (%(level)s).",
            order=order.name,
            score=order.storefront_risk_score,
            level=order.storefront_risk_level,
        )
        order.message_post(body=f"{summary}\n{order.storefront_risk_facts}")
        order.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=order._storefront_hold_summary(),
            note=order.storefront_risk_facts,
            user_id=(channel.user_id or self.env.ref("base.user_admin")).id,
        )
        log.response_summary = f"{summary} {order.storefront_risk_facts}"

    @api.model
    def _risk_order(self, order):
        """The order as ``tools.risk`` reads it (amounts in the order currency)."""
        company = order.company_id
        lines = []
        for line in order.order_line.filtered(lambda ln: not ln.is_delivery and ln.product_id):
            cost = company.currency_id._convert(
                line.product_id.standard_price, order.currency_id, company, order.date_order
            )
            lines.append(
                {
                    "sku": line.product_id.default_code or str(line.product_id.id),
                    "product_id": line.product_id.id,
                    "quantity": line.product_uom_qty,
                    "price_unit": line.price_unit * (1 - (line.discount or 0.0) / 100),
                    "cost": cost,
                }
            )
        return {
            "total": order.storefront_amount_total or order.amount_total,
            "email": order.partner_id.email,
            "date": order.date_order,
            "billing_country": order.partner_invoice_id.country_id.code,
            "shipping_country": order.partner_shipping_id.country_id.code,
            "lines": lines,
        }

    @api.model
    def _risk_history(self, order):
        """What the facts compare with: confirmed orders of the customer and the store.

        Only orders of the channel's company count, read with the rights of the user
        scoring (the crons' Storefront Integration user, who is in every company).
        """
        SaleOrder = self.env["sale.order"]
        Line = self.env["sale.order.line"]
        channel = order.storefront_channel_id
        company = channel.company_id
        customer = order.partner_id.commercial_partner_id
        confirmed = [
            ("company_id", "=", company.id),
            ("state", "=", "sale"),
            ("id", "!=", order.id),
        ]
        customer_orders = SaleOrder.search_read(
            [*confirmed, ("partner_id", "child_of", customer.id)],
            ["amount_total"],
            order="date_order desc, id desc",
            limit=CUSTOMER_ORDERS,
        )
        store_orders = SaleOrder.search_read(
            [*confirmed, ("storefront_channel_id", "=", channel.id)],
            ["amount_total"],
            order="date_order desc, id desc",
            limit=STORE_ORDERS,
        )
        line_domain = [
            ("company_id", "=", company.id),
            ("order_id.state", "=", "sale"),
            ("order_id", "!=", order.id),
            ("is_delivery", "=", False),
        ]
        customer_lines = Line.search_read(
            [*line_domain, ("order_partner_id", "child_of", customer.id)],
            ["product_uom_qty"],
            order="id desc",
            limit=CUSTOMER_LINES,
        )
        sku_quantities = {}
        for line in self._risk_order(order)["lines"]:
            rows = Line.search_read(
                [
                    *line_domain,
                    ("product_id", "=", line["product_id"]),
                    ("order_id.storefront_channel_id", "=", channel.id),
                ],
                ["product_uom_qty"],
                order="id desc",
                limit=SKU_LINES,
            )
            sku_quantities[line["sku"]] = [row["product_uom_qty"] for row in rows]
        return {
            "customer_totals": [row["amount_total"] for row in customer_orders],
            "store_totals": [row["amount_total"] for row in store_orders],
            "customer_quantities": [row["product_uom_qty"] for row in customer_lines],
            "sku_quantities": sku_quantities,
            "email_dates": self._risk_email_dates(order, channel),
        }

    @api.model
    def _risk_email_dates(self, order, channel):
        email = order.partner_id.email
        if not (email and order.date_order):
            return []
        since = order.date_order - timedelta(minutes=channel._risk_settings()["window_minutes"])
        recent = self.env["sale.order"].search(
            [
                ("company_id", "=", channel.company_id.id),
                ("id", "!=", order.id),
                ("state", "!=", "cancel"),
                ("storefront_channel_id", "=", channel.id),
                ("partner_id.email", "=ilike", escape_psql(email)),
                ("date_order", ">=", since),
                ("date_order", "<=", order.date_order),
            ]
        )
        return recent.mapped("date_order")
