"""Flow rules, history imports and cancel intents stay within their channel's company."""

from odoo.tests import new_test_user, tagged

from .common import StorefrontCase

MANAGER = "storefront_connector.group_storefront_manager"


@tagged("post_install", "-at_install")
class TestFlowCompany(StorefrontCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        other = cls.env["res.company"].create({"name": "Other storefront company"})
        cls.other_manager = new_test_user(
            cls.env,
            login="sf_other_manager",
            groups=f"base.group_user,{MANAGER}",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        cls.own_manager = new_test_user(
            cls.env,
            login="sf_own_manager",
            groups=f"base.group_user,{MANAGER}",
            company_id=cls.channel.company_id.id,
            company_ids=[(6, 0, cls.channel.company_id.ids)],
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
