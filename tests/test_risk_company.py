"""An order's risk is read from its own company's orders, with the processing user's rights."""

from odoo import Command

from .common import other_company_channel
from .import_common import RiskCase

JANE_TOTALS = [10.5, 10.8, 11.0, 11.2, 11.4]


class TestRiskCompany(RiskCase):
    """Jane also buys from company B, where 131.47 is her usual total."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.integration = cls.env.ref("storefront_connector.user_storefront_integration")
        cls.company_b, cls.channel_b = other_company_channel(
            cls.env, "Risk other company", "Company B X-Cart"
        )
        Order = cls.env["sale.order"].with_company(cls.company_b)
        for price in (130.0, 128.5, 133.0, 131.0, 129.5, 132.0):
            line = {"product_id": cls.ship_us.id, "price_unit": price, "tax_id": False}
            Order.create(
                {
                    "partner_id": cls.jane.id,
                    "company_id": cls.company_b.id,
                    "storefront_channel_id": cls.channel_b.id,
                    "order_line": [Command.create(line)],
                }
            ).action_confirm()

    def test_orders_of_another_company_do_not_count(self):
        order = self.order_of(self.run_event(self.xcart()))
        self.assertEqual(order.company_id, self.env.company)
        self.assertTrue(order.storefront_held)
        self.assertEqual(order.storefront_risk_level, "high")
        facts = order.storefront_risk_facts
        self.assertIn("Total 131.47 is 12.0 times this customer's median of 11.00", facts)
        self.assertIn("over 5 orders", facts)

    def test_scored_as_the_integration_user_of_every_company(self):
        line = {"product_id": self.ship_us.id, "price_unit": 131.47, "tax_id": False}
        order = self.env["sale.order"].create(
            {
                "partner_id": self.jane.id,
                "storefront_channel_id": self.channel.id,
                "order_line": [Command.create(line)],
            }
        )
        # Without a company of its own in the context, the user reads every company's orders.
        self.assertIn(self.company_b, self.integration.company_ids)
        Risk = self.env["storefront.order.risk"].with_user(self.integration)
        as_integration = order.with_user(self.integration)
        history = Risk._risk_history(as_integration)
        self.assertEqual(sorted(history["customer_totals"]), JANE_TOTALS)
        self.assertEqual(len(history["customer_quantities"]), len(JANE_TOTALS))
        result = Risk._risk_score(as_integration)
        self.assertEqual(result["level"], "high")
        self.assertIn("12.0 times this customer's median of 11.00", order.storefront_risk_facts)
