"""A company's storefront records stay in that company; alerts reach only managers."""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import StorefrontCase

MANAGER = "storefront_connector.group_storefront_manager"
USER = "storefront_connector.group_storefront_user"


class TestCompanyIsolation(StorefrontCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other shop company"})
        cls.other_channel = cls.env["storefront.channel"].create(
            {
                "name": "Other X-Cart",
                "platform": "xcart",
                "base_url": "http://127.0.0.1:9",
                "company_id": cls.other_company.id,
            }
        )
        cls.manager = new_test_user(
            cls.env, login="sf_iso_boss", groups=f"base.group_user,{MANAGER}"
        )
        cls.plain_user = new_test_user(
            cls.env, login="sf_iso_user", groups=f"base.group_user,{USER}"
        )
        cls.employee = new_test_user(cls.env, login="sf_iso_emp", groups="base.group_user")
        for channel in (cls.channel, cls.other_channel):
            cls.env["storefront.alert"].create(
                {"channel_id": channel.id, "rule": "dead_letters", "message": "dead"}
            )
            cls.env["storefront.api.stat"].create(
                {"channel_id": channel.id, "day": "2026-12-01", "calls": 3}
            )
            cls.env["storefront.mapping.rejection"].create(
                {
                    "channel_id": channel.id,
                    "entity": "order",
                    "target_field": "note",
                    "source_path": "notes",
                }
            )

    def test_records_of_another_company_are_not_visible(self):
        for model in ("storefront.alert", "storefront.api.stat", "storefront.mapping.rejection"):
            with self.subTest(model=model):
                seen = self.env[model].with_user(self.manager).search([]).channel_id
                self.assertIn(self.channel, seen)
                self.assertNotIn(self.other_channel, seen)

    def test_alerts_discuss_channel_is_for_storefront_managers(self):
        discuss = self.env.ref("storefront_connector.discuss_channel_storefront_alerts")
        discuss.with_user(self.manager).check_access("read")
        for user in (self.plain_user, self.employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                discuss.with_user(user).check_access("read")
