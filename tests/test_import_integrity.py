import copy

from .import_common import ImportCase


class TestRevisions(ImportCase):
    def test_paid_within_the_second_it_was_placed_applies(self):
        placed = self.xcart(payment_status={"code": "Q"})
        order = self.order_of(self.run_event(placed))
        self.assertEqual(order.state, "draft")
        paid = self.xcart()  # same update_date, payment now P
        self.assertEqual(paid["update_date"], placed["update_date"])
        self.order_of(self.run_event(paid, event="order.updated"))
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.invoice_ids.state, "posted")
        again = self.enqueue(event="order.updated", payload=paid, delivery_id="msg-again")
        self.Log._cron_process()
        self.assertIn("already applied", again.response_summary)
        self.assertEqual(len(order.invoice_ids), 1)

    def test_revisions_compare_as_dates_not_text(self):
        order = self.order_of(self.run_event(self.xcart(payment_status={"code": "Q"})))
        # 10:00 at UTC-5 is 15:00 UTC: newer than 14:05:42 UTC, though smaller as text
        newer = self.xcart(update_date="2026-11-20T10:00:00-05:00")
        self.order_of(self.run_event(newer, event="order.updated"))
        self.assertEqual(order.state, "sale")
        # 09:00 at UTC-5 is 14:00 UTC: older, though larger as text than "2026-11-20T10"
        older = self.xcart(update_date="2026-11-20T09:00:00-05:00", notes="older")
        log = self.run_event(older, event="order.updated")
        self.assertIn("already applied", log.response_summary)

    def test_xcart_customer_revision_is_its_update_date(self):
        profile = {
            "id": 311,
            "login": "jane.doe@example.com",
            "status": "E",
            "create_date": "2026-01-01T00:00:00+00:00",
            "update_date": "2026-11-01T00:00:00+00:00",
        }
        log = self.run_event(profile, event="customer.updated")
        partner = self.env["res.partner"].browse(log.res_id)
        disabled = dict(profile, status="D", update_date="2026-11-02T00:00:00+00:00")
        self.run_event(disabled, event="customer.updated")
        self.assertFalse(partner.active, "a later update applies though created the same day")
        binding = self.env["storefront.binding"]._find(self.channel, "res.partner", "311")
        self.assertEqual(binding.external_revision, "2026-11-02T00:00:00+00:00")


class TestCancelBeforeImport(ImportCase):
    def test_cancel_before_import_ends_cancelled(self):
        cancel = self.run_event(self.xcart(payment_status={"code": "C"}), event="order.cancelled")
        self.assertEqual(cancel.state, "done", cancel.error_message)
        self.assertIn("before it was imported", cancel.response_summary)
        order = self.order_of(self.run_event(self.xcart()))
        self.assertEqual(order.state, "cancel")
        self.assertFalse(order.invoice_ids, "a cancelled order is neither invoiced nor paid")
        later = self.run_event(self.xcart(update_date="2026-11-21T00:00:00+00:00"), "order.updated")
        self.assertEqual(self.order_of(later).state, "cancel")

    def test_cancel_while_the_import_is_queued_is_read_by_it(self):
        cancel = self.enqueue(event="order.cancelled", payload=self.xcart())
        created = self.enqueue(event="order.created", payload=self.xcart(notes="created"))
        self.Log._cron_process()
        self.assertEqual(cancel.state, "done", cancel.error_message)
        order = self.order_of(created)
        self.assertEqual(order.state, "cancel")


class TestPaymentAndCurrency(ImportCase):
    def test_paid_order_invoiced_on_delivery_is_confirmed_with_its_payment(self):
        (self.tshirt | self.mug).product_tmpl_id.invoice_policy = "delivery"
        order = self.order_of(self.run_event(self.xcart()))
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.invoice_ids)
        payment = self.env["storefront.binding"]._to_internal(
            self.channel, "account.payment", "10452"
        )
        self.assertRecordValues(
            payment,
            [{"state": "in_process", "amount": 131.47, "partner_id": order.partner_id.id}],
        )
        self.run_event(self.xcart(update_date="2026-11-21T00:00:00+00:00"), "order.updated")
        self.assertEqual(
            self.env["account.payment"].search_count([("memo", "=", order.storefront_reference)]),
            1,
            "paid once",
        )

    def test_every_amount_converted_at_the_order_date_once(self):
        company = self.env.company
        eur = self.env.ref("base.EUR")
        self.assertNotEqual(company.currency_id, eur, "the test company keeps its books in USD")
        Rate = self.env["res.currency.rate"]
        Rate.search([("currency_id", "=", eur.id)]).unlink()
        Rate.create({"currency_id": eur.id, "name": "2026-11-01", "rate": 0.5})
        Rate.create({"currency_id": eur.id, "name": "2026-11-22", "rate": 0.8})
        self.clarity.currency_mode = "convert"
        order = self.order_of(self.run_event(self.clarity_order, channel=self.clarity))
        self.assertEqual(order.currency_id, company.currency_id)
        valve = order.order_line.filtered(lambda line: line.product_id == self.valve)
        self.assertAlmostEqual(valve.price_unit, 240.0, msg="converted at the order date")
        self.assertAlmostEqual(order.storefront_amount_total, 1120.98)
        self.assertAlmostEqual(order.amount_total, 1120.98)
        self.assertFalse(order.storefront_amount_mismatch)
        invoice = order.invoice_ids
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertAlmostEqual(invoice.amount_total, 1120.98)


