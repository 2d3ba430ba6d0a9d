from odoo import _, api, fields, models
from odoo.tools import float_compare, float_is_zero

from ..connectors import errors
from .storefront_sync_log import payload_hash

CANCEL_EVENT = "order.cancelled"


class StorefrontImportOrder(models.AbstractModel):
    """Storefront orders to sale orders, invoices and payments."""

    _name = "storefront.import.order"
    _description = "Storefront order import"

    @api.model
    def _process_log(self, log):
        """Apply one ``order.*`` event; return the sale order."""
        channel = log.channel_id
        obj, values = log._mapped_object("order")
        binding = self.env["storefront.binding"]._find(channel, "sale.order", values["external_id"])
        order = binding._record() if binding else None
        if log.event_type == CANCEL_EVENT:
            if not order:
                return self._cancel_before_import(log, values)
            return self._cancel(order, values)
        digest = payload_hash(obj)
        if order and not binding._is_newer(values.get("revision"), digest):
            log.response_summary = _("Skipped: this or a newer version is already applied.")
            return order
        if order:
            self._update(order, obj, values, log)
        else:
            order = self._create(channel, obj, values, log)
        binding = self.env["storefront.binding"]._bind(
            channel,
            order,
            values["external_id"],
            revision=values.get("revision"),
            external_hash=digest,
        )
        if order.storefront_held:
            order._storefront_keep_held(obj, log)
        return order

    @api.model
    def _cancel_before_import(self, log, values):
        """Record the cancellation on the order's intent: done at once, never retried.

        However late the import runs (after retries, after the sync log's
        retention deleted this row), it reads the intent and ends cancelled
        (see ``_cancelled_on_store``).
        """
        external_id = str(values["external_id"])
        if log.external_id != external_id:
            log.write({"external_id": external_id})
        self.env["storefront.order.intent"]._record_cancel(log.channel_id, external_id)
        log.response_summary = _(
            "Order %s is cancelled on the storefront before it was imported: it will be "
            "cancelled when it is imported.",
            self._reference(values),
        )
        return None

    @api.model
    def _cancelled_on_store(self, channel, external_id):
        """True when a cancellation of this order was recorded, or waits, runs or was kept."""
        if self.env["storefront.order.intent"]._claim_import(channel, external_id):
            return True
        return bool(
            self.env["storefront.sync.log"].search_count(
                [
                    ("channel_id", "=", channel.id),
                    ("direction", "=", "in"),
                    ("event_type", "=", CANCEL_EVENT),
                    ("external_id", "=", str(external_id)),
                    ("state", "in", ("pending", "running", "done")),
                ]
            )
        )

    # ------------------------------------------------------------------
    # Creation
    # ------------------------------------------------------------------

    @api.model
    def _reference(self, values):
        return values.get("client_order_ref") or values.get("external_id")

    @api.model
    def _create(self, channel, obj, values, log):
        order = self._new_order(
            channel,
            obj,
            values,
            team_id=channel.team_id.id or False,
            client_order_ref=self._reference(values),
            origin=f"{channel.name} {self._reference(values)}",
            note=values.get("note") or False,
        )
        self._flow_received(order, values, log)
        self._check_total(order, log)
        if self._cancelled_on_store(channel, values["external_id"]):
            self._cancel(order, values)
            log.response_summary = _("Imported cancelled: the storefront cancelled it first.")
            return order
        self._apply_status(order, obj, values, log)
        return order

    @api.model
    def _new_order(self, channel, obj, values, **extra):
        """The sale order of a storefront order, lines and storefront total included
        (``extra``: more values of the order)."""
        currency = self._currency(values)
        partner, invoice_address, delivery_address = self._partners(channel, obj, values)
        pricelist = self._pricelist(channel, currency)
        rate_currency = currency if channel.currency_mode == "convert" else None
        date_order = values.get("date_order") or fields.Datetime.now()
        order = (
            self.env["sale.order"]
            .with_company(channel.company_id)
            .create(
                {
                    "partner_id": partner.id,
                    "partner_invoice_id": invoice_address.id,
                    "partner_shipping_id": delivery_address.id,
                    "pricelist_id": pricelist.id,
                    "company_id": channel.company_id.id,
                    "date_order": date_order,
                    "storefront_channel_id": channel.id,
                    "storefront_reference": self._reference(values),
                    "storefront_currency_id": currency.id,
                    "storefront_currency_rate": self._rate(
                        currency, rate_currency, channel, date_order
                    ),
                    "order_line": self._line_commands(
                        channel, obj, values, rate_currency, date_order
                    ),
                    **extra,
                }
            )
        )
        order.storefront_amount_total = self._convert(
            values.get("amount_total") or 0.0, rate_currency, channel, order.date_order
        )
        return order

    @api.model
    def _currency(self, values):
        code = (values.get("currency") or "").upper()
        currency = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("name", "=", code)], limit=1)
        )
        if not currency or not currency.active:
            raise errors.ValidationError(
                _("Currency %s of the order is unknown or not active in Odoo.", code or "?")
            )
        return currency

    @api.model
    def _partners(self, channel, obj, values):
        importer = self.env["storefront.import.customer"]
        billing, shipping = channel._adapter_class().order_addresses(obj)
        billing = channel._map("address", billing or {})
        shipping = channel._map("address", shipping) if shipping else billing
        email = values.get("email") or billing.get("email")
        partner, owned = importer._match_partner_owned(
            channel, values.get("customer_external_id"), email, billing.get("name")
        )
        if owned:
            importer._complete_address(channel, partner, billing)
        invoice_address = importer._address(channel, partner, billing, "invoice")
        delivery_address = importer._address(channel, partner, shipping, "delivery")
        return partner, invoice_address, delivery_address

    @api.model
    def _pricelist(self, channel, currency):
        """A pricelist in the order currency (or the company's when converting)."""
        if channel.currency_mode == "convert":
            currency = channel.company_id.currency_id
        if channel.pricelist_id and channel.pricelist_id.currency_id == currency:
            return channel.pricelist_id
        Pricelist = self.env["product.pricelist"]
        domain = [
            ("currency_id", "=", currency.id),
            ("company_id", "in", (False, channel.company_id.id)),
        ]
        return Pricelist.search(domain, limit=1) or Pricelist.create(
            {
                "name": _("Storefront %s", currency.name),
                "currency_id": currency.id,
                "company_id": channel.company_id.id,
            }
        )

    @api.model
    def _line_commands(self, channel, obj, values, rate_currency, date):
        lines = channel._adapter_class().order_lines(obj)
        items = [channel._map("order_line", item) for item in lines]
        if not items:
            raise errors.ValidationError(_("Order %s has no lines.", self._reference(values)))
        products = self._products(channel, items, values)
        commands = []
        for item in items:
            price = self._convert(item["price_unit"], rate_currency, channel, date)
            net = item.get("price_net")
            discount = 0.0
            if net is not None and item["price_unit"] and net < item["price_unit"]:
                discount = (1 - net / item["price_unit"]) * 100
            commands.append(
                fields.Command.create(
                    {
                        "product_id": products[item["sku"]].id,
                        "name": item.get("name") or products[item["sku"]].display_name,
                        "product_uom_qty": item["quantity"],
                        "price_unit": price,
                        "discount": discount,
                    }
                )
            )
        shipping = values.get("amount_shipping") or 0.0
        if not float_is_zero(shipping, precision_digits=2):
            if not channel.delivery_product_id:
                raise errors.ValidationError(
                    _(
                        "Order %s charges shipping but the channel has no shipping product.",
                        self._reference(values),
                    )
                )
            commands.append(
                fields.Command.create(
                    {
                        "product_id": channel.delivery_product_id.id,
                        "name": values.get("carrier_name") or channel.delivery_product_id.name,
                        "product_uom_qty": 1,
                        "price_unit": self._convert(shipping, rate_currency, channel, date),
                        "is_delivery": True,
                    }
                )
            )
        return commands

    @api.model
    def _products(self, channel, items, values):
        importer = self.env["storefront.import.product"]
        products = self.env["storefront.binding"]._match_lines(channel, items)
        for item in items:
            if item["sku"] in products:
                continue
            if not channel.create_missing_products:
                raise errors.BusinessError(
                    _(
                        "SKU %(sku)s of order %(order)s matches no product in Odoo (internal "
                        "reference or barcode). Create the product, or let the channel create "
                        "missing products, then requeue.",
                        sku=item["sku"],
                        order=self._reference(values),
                    )
                )
            products[item["sku"]] = importer._create_missing(
                item["sku"], item.get("name"), item.get("price_unit")
            )
        return products

    @api.model
    def _rate(self, currency, rate_currency, channel, date):
        """One unit of the storefront currency in the order currency, at the order date."""
        if not rate_currency:
            return 1.0
        company = channel.company_id
        return currency._get_conversion_rate(
            currency, company.currency_id, company, fields.Date.to_date(date) or fields.Date.today()
        )

    @api.model
    def _convert(self, amount, from_currency, channel, date):
        """A storefront amount in the order currency.

        Converted (when the channel says so, ``from_currency`` set) into the
        channel company's currency at the order date: every amount of an order
        goes through here once, from the storefront's own figure.
        """
        if not from_currency:
            return amount
        company = channel.company_id
        return from_currency._convert(
            amount, company.currency_id, company, fields.Date.to_date(date) or fields.Date.today()
        )

    # ------------------------------------------------------------------
    # Checks and status (payment: storefront.order.payment, risk: storefront.order.risk)
    # ------------------------------------------------------------------

    @api.model
    def _check_total(self, order, log):
        channel = order.storefront_channel_id
        difference = abs(order.amount_total - order.storefront_amount_total)
        if float_compare(difference, channel.amount_tolerance, precision_digits=2) <= 0:
            order.write({"storefront_amount_mismatch": False, "storefront_mismatch_message": False})
            return True
        message = _(
            "Total mismatch: the storefront says %(store)s, Odoo computes %(odoo)s "
            "(taxes or prices differ). The order is left as a quotation for review.",
            store=order.storefront_amount_total,
            odoo=order.amount_total,
        )
        order.write({"storefront_amount_mismatch": True, "storefront_mismatch_message": message})
        order.message_post(body=message)
        log.response_summary = message
        return False

    @api.model
    def _apply_status(self, order, obj, values, log):
        status = values.get("status") or "draft"
        if order.state == "cancel":
            return order
        Payment = self.env["storefront.order.payment"]
        if status == "confirm" and Payment._fully_captured(order, obj, values):
            status = "paid"
        if status == "cancel":
            return self._cancel(order, values)
        if status not in ("confirm", "paid", "refunded") or order.storefront_amount_mismatch:
            return order
        if self.env["storefront.order.risk"]._storefront_risk_hold(order, obj, values, log):
            return order
        if order.state in ("draft", "sent"):
            placed = order.date_order
            order.action_confirm()
            # The order date stays the storefront's: amounts convert at it.
            order.date_order = placed
        if status == "paid" and not order.invoice_ids and not Payment._payment_of(order, values):
            Payment._invoice_and_pay(order, obj, values)
        return order

    # ------------------------------------------------------------------
    # Updates and cancellation
    # ------------------------------------------------------------------

    @api.model
    def _update(self, order, obj, values, log):
        """Apply what may still change: lines while a quotation, then the status."""
        channel = order.storefront_channel_id
        if order.state in ("draft", "sent"):
            rate_currency = self._currency(values) if channel.currency_mode == "convert" else None
            date = order.date_order
            order.order_line.unlink()
            order.write(
                {"order_line": self._line_commands(channel, obj, values, rate_currency, date)}
            )
            order.storefront_amount_total = self._convert(
                values.get("amount_total") or 0.0, rate_currency, channel, date
            )
            self._check_total(order, log)
        self._apply_status(order, obj, values, log)
        return order

    @api.model
    def _cancel(self, order, values):
        if order.state == "cancel":
            return order
        if order.picking_ids.filtered(lambda p: p.state == "done"):
            raise errors.BusinessError(
                _(
                    "Order %s is cancelled on the storefront but Odoo has already shipped it: "
                    "arrange a return with the customer.",
                    order.storefront_reference,
                )
            )
        if order.invoice_ids.filtered(lambda m: m.state == "posted"):
            raise errors.BusinessError(
                _(
                    "Order %s is cancelled on the storefront but is invoiced in Odoo: issue a "
                    "credit note.",
                    order.storefront_reference,
                )
            )
        # Cancelled by the storefront itself: nothing to push back.
        order.with_context(storefront_import=True)._action_cancel()
        return order
