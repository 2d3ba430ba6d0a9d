"""Order-level money of imported orders: discounts taxed like the lines they reduce,
shipping and fees taxed as the store charged them, a difference within the
tolerance left or rounded. The same for every platform: the mapping gives
``amount_discount`` (untaxed, the coupons' total; what the lines' own net prices
take off already is not taken twice) and ``amount_shipping_tax``, the adapter the
order's fees. Gift cards are a payment, not a discount (``storefront.order.payment``)."""

from odoo import _, api, fields, models
from odoo.tools import float_compare, float_is_zero, float_round

from ..connectors import errors


class StorefrontImportOrder(models.AbstractModel):
    _inherit = "storefront.import.order"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _line_commands(self, channel, obj, values, rate_currency, date):
        commands = super()._line_commands(channel, obj, values, rate_currency, date)
        self._tax_shipping(channel, commands, values, rate_currency, date)
        fees = self._fee_commands(channel, obj, commands, values, rate_currency, date)
        discount = abs(values.get("amount_discount") or 0.0)
        discount = self._convert(discount, rate_currency, channel, date) - self._line_discounts(
            commands
        )
        if float_compare(discount, 0.0, precision_digits=2) > 0:
            commands += self._discount_commands(channel, commands, discount, values)
        return commands + fees

    @api.model
    def _fee_commands(self, channel, obj, commands, values, rate_currency, date):
        """One line per fee of the order, on the channel's fee product, taxed as charged."""
        fees = [
            fee
            for fee in channel._adapter_class().order_fees(obj)
            if not float_is_zero(fee["amount"], precision_digits=2)
        ]
        if fees and not channel.fee_product_id:
            raise errors.ValidationError(
                _(
                    "Order %s has fees but the channel has no fee product.",
                    self._reference(values),
                )
            )
        lines = []
        for fee in fees:
            line = {
                "product_id": channel.fee_product_id.id,
                "name": fee.get("name") or channel.fee_product_id.name,
                "product_uom_qty": 1,
                "price_unit": self._convert(fee["amount"], rate_currency, channel, date),
            }
            if fee.get("tax") is not None:  # else the fee product's own taxes
                charged = self._convert(fee["tax"], rate_currency, channel, date)
                self._tax_as_charged(channel, commands, line, charged)
            lines.append(fields.Command.create(line))
        return lines

    @api.model
    def _line_discounts(self, commands):
        """What the lines' own discounts take off already (the store's net prices)."""
        return sum(
            line["price_unit"] * line["product_uom_qty"] * line.get("discount", 0.0) / 100
            for _command, _id, line in commands
            if not line.get("is_delivery")
        )

    @api.model
    def _line_taxes(self, channel, line_values):
        product = self.env["product.product"].browse(line_values["product_id"])
        return product.taxes_id._filter_taxes_by_company(channel.company_id)

    @api.model
    def _discount_commands(self, channel, commands, discount, values):
        """Discount lines: ``discount`` split over the goods lines' tax sets in proportion
        to their amounts, each line carrying the taxes of the lines it reduces."""
        if not channel.discount_product_id:
            raise errors.ValidationError(
                _(
                    "Order %s has a discount but the channel has no discount product.",
                    self._reference(values),
                )
            )
        bases = {}
        for _command, _id, line in commands:
            if line.get("is_delivery"):
                continue
            amount = line["price_unit"] * line["product_uom_qty"] * (1 - line["discount"] / 100)
            taxes = self._line_taxes(channel, line)
            bases[taxes] = bases.get(taxes, 0.0) + amount
        total = sum(bases.values()) or 1.0
        discount_lines, left = [], discount
        for position, (taxes, base) in enumerate(bases.items()):
            share = left
            if position < len(bases) - 1:
                share = float_round(discount * base / total, precision_digits=2)
            left -= share
            discount_lines.append(
                fields.Command.create(
                    {
                        "product_id": channel.discount_product_id.id,
                        "name": self._discount_label(channel, taxes, len(bases)),
                        "product_uom_qty": 1,
                        "price_unit": -share,
                        "tax_id": [fields.Command.set(taxes.ids)],
                    }
                )
            )
        return discount_lines

    @api.model
    def _discount_label(self, channel, taxes, count):
        name = channel.discount_product_id.name
        if count > 1 and taxes:
            return f"{name} ({', '.join(taxes.mapped('name'))})"
        return name

    @api.model
    def _tax_shipping(self, channel, commands, values, rate_currency, date):
        """Give the shipping line the tax the store charged (see ``_tax_as_charged``)."""
        charged = values.get("amount_shipping_tax")
        shipping = [line for _c, _i, line in commands if line.get("is_delivery")]
        if charged is None or not shipping:
            return
        charged = self._convert(charged, rate_currency, channel, date)
        self._tax_as_charged(channel, commands, shipping[0], charged)

    @api.model
    def _tax_as_charged(self, channel, commands, line, charged):
        """Tax ``line`` as the store charged it: none when it charged none, else the
        first of the line product's or the goods' tax sets that gives the store's
        figure to the cent (else the product's, flagged by the total)."""
        if float_is_zero(charged, precision_digits=2):
            line["tax_id"] = [fields.Command.clear()]
            return
        product = self.env["product.product"].browse(line["product_id"])
        candidates = [product.taxes_id._filter_taxes_by_company(channel.company_id)]
        candidates += [
            self._line_taxes(channel, other)
            for _c, _i, other in commands
            if not other.get("is_delivery")
        ]
        currency = channel.company_id.currency_id
        for taxes in candidates:
            if not taxes:
                continue
            computed = taxes.compute_all(line["price_unit"], currency=currency)
            tax = computed["total_included"] - computed["total_excluded"]
            if float_compare(tax, charged, precision_digits=2) == 0:
                line["tax_id"] = [fields.Command.set(taxes.ids)]
                return

    @api.model
    def _check_total(self, order, log):
        self._round_total(order)
        return super()._check_total(order, log)

    @api.model
    def _round_total(self, order):
        """With the rounding policy, a difference within the tolerance becomes an untaxed
        line on the channel's rounding product: Odoo's total is the storefront's."""
        channel = order.storefront_channel_id
        if channel.total_mismatch_policy != "rounding":
            return
        currency = order.currency_id
        difference = currency.round(order.storefront_amount_total - order.amount_total)
        if currency.is_zero(difference) or (
            float_compare(abs(difference), channel.amount_tolerance, precision_digits=2) > 0
        ):
            return
        if not channel.rounding_product_id:
            raise errors.ValidationError(
                _(
                    "Order %s differs from the storefront's total by a rounding but the "
                    "channel has no rounding product.",
                    order.storefront_reference,
                )
            )
        order.write(
            {
                "order_line": [
                    fields.Command.create(
                        {
                            "product_id": channel.rounding_product_id.id,
                            "name": _("Rounding"),
                            "product_uom_qty": 1,
                            "price_unit": difference,
                            "tax_id": [fields.Command.clear()],
                        }
                    )
                ]
            }
        )