class TestRefundIntegrity(ImportCase):
    def refund(self, refund_id, amount=None, order_id=10452, channel=None, delivery=None):
        payload = {"order_id": order_id, "refund_id": refund_id}
        if amount is not None:
            payload["amount"] = amount
        log = self.enqueue(
            event="refund.created",
            payload=payload,
            channel=channel,
            delivery_id=delivery or f"msg-{refund_id}-{amount}",
        )
        self.Log._cron_process()
        return log

    def credit_notes(self, order):
        return self.env["account.move"].search(
            [("reversed_entry_id", "in", order.invoice_ids.ids), ("state", "=", "posted")]
        )

    def test_two_partial_refunds_then_one_capped(self):
        order = self.order_of(self.run_event(self.xcart()))
        first = self.refund("RF-1", 20.0)
        second = self.refund("RF-2", 20.0)
        self.assertEqual((first.state, second.state), ("done", "done"), second.error_message)
        self.assertNotEqual(first.res_id, second.res_id)
        self.assertEqual(self.credit_notes(order).mapped("amount_total"), [20.0, 20.0])
        third = self.refund("RF-3", 500.0)
        self.assertEqual(third.state, "done", third.error_message)
        self.assertIn("capped", third.response_summary)
        self.assertAlmostEqual(sum(self.credit_notes(order).mapped("amount_total")), 131.47)
        fourth = self.refund("RF-4", 5.0)
        self.assertEqual((fourth.state, fourth.error_class), ("failed", "business"))
        self.assertIn("fully credited", fourth.error_message)

    def test_the_same_refund_twice_is_credited_once(self):
        order = self.order_of(self.run_event(self.xcart()))
        first = self.refund("RF-9", 30.0, delivery="msg-a")
        again = self.refund("RF-9", 30.0, delivery="msg-b")
        self.assertEqual(again.state, "done", again.error_message)
        self.assertEqual(again.res_id, first.res_id)
        self.assertIn("already credited", again.response_summary)
        self.assertEqual(self.credit_notes(order).mapped("amount_total"), [30.0])

    def test_converted_refund_after_the_import_row_was_cleaned_up(self):
        eur = self.env.ref("base.EUR")
        Rate = self.env["res.currency.rate"]
        Rate.search([("currency_id", "=", eur.id)]).unlink()
        Rate.create({"currency_id": eur.id, "name": "2026-11-01", "rate": 0.5})
        self.clarity.write({"currency_mode": "convert", "log_retention_days": 1})
        imported = self.run_event(copy.deepcopy(self.clarity_order), channel=self.clarity)
        order = self.order_of(imported)
        imported.date_done = "2026-01-01 00:00:00"
        self.Log._cron_cleanup()
        self.assertFalse(imported.exists(), "the retention deleted the import's row")
        # The rate moved since: the refund converts at the order's own.
        Rate.search([("currency_id", "=", eur.id)]).rate = 0.8
        log = self.refund("RF-C2", 119.0, order_id=88214, channel=self.clarity)
        self.assertEqual(log.state, "done", log.error_message)
        self.assertAlmostEqual(self.env["account.move"].browse(log.res_id).amount_total, 238.0)
        self.assertEqual((order.storefront_currency_id, order.storefront_currency_rate), (eur, 2.0))

    def test_partial_refund_credits_the_lines_with_their_taxes(self):
        order = self.order_of(
            self.run_event(copy.deepcopy(self.clarity_order), channel=self.clarity)
        )
        log = self.refund("RF-C1", 119.0, order_id=88214, channel=self.clarity)
        self.assertEqual(log.state, "done", log.error_message)
        credit = self.env["account.move"].browse(log.res_id)
        self.assertAlmostEqual(credit.amount_total, 119.0)
        self.assertAlmostEqual(credit.amount_tax, 19.0, delta=0.02)
        self.assertEqual(
            credit.invoice_line_ids.filtered(lambda ln: ln.display_type == "product").tax_ids,
            self.vat19,
        )
        self.assertEqual(order.invoice_ids.filtered(lambda m: m.move_type == "out_refund"), credit)
