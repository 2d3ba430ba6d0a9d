from odoo.exceptions import AccessError

from .common import MANAGER, USER, StorefrontCase, make_user, other_company_channel


class TestAccess(StorefrontCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = make_user(cls.env, "sf_user", USER)
        cls.manager = make_user(cls.env, "sf_manager", MANAGER)
        cls.other_company, cls.other_channel = other_company_channel(
            cls.env, "Other Co", "Other store", platform="clarity"
        )
        cls.log = cls.Log._enqueue(cls.channel, "in", "order.created", {"id": 1})[0]
        cls.other_log = cls.Log._enqueue(cls.other_channel, "in", "order.created", {"id": 1})[0]

    def test_user_cannot_read_credentials(self):
        channel = self.channel.with_user(self.user)
        self.assertEqual(channel.name, "Test X-Cart")
        for field in ("xcart_token", "webhook_secret", "clarity_client_secret", "webhook_token"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                channel.read([field])

    def test_user_cannot_configure_channels(self):
        with self.assertRaises(AccessError):
            self.channel.with_user(self.user).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.env["storefront.channel"].with_user(self.user).create(
                {"name": "New", "platform": "xcart"}
            )

    def test_manager_reads_credentials(self):
        channel = self.channel.with_user(self.manager)
        self.assertEqual(channel.xcart_token, "secret-token")
        self.assertIn("/storefront/webhook/", channel.webhook_url)

    def test_user_reads_and_requeues_logs(self):
        log = self.log.with_user(self.user)
        log.sudo().write({"state": "failed"})
        self.assertEqual(log.event_type, "order.created")
        log.action_requeue()
        self.assertEqual(log.state, "pending")

    def test_other_company_is_invisible(self):
        user_channels = self.env["storefront.channel"].with_user(self.manager).search([])
        self.assertIn(self.channel, user_channels)
        self.assertNotIn(self.other_channel, user_channels)
        logs = self.Log.with_user(self.manager).search([])
        self.assertIn(self.log, logs)
        self.assertNotIn(self.other_log, logs)
        with self.assertRaises(AccessError):
            self.other_channel.with_user(self.manager).read(["name"])

    def test_admin_is_manager(self):
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group(MANAGER))
