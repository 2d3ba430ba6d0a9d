"""A store on the legacy X-Cart REST add-on alone: its orders polled and imported."""

from ..sandbox import XCartSandbox
from .import_common import ImportCase
from .polling_common import CONNECTED


class TestLegacyStore(ImportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store = cls.enterClassContext(XCartSandbox(legacy_key="legacy-rw"))
        cls.legacy = cls.legacy_channel_on(
            cls.store,
            **CONNECTED,
            delivery_product_id=cls.ship_us.id,
            payment_journal_id=cls.bank.id,
            request_timeout=5,
        )

    def setUp(self):
        super().setUp()
        self.store.orders.clear()
        self.store.clear_requests()

    def test_channel_gets_the_legacy_mappings(self):
        mappings = self.legacy.field_mapping_ids
        self.assertEqual(set(mappings.mapped("platform")), {"xcart_legacy"})
        external_id = mappings.filtered(lambda m: m.target_field == "external_id")
        self.assertIn("order_id", external_id.mapped("source_path"))
        self.assertIn("shipping_status_out", self.legacy.value_map_ids.mapped("code"))

    def test_polled_order_is_imported(self):
        self.store.add_order(self.xcart_order)
        self.assertEqual(self.legacy._poll(), 1)
        self.assertTrue(all(r.path == "/admin.php" for r in self.store.requests))
        self.assertIn("_cnd[limit][0]", self.store.requests[0].query)
        log = self.Log.search([("channel_id", "=", self.legacy.id)])
        self.assertEqual((log.event_type, log.external_id), ("order.updated", "10452"))
        self.Log._cron_process()
        order = self.order_of(log)
        self.assertEqual(order.partner_id.email, "Jane.Doe@Example.com")
        self.assertEqual(order.partner_invoice_id.street, "1200 Market St")
        self.assertEqual(order.partner_invoice_id.street2, "Suite 400")
        self.assertEqual(order.partner_shipping_id.street, "88 Howard St")
        self.assertEqual(
            sorted((ln.product_id.default_code, ln.product_uom_qty) for ln in order.order_line),
            [("MUG-0042", 1), ("SHIP-US", 1), ("TSHIRT-BLK-M", 2)],
        )
        self.assertAlmostEqual(order.amount_total, 131.47)
        self.assertEqual((order.client_order_ref, order.state), ("00457", "sale"))
        self.assertEqual(str(order.date_order), "2026-11-20 14:03:11")
        self.assertEqual(order.invoice_ids.state, "posted")

    def test_thin_notification_is_fetched_from_the_add_on(self):
        self.store.add_order(self.xcart_order)
        self.legacy.thin_notifications = True
        log = self.run_event({"id": 10452}, event="order.created", channel=self.legacy)
        order = self.order_of(log)
        self.assertEqual(order.client_order_ref, "00457")
        self.assertEqual(self.store.requests[-1].query["_path"], "order/10452")
