"""The base of the order import tests."""

import copy

from odoo import Command

from .common import ReleaseChecks, StorefrontCase, load_sample


class ImportCase(ReleaseChecks, StorefrontCase):
    """Both sample storefronts, with the taxes that make their totals agree with Odoo's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.EUR").active = True
        Tax = cls.env["account.tax"]
        cls.tax_fixed = Tax.create(
            {"name": "Sales tax 3.00 per unit", "amount": 3.0, "amount_type": "fixed"}
        )
        cls.vat19 = Tax.create({"name": "VAT 19%", "amount": 19.0})
        Product = cls.env["product.product"]

        def product(code, price, taxes, kind="consu"):
            return Product.create(
                {
                    "name": code,
                    "default_code": code,
                    "list_price": price,
                    "type": kind,
                    "is_storable": kind == "consu",
                    "taxes_id": [Command.set(taxes.ids)],
                }
            )

        cls.tshirt = product("TSHIRT-BLK-M", 19.99, cls.tax_fixed)
        cls.mug = product("MUG-0042", 69.99, cls.tax_fixed)
        cls.valve = product("VALVE-DN50", 120.0, cls.vat19)
        cls.ship_us = product("SHIP-US", 0.0, Tax, "service")
        cls.ship_de = product("SHIP-DE", 0.0, cls.vat19, "service")
        cls.bank = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.channel.write(
            {
                "delivery_product_id": cls.ship_us.id,
                "payment_journal_id": cls.bank.id,
            }
        )
        cls.clarity = cls.env["storefront.channel"].create(
            {
                "name": "Test Clarity",
                "platform": "clarity",
                "base_url": "http://127.0.0.1:9",
                "delivery_product_id": cls.ship_de.id,
                "payment_journal_id": cls.bank.id,
            }
        )
        cls.xcart_order = load_sample("xcart55_order.json")
        cls.clarity_order = load_sample("clarity_salesorder.json")

    def run_event(self, payload, event="order.created", channel=None):
        log = self.enqueue(event=event, payload=payload, channel=channel)
        self.Log._cron_process()
        return log

    def order_of(self, log):
        self.assertEqual(log.state, "done", log.error_message)
        self.assertEqual(log.res_model, "sale.order")
        return self.env["sale.order"].browse(log.res_id)

    def xcart(self, **changes):
        order = copy.deepcopy(self.xcart_order)
        order.update(changes)
        return order


class RiskCase(ImportCase):
    """Jane, whose five earlier orders of about 11.00 make the sample's 131.47 twelve times
    her usual total."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.jane = cls.env["res.partner"].create(
            {"name": "Jane Doe", "email": "Jane.Doe@Example.com"}
        )
        for price in (10.5, 11.0, 11.2, 10.8, 11.4):
            line = {"product_id": cls.ship_us.id, "price_unit": price, "tax_id": False}
            cls.env["sale.order"].create(
                {"partner_id": cls.jane.id, "order_line": [Command.create(line)]}
            ).action_confirm()
