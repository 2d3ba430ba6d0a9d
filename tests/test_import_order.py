import copy

from .common import load_sample
from .import_common import ImportCase


class TestSampleOrders(ImportCase):
    def test_xcart_sample_becomes_a_paid_sale_order(self):
        order = self.order_of(self.run_event(self.xcart()))
        partner = order.partner_id
        self.assertEqual(partner.email, "Jane.Doe@Example.com")
        self.assertEqual(partner.name, "Jane Doe")
        self.assertRecordValues(
            order.partner_invoice_id,
            [
                {
                    "parent_id": partner.id,
                    "type": "invoice",
                    "street": "1200 Market St",
                    "street2": "Suite 400",
                    "zip": "94102",
                    "city": "San Francisco",
                    "phone": "+14155550134",
                }
            ],
        )
        self.assertEqual(order.partner_invoice_id.state_id.code, "CA")
        self.assertEqual(order.partner_invoice_id.country_id.code, "US")
        self.assertRecordValues(
            order.partner_shipping_id,
            [
                {
                    "parent_id": partner.id,
                    "type": "delivery",
                    "street": "88 Howard St",
                }
            ],
        )
        lines = order.order_line
        self.assertEqual(
            sorted((ln.product_id.default_code, ln.product_uom_qty, ln.price_unit) for ln in lines),
            [("MUG-0042", 1, 69.99), ("SHIP-US", 1, 12.5), ("TSHIRT-BLK-M", 2, 19.99)],
        )
        self.assertTrue(lines.filtered("is_delivery"))
        self.assertEqual(order.currency_id.name, "USD")
        self.assertAlmostEqual(order.amount_untaxed, 122.47)
        self.assertAlmostEqual(order.amount_tax, 9.0)
        self.assertAlmostEqual(order.amount_total, 131.47)
        self.assertFalse(order.storefront_amount_mismatch)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.client_order_ref, "00457")
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertAlmostEqual(invoice.amount_total, 131.47)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        binding = self.env["storefront.binding"]._find(self.channel, "sale.order", "10452")
        self.assertEqual(binding.res_id, order.id)
        self.assertEqual(binding.external_revision, "2026-11-20T14:05:42+00:00")

    def test_clarity_sample_becomes_a_paid_sale_order_in_eur(self):
        order = self.order_of(self.run_event(self.clarity_order, channel=self.clarity))
        self.assertEqual(order.currency_id.name, "EUR")
        self.assertEqual(order.partner_id.email, "purchasing@acme-industrial.de")
        self.assertRecordValues(
            order.partner_invoice_id,
            [
                {
                    "street": "Friedrichstrasse 123",
                    "street2": "3. OG",
                    "zip": "10117",
                    "city": "Berlin",
                    "phone": "+4930901820",
                }
            ],
        )
        self.assertEqual(order.partner_invoice_id.state_id.name, "Berlin")
        self.assertEqual(order.partner_shipping_id.city, "Potsdam")
        valve = order.order_line.filtered(lambda line: line.product_id == self.valve)
        self.assertRecordValues(valve, [{"product_uom_qty": 4, "price_unit": 120.0}])
        self.assertAlmostEqual(valve.discount, 5.0)
        self.assertAlmostEqual(order.amount_tax, 89.49)
        self.assertAlmostEqual(order.amount_total, 560.49)
        self.assertEqual(order.state, "sale")
        self.assertIn(order.invoice_ids.payment_state, ("paid", "in_payment"))
        self.assertEqual(order.storefront_reference, "SO-2026-88214")


