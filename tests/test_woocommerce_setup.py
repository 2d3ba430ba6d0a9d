"""The setup wizard on a WooCommerce store (the simulator): its credential fields come
from the platform's view, and the store's webhooks are registered on connecting."""

from lxml import etree

from ..connectors import ADAPTERS
from ..sandbox import WooCommerceSandbox
from .common import StorefrontCase


class TestWooCommerceSetup(StorefrontCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store = cls.enterClassContext(WooCommerceSandbox())
        cls.Wizard = cls.env["storefront.setup.wizard"]

    def setUp(self):
        super().setUp()
        self.store.clear_faults()
        self.store.webhooks.clear()

    def wizard(self, **values):
        """The setup wizard filled in for the simulated store."""
        return self.Wizard.create(
            {
                "platform": "woocommerce",
                "base_url": self.store.url,
                "woocommerce_consumer_key": "ck_sandbox",
                "woocommerce_consumer_secret": "cs_sandbox",
                **values,
            }
        )

    def test_connecting_registers_the_webhooks_of_the_flows_switched_on(self):
        self.store.add_product("MUG-1")
        wizard = self.wizard(name="Woo wizard")
        self.assertTrue(wizard.can_register_webhooks and wizard.register_webhooks)
        action = wizard.action_connect()
        channel = self.env["storefront.channel"].browse(action["res_id"])
        hooks = list(self.store.webhooks.values())
        self.assertEqual(
            sorted(h["topic"] for h in hooks),
            sorted(channel._webhook_topics()),
            channel.message_ids.mapped("body"),
        )
        self.assertEqual({h["delivery_url"] for h in hooks}, {channel.webhook_url})
        self.assertEqual({h["secret"] for h in hooks}, {channel.webhook_secret})
        self.assertIn("order.created: active", channel.webhook_registration)
        self.assertFalse(action["context"]["storefront_show_webhook_instructions"])

    def test_a_refused_registration_is_told_on_the_channel(self):
        wizard = self.wizard(name="Woo wizard refused", index_catalogue=False)
        self.store.inject("401", count=5, path="/wp-json/wc/v3/webhooks")
        channel = self.env["storefront.channel"].browse(wizard.action_connect()["res_id"])
        self.assertFalse(channel.webhook_registration)
        self.assertIn("Registering the webhooks failed", channel.message_ids[:1].body)

    def test_a_platform_without_registration_has_no_such_step(self):
        wizard = self.Wizard.create({"platform": "xcart", "base_url": "http://127.0.0.1:9"})
        self.assertFalse(wizard.can_register_webhooks)

    def test_every_credential_field_is_an_input_with_a_placeholder(self):
        arch = etree.fromstring(self.Wizard.get_view(view_type="form")["arch"])
        group = arch.xpath("//group[@name='credentials']")[0]
        for adapter in ADAPTERS.values():
            for name in adapter.credential_fields:
                if self.Wizard._fields[name].type != "char":
                    continue
                with self.subTest(field=name):
                    field = group.xpath(f".//field[@name='{name}']")
                    self.assertTrue(field, name)
                    self.assertTrue(field[0].get("placeholder"), name)
        key = group.xpath(".//field[@name='woocommerce_consumer_key']")[0]
        self.assertEqual(key.get("placeholder"), "ck_...")
        self.assertTrue(arch.xpath("//field[@name='register_webhooks']"))
