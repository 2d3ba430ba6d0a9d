from odoo.tests import new_test_user

from .import_common import ImportCase

INTEGRATION_GROUPS = {
    "base.group_user",
    "base.group_partner_manager",
    "sales_team.group_sale_salesman_all_leads",
    "stock.group_stock_user",
    "account.group_account_invoice",
    "storefront_connector.group_storefront_integration",
}


class TestServiceAccount(ImportCase):
    """The crons run as the Storefront Integration user, bounded by its rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.integration = cls.env.ref("storefront_connector.user_storefront_integration")
        cls.manager = new_test_user(
            cls.env,
            login="sf_mapping_manager",
            groups="base.group_user,storefront_connector.group_storefront_manager",
        )

    def test_crons_run_as_the_integration_user(self):
        crons = self.env["ir.cron"].search(
            [("ir_actions_server_id.model_id.model", "like", "storefront.%")]
        )
        self.assertGreaterEqual(len(crons), 7)
        self.assertEqual(crons.user_id, self.integration)

    def test_integration_user_holds_only_the_flows_groups(self):
        user = self.integration
        self.assertFalse(user._is_superuser() or user._is_admin() or user._is_system())
        self.assertFalse(user.share)
        self.assertFalse(user.has_group("storefront_connector.group_storefront_manager"))
        self.assertFalse(user.has_group("sales_team.group_sale_manager"))
        self.assertFalse(user.has_group("account.group_account_manager"))
        direct = {xmlid for xmlid in user.groups_id.get_external_id().values()}
        self.assertEqual(direct & INTEGRATION_GROUPS, INTEGRATION_GROUPS)
        self.assertFalse(user.password)

    def test_integration_user_is_in_every_company_even_a_new_one(self):
        company = self.env["res.company"].create({"name": "Storefront Later Co"})
        self.assertIn(company, self.integration.company_ids)
        self.assertEqual(self.integration.company_ids, self.env["res.company"].search([]))

    def test_rows_are_processed_by_the_integration_user(self):
        order = self.order_of(self.run_event(self.xcart()))
        self.assertEqual(order.create_uid, self.integration)
        self.assertEqual(order.invoice_ids.create_uid, self.integration)

    def map_order_value_to(self, target):
        """A manager adds an order mapping line writing the customer's email to ``target``."""
        self.env["storefront.field.mapping"].with_user(self.manager).create(
            {
                "channel_id": self.channel.id,
                "platform": self.channel.platform,
                "entity": "order",
                "target_field": target,
                "source_path": "email",
            }
        )

    def test_mapping_to_a_field_the_integration_user_may_not_write_fails_the_row(self):
        admin = self.env.ref("base.user_admin")
        login = admin.login
        company_name = self.env.company.name
        for target in ("res.users.login", "company_id.name", "ir.config_parameter.value"):
            with self.subTest(target=target):
                mapping = self.env["storefront.field.mapping"].search(
                    [("channel_id", "=", self.channel.id), ("target_field", "like", ".")]
                )
                mapping.unlink()
                self.map_order_value_to(target)
                orders = self.env["sale.order"].search_count([])
                log = self.run_event(self.xcart())
                self.assertEqual(log.state, "failed")
                self.assertEqual(log.error_class, "business")
                self.assertIn(target, log.error_message)
                self.assertIn("Storefront Integration may not write", log.error_message)
                self.assertIn("nothing was written", log.error_message)
                self.assertEqual(self.env["sale.order"].search_count([]), orders)
                self.assertEqual(admin.login, login)
                self.assertEqual(self.env.company.name, company_name)
                log.unlink()

    def test_mapping_to_a_field_the_flows_may_write_is_kept(self):
        self.map_order_value_to("partner_id.comment")
        self.order_of(self.run_event(self.xcart()))