class TestCustomers(ImportCase):
    def test_returning_customer_reuses_partner_and_identical_addresses(self):
        first = self.order_of(self.run_event(self.xcart()))
        second_payload = self.xcart(
            id=10460, order_number="00460", email="JANE.DOE@example.COM", customer_id=None
        )
        second_payload["shipping_address"] = dict(
            second_payload["shipping_address"], street="1 Ferry Building"
        )
        second = self.order_of(self.run_event(second_payload))
        self.assertEqual(second.partner_id, first.partner_id)
        self.assertEqual(second.partner_invoice_id, first.partner_invoice_id)
        self.assertNotEqual(second.partner_shipping_id, first.partner_shipping_id)
        self.assertEqual(
            self.env["res.partner"].search_count([("email", "=ilike", "jane.doe@example.com")]), 1
        )

    def test_customer_found_by_binding_before_email(self):
        self.order_of(self.run_event(self.xcart()))
        other = self.xcart(id=10461, email="new-address@example.com")
        order = self.order_of(self.run_event(other))
        self.assertEqual(order.partner_id.email, "Jane.Doe@Example.com", "customer_id 311 bound")

    def test_unparsable_phone_is_kept_raw(self):
        payload = self.xcart()
        payload["billing_address"]["phone"] = "call after 5pm"
        order = self.order_of(self.run_event(payload))
        self.assertEqual(order.partner_invoice_id.phone, "call after 5pm")

    def test_customer_event_matches_by_email(self):
        partner = self.env["res.partner"].create({"name": "Jane", "email": "jane.doe@example.com"})
        log = self.run_event(
            {"id": 311, "login": "Jane.Doe@Example.com", "status": "E"}, event="customer.updated"
        )
        self.assertEqual(log.state, "done", log.error_message)
        self.assertEqual(log.res_id, partner.id)
        log2 = self.run_event(
            {"id": 311, "login": "Jane.Doe@Example.com", "status": "D"}, event="customer.updated"
        )
        self.assertEqual(log2.res_id, partner.id)
        # Bound, never overwritten: the connector did not create this partner.
        self.assertTrue(partner.active)
        self.assertEqual(partner.name, "Jane")


class TestProducts(ImportCase):
    def test_unknown_sku_fails_naming_it_then_requeue_imports(self):
        payload = self.xcart()
        payload["items"][1]["sku"] = "NEW-SKU-9"
        log = self.run_event(payload)
        self.assertEqual((log.state, log.error_class), ("failed", "business"))
        self.assertIn("NEW-SKU-9", log.error_message)
        self.assertIn("00457", log.error_message)
        self.assertFalse(self.env["sale.order"].search([("client_order_ref", "=", "00457")]))
        self.mug.default_code = "NEW-SKU-9"
        log.action_requeue()
        self.Log._cron_process()
        self.assertEqual(self.order_of(log).amount_total, 131.47)

    def test_sku_found_by_barcode(self):
        self.mug.write({"default_code": False, "barcode": "MUG-0042"})
        order = self.order_of(self.run_event(self.xcart()))
        self.assertIn(self.mug, order.order_line.product_id)

    def test_missing_product_created_when_the_channel_says_so(self):
        self.channel.create_missing_products = True
        payload = self.xcart()
        payload["items"][0]["sku"] = "BRAND-NEW"
        order = self.order_of(self.run_event(payload))
        created = order.order_line.product_id.filtered(lambda p: p.default_code == "BRAND-NEW")
        self.assertEqual(created.name, "T-shirt black M")

    def test_product_event_upserts_without_duplicates(self):
        product = load_sample("xcart55_product.json")
        log = self.run_event(product, event="product.updated")
        self.assertEqual(log.res_id, self.tshirt.id)
        self.assertEqual(self.tshirt.name, "T-shirt black M")
        newer = dict(product, name="T-shirt black M (organic)", update_date="2026-11-22T00:00:00")
        self.run_event(newer, event="product.updated")
        self.assertEqual(self.tshirt.name, "T-shirt black M (organic)")
        older = dict(product, name="Old name", update_date="2025-01-01T00:00:00")
        stale = self.run_event(older, event="product.updated")
        self.assertIn("newer version", stale.response_summary)
        self.assertEqual(self.tshirt.name, "T-shirt black M (organic)")
        self.assertEqual(
            self.env["product.product"].search_count([("default_code", "=", "TSHIRT-BLK-M")]), 1
        )


