"""Flow rules, history imports and cancel intents stay within their channel's company."""

from odoo.tests import tagged

from .common import MANAGER, StorefrontCase, make_user


@tagged("post_install", "-at_install")
class TestFlowCompany(StorefrontCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        other = cls.env["res.company"].create({"name": "Other storefront company"})
        cls.other_manager = make_user(cls.env, "sf_other_manager", MANAGER, company=other)
        cls.own_manager = make_user(
            cls.env, "sf_own_manager", MANAGER, company=cls.channel.company_id
        )
        cls.rule = cls.env["storefront.flow.rule"].create(
            {
                "channel_id": cls.channel.id,
                "name": "Hold big orders",
                "stage": "order_received",
                "action_ids": [(0, 0, {"action_type": "hold", "reason": "Big order"})],
            }
        )

    def test_a_manager_of_another_company_sees_no_rule_nor_action(self):
        Rule = self.env["storefront.flow.rule"].with_user(self.other_manager)
        Action = self.env["storefront.flow.action"].with_user(self.other_manager)
        self.assertFalse(Rule.search([("id", "=", self.rule.id)]))
        self.assertFalse(Action.search([("id", "in", self.rule.action_ids.ids)]))

    def test_the_channel_company_manager_sees_them(self):
        Rule = self.env["storefront.flow.rule"].with_user(self.own_manager)
        Action = self.env["storefront.flow.action"].with_user(self.own_manager)
        self.assertEqual(Rule.search([("id", "=", self.rule.id)]), self.rule)
        self.assertEqual(
            Action.search([("id", "in", self.rule.action_ids.ids)]).ids, self.rule.action_ids.ids
        )
