"""The risk whitelist trusts a storefront account, never an email typed at checkout."""

from .import_common import RiskCase


class TestWhitelistBoundCustomerOnly(RiskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel.risk_whitelist_ids = cls.jane

    def test_guest_checkout_with_a_whitelisted_email_is_scored(self):
        order = self.order_of(self.run_event(self.xcart(customer_id=None)))
        self.assertEqual(order.partner_id, self.jane, "matched by email, as any guest")
        self.assertTrue(order.storefront_held, "scored on its own facts")
        self.assertEqual(order.storefront_risk_level, "high")
        self.assertNotIn("whitelist", order.storefront_risk_facts)

    def test_the_bound_account_of_a_whitelisted_customer_is_trusted(self):
        order = self.order_of(self.run_event(self.xcart()))
        self.assertFalse(order.storefront_held)
        self.assertIn("whitelist", order.storefront_risk_facts)
