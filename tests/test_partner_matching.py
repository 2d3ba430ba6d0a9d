"""Customers match exactly, never to staff or companies, never overwriting others' partners."""

from odoo.exceptions import AccessError

from ..connectors import errors
from .common import MANAGER, StorefrontCase, make_user, other_company_channel


class TestPartnerMatching(StorefrontCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Importer = cls.env["storefront.import.customer"]
        cls.admin_partner = cls.env["res.partner"].create(
            {"name": "Admin Corp contact", "email": "admin@corp.com"}
        )

    def match(self, email, external_id=None, name="Web Customer"):
        return self.Importer._match_partner_owned(self.channel, external_id, email, name)

    def test_underscore_and_percent_are_letters(self):
        for email in ("adm_n@corp.com", "adm%@corp.com", "%@corp.com", "ADMIN@corp.co_"):
            with self.subTest(email=email):
                partner, owned = self.match(email)
                self.assertNotEqual(partner, self.admin_partner)
                self.assertTrue(owned)
                self.assertEqual(partner.email, email)

    def test_normalised_email_matches_exactly(self):
        for email in ("admin@corp.com", " Admin@Corp.com ", '"Admin" <ADMIN@corp.com>'):
            with self.subTest(email=email):
                partner, owned = self.match(email)
                self.assertEqual(partner, self.admin_partner)
                self.assertFalse(owned)

    def test_internal_users_and_companies_never_bind(self):
        staff = make_user(self.env, "sf_staff")
        staff.partner_id.email = "staff@corp.com"
        company = self.env["res.partner"].create(
            {"name": "Corp Inc", "email": "sales@corp.com", "is_company": True}
        )
        self.env.company.partner_id.email = "hello@ourcompany.com"
        for email, forbidden in (
            ("staff@corp.com", staff.partner_id),
            ("sales@corp.com", company),
            ("hello@ourcompany.com", self.env.company.partner_id),
        ):
            with self.subTest(email=email):
                partner, owned = self.match(email, external_id=f"c-{email}")
                self.assertNotEqual(partner, forbidden)
                self.assertTrue(owned)
        # an archived internal user is staff as well
        staff.active = False
        self.assertNotEqual(self.match("staff@corp.com")[0], staff.partner_id)

    def test_existing_partner_is_bound_but_never_overwritten(self):
        existing = self.env["res.partner"].create(
            {"name": "Jane Existing", "email": "jane@shop.test", "street": "1 Old Road"}
        )
        payload = {"id": 77, "login": "jane@shop.test", "firstname": "J", "lastname": "Web"}
        log = self.enqueue("customer.created", payload)
        self.Log._cron_process()
        self.assertEqual(log.state, "done", log.error_message)
        self.assertEqual(log.res_id, existing.id)
        self.assertRecordValues(
            existing,
            [{"name": "Jane Existing", "email": "jane@shop.test", "active": True}],
        )
        binding = self.env["storefront.binding"]._find(self.channel, "res.partner", "77")
        self.assertEqual((binding.res_id, binding.record_created), (existing.id, False))
        # a later update still leaves it alone, and binding wins over email
        log = self.enqueue("customer.updated", dict(payload, login="new@shop.test", status="D"))
        self.Log._cron_process()
        self.assertEqual(log.res_id, existing.id, log.error_message)
        self.assertRecordValues(existing, [{"email": "jane@shop.test", "active": True}])

    def test_created_partner_follows_the_storefront(self):
        log = self.enqueue("customer.created", {"id": 78, "login": "new@shop.test"})
        self.Log._cron_process()
        partner = self.env["res.partner"].browse(log.res_id)
        self.assertEqual(partner.email, "new@shop.test")
        binding = self.env["storefront.binding"]._find(self.channel, "res.partner", "78")
        self.assertTrue(binding.record_created)
        log = self.enqueue("customer.updated", {"id": 78, "login": "renamed@shop.test"})
        self.Log._cron_process()
        self.assertEqual(log.res_id, partner.id)
        self.assertEqual(partner.email, "renamed@shop.test")

    def test_binding_insert_conflict_is_a_quiet_retry(self):
        partner = self.env["res.partner"].create({"name": "Bound"})
        other = self.env["res.partner"].create({"name": "Other"})
        Binding = self.env["storefront.binding"]
        Binding._insert(self.channel, partner, "c-1")
        # the conflict is expected: no "bad query" in the log, a transient error, no duplicate
        with (
            self.assertNoLogs("odoo.sql_db", level="ERROR"),
            self.assertRaises(errors.TransientError),
        ):
            Binding._insert(self.channel, other, "c-1")
        bindings = Binding.search(
            [("channel_id", "=", self.channel.id), ("external_id", "=", "c-1")]
        )
        self.assertEqual(bindings.mapped("res_id"), [partner.id])


class TestAccessMap(StorefrontCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = make_user(cls.env, "sf_map_mgr", MANAGER)
        cls.other_company, cls.other_channel = other_company_channel(
            cls.env, "Other Map Co", "Other map store"
        )

    def test_value_map_lines_follow_company_rules(self):
        lines = self.env["storefront.value.map.line"].with_user(self.manager).search([])
        own = self.channel.value_map_ids.line_ids
        other = self.other_channel.value_map_ids.line_ids
        self.assertTrue(own and other)
        self.assertLessEqual(set(own.ids), set(lines.ids))
        self.assertFalse(set(other.ids) & set(lines.ids))

    def test_stock_marks_follow_company_rules(self):
        product = self.env["product.product"].create({"name": "Dirty", "type": "consu"})
        other_wh = self.env["stock.warehouse"].search(
            [("company_id", "=", self.other_company.id)], limit=1
        )
        own_wh = self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)])[:1]
        Dirty = self.env["storefront.stock.dirty"]
        marks = Dirty.create(
            [
                {"product_id": product.id, "warehouse_id": wh.id, "date_changed": "2026-01-01"}
                for wh in (own_wh, other_wh)
            ]
        )
        visible = Dirty.with_user(self.manager).search([("product_id", "=", product.id)])
        self.assertEqual(visible, marks[0])

    def test_secrets_are_not_exportable_nor_tracked(self):
        Channel = self.env["storefront.channel"]
        for name in (
            "webhook_secret",
            "webhook_previous_secret",
            "xcart_token",
            "xcart_legacy_key",
            "clarity_client_secret",
            "clarity_password",
        ):
            with self.subTest(field=name):
                field = Channel._fields[name]
                self.assertFalse(field.exportable)
                self.assertFalse(getattr(field, "tracking", False))
        described = Channel.with_user(self.manager).fields_get(["webhook_secret"], ["exportable"])
        self.assertFalse(described["webhook_secret"]["exportable"])

    def test_mapping_preview_reads_payloads_with_the_users_rights(self):
        log = self.Log._enqueue(self.other_channel, "in", "order.created", {"id": 5})[0]
        Preview = self.env["storefront.mapping.preview"].with_user(self.manager)
        with self.assertRaises(AccessError):
            preview = Preview.new({"channel_id": self.channel.id, "log_id": log.id})
            preview._onchange_log_id()
