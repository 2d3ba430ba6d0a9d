from odoo.exceptions import UserError
from odoo.tests import TransactionCase


class TestChannelCompany(TransactionCase):
    """A channel only uses the warehouses, journals and defaults of its own company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.other_company = cls.env["res.company"].create({"name": "Other Shop Ltd"})
        cls.other_warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.other_company.id)], limit=1
        )
        cls.other_team = cls.env["crm.team"].create(
            {"name": "Other team", "company_id": cls.other_company.id}
        )

    def channel_values(self, **values):
        return dict(name="Shop", platform="xcart", base_url="http://127.0.0.1:9", **values)

    def test_a_warehouse_of_another_company_is_refused(self):
        self.assertTrue(self.other_warehouse)
        with self.assertRaises(UserError):
            self.env["storefront.channel"].create(
                self.channel_values(warehouse_ids=[(6, 0, self.other_warehouse.ids)])
            )

    def test_a_sales_team_of_another_company_is_refused(self):
        channel = self.env["storefront.channel"].create(self.channel_values())
        with self.assertRaises(UserError):
            channel.team_id = self.other_team

    def test_the_channels_of_the_other_company_take_its_records(self):
        channel = self.env["storefront.channel"].create(
            self.channel_values(
                company_id=self.other_company.id,
                warehouse_ids=[(6, 0, self.other_warehouse.ids)],
                team_id=self.other_team.id,
            )
        )
        self.assertEqual(channel.warehouse_ids, self.other_warehouse)
        self.assertEqual(channel.team_id, self.other_team)
