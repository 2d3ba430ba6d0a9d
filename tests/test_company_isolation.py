"""A company's storefront records stay in that company; alerts reach only managers."""

import importlib.util
from pathlib import Path

from odoo import Command
from odoo.exceptions import AccessError

from .common import MANAGER, USER, StorefrontCase, make_user, other_company_channel


class TestCompanyIsolation(StorefrontCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company, cls.other_channel = other_company_channel(
            cls.env, "Other shop company", "Other X-Cart"
        )
        cls.manager = make_user(cls.env, "sf_iso_boss", MANAGER)
        cls.plain_user = make_user(cls.env, "sf_iso_user", USER)
        cls.employee = make_user(cls.env, "sf_iso_emp")
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

    def test_alerts_discuss_channel_is_for_the_companys_storefront_managers(self):
        other_manager = make_user(
            self.env, "sf_iso_other_boss", MANAGER, company=self.other_company
        )
        seller = make_user(self.env, "sf_iso_seller", "sales_team.group_sale_salesman")
        Alert = self.env["storefront.alert"]
        Alert._raise(self.channel, "backlog", "Rows of company A wait.")
        Alert._raise(self.other_channel, "backlog", "Rows of company B wait.")
        Discuss = self.env["discuss.channel"]
        discuss = Discuss._storefront_alert_channel(self.channel.company_id)
        other_discuss = Discuss._storefront_alert_channel(self.other_company)
        self.assertNotEqual(discuss, other_discuss)
        messages = discuss.message_ids.filtered(lambda m: "company A" in m.body)
        self.assertEqual(len(messages), 1)
        self.assertIn("company B", other_discuss.message_ids[:1].body)

        messages.with_user(self.manager).read(["body"])
        for user in (seller, self.plain_user, self.employee, other_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                messages.with_user(user).read(["body"])
        self.assertEqual(
            Discuss.with_user(other_manager).search([]) & (discuss | other_discuss), other_discuss
        )
        self.assertIn(self.manager.partner_id, discuss.channel_member_ids.partner_id)
        self.assertNotIn(other_manager.partner_id, discuss.channel_member_ids.partner_id)
        self.assertIn(other_manager.partner_id, other_discuss.channel_member_ids.partner_id)
        self.assertNotIn(self.manager.partner_id, other_discuss.channel_member_ids.partner_id)
        self.assertFalse(
            seller.partner_id & (discuss | other_discuss).channel_member_ids.partner_id
        )

    def test_migration_closes_the_old_alerts_channel(self):
        manager_group = self.env.ref(MANAGER)
        old = self.env["discuss.channel"].create(
            {
                "name": "Storefront alerts",
                "channel_type": "channel",
                "group_ids": [Command.link(manager_group.id)],
            }
        )
        self.env["ir.model.data"].create(
            {
                "module": "storefront_connector",
                "name": "discuss_channel_storefront_alerts",
                "model": "discuss.channel",
                "res_id": old.id,
                "noupdate": True,
            }
        )
        old.message_post(body="Dead letters of both companies", message_type="comment")
        self.assertIn(self.manager.partner_id, old.channel_member_ids.partner_id)
        old.with_user(self.employee).check_access("read")

        path = Path(__file__).parent.parent / "migrations" / "18.0.1.1.1" / "post-migrate.py"
        spec = importlib.util.spec_from_file_location("storefront_post_migrate", path)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        script.migrate(self.env.cr, "18.0.1.1.0")

        # Two companies' alerts in it: left to the administrators.
        self.assertFalse(old.group_ids)
        self.assertEqual(old.group_public_id, self.env.ref("base.group_system"))
        self.assertNotIn(self.manager.partner_id, old.channel_member_ids.partner_id)
        for user in (self.employee, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                old.message_ids.with_user(user).read(["body"])