class TestAmountsAndStatus(ImportCase):
    def test_total_mismatch_is_flagged_and_not_confirmed(self):
        order = self.order_of(self.run_event(self.xcart(total=140.0)))
        self.assertTrue(order.storefront_amount_mismatch)
        self.assertIn("140.0", order.storefront_mismatch_message)
        self.assertIn("131.47", order.storefront_mismatch_message)
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.invoice_ids)
        log = self.Log.search([("res_id", "=", order.id), ("res_model", "=", "sale.order")])
        self.assertIn("Total mismatch", log.response_summary)

    def test_payment_mismatch_is_a_payment_reconciliation_error(self):
        payload = copy.deepcopy(self.clarity_order)
        payload["SalesOrderPayments"][0]["Amount"] = 500.0
        log = self.run_event(payload, channel=self.clarity)
        self.assertEqual((log.state, log.error_class), ("failed", "business"))
        self.assertIn("Payment reconciliation", log.error_message)
        self.assertIn("500.0", log.error_message)
        self.assertIn("560.49", log.error_message)

    def test_unknown_currency_is_a_validation_error(self):
        log = self.run_event(self.xcart(currency="XYZ"))
        self.assertEqual((log.state, log.error_class), ("failed", "validation"))
        self.assertIn("XYZ", log.error_message)

    def test_missing_shipping_product_is_a_validation_error(self):
        self.channel.delivery_product_id = False
        log = self.run_event(self.xcart())
        self.assertEqual(log.error_class, "validation")
        self.assertIn("shipping product", log.error_message)

    def test_update_moves_status_forward_and_stale_revisions_are_ignored(self):
        awaiting = self.xcart(payment_status={"code": "Q"})
        order = self.order_of(self.run_event(awaiting))
        self.assertEqual(order.state, "draft")
        paid = self.xcart(update_date="2026-11-20T15:00:00+00:00")
        self.order_of(self.run_event(paid, event="order.updated"))
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.invoice_ids.state, "posted")
        stale = self.xcart(update_date="2026-11-20T14:00:00+00:00", payment_status={"code": "C"})
        log = self.run_event(stale, event="order.updated")
        self.assertIn("already applied", log.response_summary)
        self.assertEqual(order.state, "sale")

    def test_created_twice_imports_once(self):
        first = self.order_of(self.run_event(self.xcart()))
        again = self.run_event(self.xcart(notes="same order, another delivery"))
        self.assertEqual(self.order_of(again), first)
        self.assertEqual(
            self.env["sale.order"].search_count([("client_order_ref", "=", "00457")]), 1
        )

    def test_cancel_event_cancels_a_quotation(self):
        order = self.order_of(self.run_event(self.xcart(payment_status={"code": "Q"})))
        log = self.run_event(self.xcart(payment_status={"code": "C"}), event="order.cancelled")
        self.assertEqual(self.order_of(log), order)
        self.assertEqual(order.state, "cancel")

    def test_cancel_of_an_invoiced_order_is_a_business_error(self):
        self.order_of(self.run_event(self.xcart()))
        log = self.run_event(self.xcart(payment_status={"code": "C"}), event="order.cancelled")
        self.assertEqual((log.state, log.error_class), ("failed", "business"))
        self.assertIn("credit note", log.error_message)

    def test_cancel_of_an_unknown_order_is_kept_for_its_import(self):
        log = self.run_event(self.xcart(id=999), event="order.cancelled")
        self.assertEqual(log.state, "done")
        self.assertIn("cancelled when it is imported", log.response_summary)


class TestRefunds(ImportCase):
    def test_partial_and_full_refund_credit_notes(self):
        order = self.order_of(self.run_event(self.xcart()))
        log = self.run_event({"order_id": 10452, "amount": 20.0}, event="refund.created")
        self.assertEqual(log.state, "done", log.error_message)
        credit = self.env["account.move"].browse(log.res_id)
        self.assertRecordValues(
            credit, [{"move_type": "out_refund", "state": "posted", "amount_total": 20.0}]
        )
        self.assertEqual(
            credit.reversed_entry_id,
            order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice"),
        )
        rest = self.run_event({"order_id": 10452}, event="refund.created")
        self.assertAlmostEqual(
            self.env["account.move"].browse(rest.res_id).amount_total, 111.47, msg="what is left"
        )

    def test_refund_without_invoice_is_a_business_error(self):
        self.order_of(self.run_event(self.xcart(payment_status={"code": "Q"})))
        log = self.run_event({"order_id": 10452, "amount": 5}, event="refund.created")
        self.assertEqual((log.state, log.error_class), ("failed", "business"))
        self.assertIn("no posted invoice", log.error_message)

    def test_refund_larger_than_the_invoice_is_capped(self):
        self.order_of(self.run_event(self.xcart()))
        log = self.run_event({"order_id": 10452, "amount": 500}, event="refund.created")
        self.assertEqual(log.state, "done", log.error_message)
        self.assertAlmostEqual(self.env["account.move"].browse(log.res_id).amount_total, 131.47)
        self.assertIn("capped", log.response_summary)
        negative = self.run_event({"order_id": 10452, "amount": -5}, event="refund.created")
        self.assertEqual(negative.error_class, "validation")
