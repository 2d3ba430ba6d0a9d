"""WooCommerce end to end against a real store (WordPress + WooCommerce on 127.0.0.1).

One store per run, started with the kit's ``start-store``; its webhooks call this
test server. Every order arrives by the store's own signed delivery
(``run-queue``) or by the catch-up poll; every push is read back from the store.
"""

import unittest
import uuid
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged
from odoo.tools import config

from .common import storable
from .woo_store import SKIP_REASON, WooStore, kit_found, kit_path

ORDER_TOPICS = {"order.created", "order.updated"}


@tagged("post_install", "-at_install")
class TestWooCommerceStore(HttpCase):
    @classmethod
    def setUpClass(cls):
        if not kit_found():
            raise unittest.SkipTest(SKIP_REASON.format(kit=kit_path()))
        super().setUpClass()
        cls.store = WooStore.start(config["http_port"])
        cls.addClassCleanup(cls.store.stop)
        store = cls.store
        store.call("PUT", "/settings/general/woocommerce_calc_taxes", {"value": "yes"})
        store.call(
            "POST", "/taxes", {"country": "BE", "rate": "21.0000", "name": "VAT", "shipping": True}
        )
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Log = cls.env["storefront.sync.log"]
        cls.env.ref("base.EUR").active = True
        cls.vat21 = cls.env["account.tax"].create({"name": "VAT 21% (store)", "amount": 21.0})
        Product = cls.env["product.product"]
        cls.shipping = Product.create({"name": "Store shipping", "type": "service"})
        cls.discount = Product.create({"name": "Store coupon", "type": "service"})
        cls.shipping.taxes_id = cls.discount.taxes_id = False
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.bank = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.carrier = cls.env["delivery.carrier"].create(
            {"name": "Bpost", "product_id": cls.shipping.id}
        )
        cls.channel = cls.env["storefront.channel"].create(
            store.channel_values(
                name="Real WooCommerce",
                delivery_product_id=cls.shipping.id,
                discount_product_id=cls.discount.id,
                payment_journal_id=cls.bank.id,
                warehouse_ids=[Command.set(cls.warehouse.ids)],
                stock_quiet_seconds=0,
                import_customers=False,
            )
        )
        cls.channel.action_register_webhooks()

    # -- helpers ---------------------------------------------------------

    def product(self, price="12.50", stock=20):
        """A product in the store and the same SKU in Odoo (taxed 21% on both sides)."""
        sku = f"WOO-{uuid.uuid4().hex[:8]}"
        remote = self.store.call(
            "POST",
            "/products",
            {
                "name": sku,
                "sku": sku,
                "regular_price": price,
                "manage_stock": True,
                "stock_quantity": stock,
            },
        )
        local = storable(
            self.env, sku, sku, list_price=float(price), taxes_id=[Command.set(self.vat21.ids)]
        )
        return remote, local

    def place_order(self, product, quantity=3, coupon=None, **values):
        address = {
            "first_name": "Ann",
            "last_name": "Peeters",
            "address_1": "Rue Haute 1",
            "city": "Brussels",
            "postcode": "1000",
            "country": "BE",
        }
        body = {
            "payment_method": "bacs",
            "payment_method_title": "Bank transfer",
            "billing": dict(address, email=f"ann.{uuid.uuid4().hex[:6]}@example.com"),
            "shipping": address,
            "line_items": [{"product_id": product["id"], "quantity": quantity}],
            "shipping_lines": [
                {"method_id": "flat_rate", "method_title": "Flat rate", "total": "5.00"}
            ],
            **values,
        }
        if coupon:
            body["coupon_lines"] = [{"code": coupon}]
        return self.store.call("POST", "/orders", body)

    def coupon(self):
        code = f"ten-{uuid.uuid4().hex[:6]}"
        self.store.call(
            "POST", "/coupons", {"code": code, "discount_type": "percent", "amount": "10"}
        )
        return code

    def delivered_rows(self, order_id):
        return self.Log.search(
            [
                ("channel_id", "=", self.channel.id),
                ("direction", "=", "in"),
                ("external_id", "=", str(order_id)),
            ]
        )

    def imported(self, remote):
        binding = self.env["storefront.binding"]._find(
            self.channel, "sale.order", str(remote["id"])
        )
        self.assertTrue(binding, f"order {remote['id']} was not imported")
        return self.env["sale.order"].browse(binding.res_id)

    def paid_order(self):
        remote, local = self.product()
        self.env["stock.quant"]._update_available_quantity(local, self.warehouse.lot_stock_id, 50)
        order = self.place_order(remote, coupon=self.coupon(), set_paid=True)
        self.store.run_queue()
        self.Log._cron_process()
        return order, self.imported(order), local

    def sent(self, event):
        """Queue the changes as a commit does, process them: one row sent for ``event``."""
        self.env.cr.flush()
        self.Log._cron_process()
        rows = self.Log.search([("channel_id", "=", self.channel.id), ("event_type", "=", event)])
        self.assertEqual(rows.mapped("state"), ["done"], rows.mapped("error_message"))

    # -- tests -----------------------------------------------------------

    def test_register_webhooks_creates_active_ones_once(self):
        hooks = [
            hook
            for hook in self.store.call("GET", "/webhooks", per_page=100)
            if hook["delivery_url"] == self.channel.webhook_url
        ]
        self.assertEqual({hook["topic"] for hook in hooks}, ORDER_TOPICS)
        self.assertEqual({hook["status"] for hook in hooks}, {"active"})
        self.channel.action_register_webhooks()
        again = [
            hook
            for hook in self.store.call("GET", "/webhooks", per_page=100)
            if hook["delivery_url"] == self.channel.webhook_url
        ]
        self.assertEqual(sorted(h["id"] for h in again), sorted(h["id"] for h in hooks))
        self.assertIn("order.created: active", self.channel.webhook_registration)

    def test_paid_coupon_order_arrives_by_signed_delivery_confirmed_invoiced_paid(self):
        remote, order, _product = self.paid_order()
        self.assertTrue(float(remote["discount_total"]) > 0 and float(remote["shipping_tax"]) > 0)
        rows = self.delivered_rows(remote["id"])
        self.assertIn("order.created", rows.mapped("event_type"))
        self.assertTrue(all(row.dedup_key.startswith("woocommerce:order:") for row in rows))
        self.assertEqual(order.state, "sale")
        self.assertAlmostEqual(order.amount_total, float(remote["total"]), places=2)
        self.assertAlmostEqual(order.amount_tax, float(remote["total_tax"]), places=2)
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertAlmostEqual(invoice.amount_total, float(remote["total"]), places=2)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_stock_change_reaches_the_store_by_one_batch_call(self):
        products = [self.product(stock=1) for _i in range(3)]
        self.channel.action_push_stock()
        self.Log._cron_process()
        self.Log._cron_process()
        before = self.Log.search([], limit=1, order="id desc")
        for index, (_remote, local) in enumerate(products):
            self.env["stock.quant"]._update_available_quantity(
                local, self.warehouse.lot_stock_id, 7 + index
            )
        self.env.flush_all()
        self.env.cr.precommit.run()  # the stock changes are marked at commit
        self.env["storefront.export.stock"]._cron_export_stock()
        self.Log._cron_process()
        for index, (remote, _local) in enumerate(products):
            self.assertEqual(
                self.store.call("GET", f"/products/{remote['id']}")["stock_quantity"], 7 + index
            )
        rows = self.Log.search(
            [
                ("channel_id", "=", self.channel.id),
                ("event_type", "=", "stock.update"),
                ("id", ">", before.id),
            ]
        )
        self.assertEqual(len(rows), 3)
        self.assertEqual(set(rows.mapped("state")), {"done"})
        (summary,) = set(rows.mapped("response_summary"))
        self.assertIn("Sent 3 quantities in one batch: POST /wp-json/wc/v3/products/batch", summary)

    def test_validated_delivery_with_tracking_completes_the_order_with_a_note(self):
        remote, order, _product = self.paid_order()
        picking = order.picking_ids
        picking.carrier_id = self.carrier
        picking.carrier_tracking_ref = "CD123456789BE"
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        picking._action_done()
        self.Log._cron_process()
        self.assertEqual(self.store.call("GET", f"/orders/{remote['id']}")["status"], "completed")
        notes = self.store.call("GET", f"/orders/{remote['id']}/notes")
        note = [n for n in notes if "CD123456789BE" in n["note"]]
        self.assertEqual(len(note), 1)
        self.assertTrue(note[0]["customer_note"])
        self.assertIn("Bpost", note[0]["note"])

    def test_odoo_cancel_cancels_the_store_order(self):
        remote, _local = self.product()
        placed = self.place_order(remote, status="on-hold")
        self.store.run_queue()
        self.Log._cron_process()
        order = self.imported(placed)
        self.assertEqual(order.state, "draft")  # on-hold stays a quotation
        order.with_context(disable_cancel_warning=True).action_cancel()
        self.Log._cron_process()
        self.assertEqual(self.store.call("GET", f"/orders/{placed['id']}")["status"], "cancelled")

    def test_store_refund_becomes_a_credit_note(self):
        remote, order, _product = self.paid_order()
        refund = self.store.call(
            "POST",
            f"/orders/{remote['id']}/refunds",
            {"amount": "10.00", "reason": "Damaged", "api_refund": False},
        )
        self.store.run_queue()
        self.Log._cron_process()
        credit = self.env["storefront.binding"]._to_internal(
            self.channel, "account.move", str(refund["id"])
        )
        self.assertTrue(credit, self.delivered_rows(remote["id"]).mapped("error_message"))
        self.assertEqual(credit.move_type, "out_refund")
        self.assertAlmostEqual(credit.amount_total, 10.0, places=2)
        self.assertEqual(
            credit.reversed_entry_id,
            order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice"),
        )

    def test_full_refund_credits_the_whole_invoice_once(self):
        remote, order, _product = self.paid_order()
        refund = self.store.call(
            "POST",
            f"/orders/{remote['id']}/refunds",
            {"amount": remote["total"], "reason": "Lost", "api_refund": False},
        )
        self.assertEqual(self.store.call("GET", f"/orders/{remote['id']}")["status"], "refunded")
        self.store.run_queue()
        self.Log._cron_process()
        credit = self.env["storefront.binding"]._to_internal(
            self.channel, "account.move", str(refund["id"])
        )
        self.assertTrue(credit, self.delivered_rows(remote["id"]).mapped("error_message"))
        self.assertAlmostEqual(credit.amount_total, float(remote["total"]), places=2)
        self.assertEqual(order.state, "sale")
        self.assertEqual(len(order.invoice_ids.reversal_move_ids), 1)

    def test_catalogue_change_reaches_the_store_product(self):
        remote, local = self.product(price="12.50")
        self.channel.export_catalogue = True
        self.env["storefront.binding"]._bind(self.channel, local, str(remote["id"]))
        name = f"{local.name} organic"
        local.product_tmpl_id.write({"name": name, "list_price": 14.0})
        self.sent("product.update")
        product = self.store.call("GET", f"/products/{remote['id']}")
        self.assertEqual((product["name"], product["regular_price"]), (name, "14.00"))
        self.assertEqual(product["sku"], local.default_code)

    def test_customer_change_reaches_the_store_customer(self):
        email = f"bob.{uuid.uuid4().hex[:6]}@example.com"
        remote = self.store.call(
            "POST", "/customers", {"email": email, "first_name": "Bob", "last_name": "Maes"}
        )
        partner = self.env["res.partner"].create({"name": "Bob Maes", "email": email})
        self.channel.export_customers = True
        self.env["storefront.binding"]._bind(self.channel, partner, str(remote["id"]))
        partner.write(
            {
                "name": "Robert Maes",
                "street": "Rue Neuve 2",
                "city": "Brussels",
                "zip": "1000",
                "country_id": self.env.ref("base.be").id,
            }
        )
        self.sent("customer.update")
        customer = self.store.call("GET", f"/customers/{remote['id']}")
        self.assertEqual((customer["first_name"], customer["last_name"]), ("Robert", "Maes"))
        self.assertEqual(customer["email"], email)
        billing = customer["billing"]
        self.assertEqual(
            (billing["address_1"], billing["city"], billing["postcode"], billing["country"]),
            ("Rue Neuve 2", "Brussels", "1000", "BE"),
        )

    def test_disabled_webhook_is_repaired_and_the_missed_order_polled(self):
        hooks = [
            hook
            for hook in self.store.call("GET", "/webhooks", per_page=100)
            if hook["delivery_url"] == self.channel.webhook_url
        ]
        for hook in hooks:
            self.store.call("PUT", f"/webhooks/{hook['id']}", {"status": "disabled"})
        self.channel.poll_watermark = fields.Datetime.now() - timedelta(minutes=1)
        remote, _local = self.product()
        placed = self.place_order(remote, coupon=self.coupon(), set_paid=True)
        self.store.run_queue()
        self.assertFalse(self.delivered_rows(placed["id"]), "a disabled webhook delivered")
        self.channel.action_check_webhooks()
        states = {
            hook["topic"]: hook["status"]
            for hook in self.store.call("GET", "/webhooks", per_page=100)
            if hook["delivery_url"] == self.channel.webhook_url
        }
        self.assertEqual(states, dict.fromkeys(ORDER_TOPICS, "active"))
        self.Log._cron_process()
        order = self.imported(placed)
        self.assertEqual(order.state, "sale")
        self.assertAlmostEqual(order.amount_total, float(placed["total"]), places=2)
