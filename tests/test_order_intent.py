"""A cancellation the store sends before its order is imported is never lost."""

from datetime import timedelta

from odoo import fields

from .import_common import ImportCase


class TestCancelBeforeLateImport(ImportCase):
    def setUp(self):
        super().setUp()
        self.channel.max_attempts = 6

    def run_due(self, rows, rounds=10):
        for _round in range(rounds):
            due = rows.filtered(lambda row: row.state == "pending")
            if not due:
                return
            due.sudo().write({"next_attempt_at": False})
            self.Log._cron_process()

    def failing_import(self):
        """An import that failed 5 times and waits for its next try."""
        created = self.enqueue(event="order.created", payload=self.xcart())
        created.sudo().write(
            {
                "attempts": 5,
                "error_class": "transient",
                "error_message": "The storefront timed out.",
                "next_attempt_at": fields.Datetime.now() + timedelta(hours=1),
            }
        )
        return created

    def cancel_first(self):
        """An import failing five times, then its order's cancellation, processed first."""
        created = self.failing_import()
        cancel = self.enqueue(
            event="order.cancelled", payload=self.xcart(payment_status={"code": "C"})
        )
        self.run_due(cancel)
        self.assertEqual(cancel.state, "done", cancel.error_message)
        return created, cancel

    def test_cancel_before_an_import_that_failed_five_times(self):
        created, cancel = self.cancel_first()
        self.assertIn("before it was imported", cancel.response_summary)
        self.run_due(created)
        order = self.order_of(created)
        self.assertEqual(order.state, "cancel")
        self.assertFalse(order.invoice_ids, "a cancelled order is neither invoiced nor paid")
        self.assertFalse(order.picking_ids)
        self.assertFalse(
            self.Log.search([("channel_id", "=", self.channel.id), ("direction", "=", "out")])
        )

    def test_the_cancel_outlives_the_log_retention(self):
        created, cancel = self.cancel_first()
        cancel.sudo().write({"date_done": fields.Datetime.now() - timedelta(days=400)})
        self.channel.log_retention_days = 30
        self.Log._cron_cleanup()
        self.assertFalse(cancel.exists())
        self.run_due(created)
        self.assertEqual(self.order_of(created).state, "cancel")

    def test_an_order_imported_without_cancel_is_confirmed(self):
        created = self.failing_import()
        self.run_due(created)
        self.assertEqual(self.order_of(created).state, "sale")
