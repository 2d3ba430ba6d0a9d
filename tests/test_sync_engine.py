import random
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError as OdooValidationError

from ..connectors import errors
from ..models.storefront_sync_log import payload_hash
from ..tools.engine import backoff_delay
from ..tools.mapping import MappingError
from .common import FakeHandler, StorefrontCase


class TestEnqueue(StorefrontCase):
    def test_same_delivery_id_is_stored_once(self):
        first, created = self.Log._enqueue(
            self.channel, "in", "order.created", {"id": 7}, external_id=7, delivery_id="d-1"
        )
        again, created_again = self.Log._enqueue(
            self.channel,
            "in",
            "order.created",
            {"id": 7, "x": 1},
            external_id=7,
            delivery_id="d-1",
        )
        self.assertTrue(created)
        self.assertFalse(created_again)
        self.assertEqual(first, again)

    def test_same_event_and_payload_is_stored_once(self):
        first = self.enqueue(payload={"id": 1, "b": 2, "a": 1})
        again = self.enqueue(payload={"a": 1, "id": 1, "b": 2})
        other_event = self.enqueue(event="order.updated", payload={"a": 1, "id": 1, "b": 2})
        changed = self.enqueue(payload={"id": 1, "b": 3, "a": 1})
        self.assertEqual(first, again)
        self.assertNotEqual(first, other_event)
        self.assertNotEqual(first, changed)

    def test_dedup_is_per_channel(self):
        other = self.channel.copy({"name": "Other"})
        self.assertNotEqual(self.enqueue(), self.enqueue(channel=other))

    def test_row_fields(self):
        log = self.enqueue(payload={"id": 42, "total": 1.5}, delivery_id="abc")
        self.assertRecordValues(
            log,
            [
                {
                    "state": "pending",
                    "attempts": 0,
                    "direction": "in",
                    "event_type": "order.created",
                    "external_id": "42",
                    "delivery_id": "abc",
                    "dedup_key": "delivery:abc",
                    "company_id": self.channel.company_id.id,
                }
            ],
        )
        self.assertEqual(log.payload, {"id": 42, "total": 1.5})
        self.assertEqual(log.payload_hash, payload_hash({"total": 1.5, "id": 42}))
        self.assertIn('"total": 1.5', log.payload_text)


class TestClaim(StorefrontCase):
    def test_claims_due_pending_rows_with_a_lease(self):
        due = self.enqueue(payload={"id": 1})
        later = self.enqueue(
            payload={"id": 2}, next_attempt_at=fields.Datetime.now() + timedelta(hours=1)
        )
        claimed = self.Log._claim(limit=10, lease_seconds=120)
        self.assertEqual(claimed, due)
        self.assertEqual(due.state, "running")
        self.assertEqual(due.attempts, 1)
        self.assertGreater(due.lease_until, fields.Datetime.now() + timedelta(seconds=60))
        self.assertEqual(later.state, "pending")

    def test_limit_and_order(self):
        logs = [self.enqueue(payload={"id": n}) for n in range(5)]
        claimed = self.Log._claim(limit=2)
        self.assertEqual(claimed.ids, [logs[0].id, logs[1].id])

    def test_expired_lease_is_reclaimed(self):
        stuck = self.enqueue(payload={"id": 1})
        held = self.enqueue(payload={"id": 2})
        past = fields.Datetime.now() - timedelta(minutes=1)
        future = fields.Datetime.now() + timedelta(minutes=10)
        stuck.write({"state": "running", "attempts": 1, "lease_until": past})
        held.write({"state": "running", "attempts": 1, "lease_until": future})
        claimed = self.Log._claim(limit=10)
        self.assertEqual(claimed, stuck)
        self.assertEqual(stuck.attempts, 2)

    def test_finished_rows_are_not_claimed(self):
        for state in ("done", "failed", "dead", "cancelled"):
            self.enqueue(payload={"state": state}).write({"state": state})
        self.assertFalse(self.Log._claim(limit=10))

    def test_paused_channel_holds_everything(self):
        self.enqueue()
        self.channel.action_pause()
        self.assertFalse(self.Log._claim())
        self.channel.action_resume()
        self.assertTrue(self.Log._claim())

    def test_archived_channel_holds_everything(self):
        self.enqueue()
        self.channel.active = False
        self.assertFalse(self.Log._claim())


class TestProcessing(StorefrontCase):
    def process(self, fake):
        with self.handler(fake):
            return self.Log._cron_process()

    def test_success_records_the_record_and_duration(self):
        log = self.enqueue()
        partner = self.env["res.partner"].create({"name": "Customer"})
        self.process(FakeHandler(result=partner))
        self.assertRecordValues(
            log,
            [
                {
                    "state": "done",
                    "res_model": "res.partner",
                    "res_id": partner.id,
                    "error_class": False,
                    "lease_until": False,
                }
            ],
        )
        self.assertTrue(log.date_done)
        self.assertGreaterEqual(log.duration_ms, 0)
        self.assertEqual(log.action_open_record()["res_id"], partner.id)

    def test_transient_error_retries_with_backoff(self):
        log = self.enqueue()
        before = fields.Datetime.now()
        self.process(FakeHandler(error=errors.TransientError("Store answered 503")))
        self.assertEqual(log.state, "pending")
        self.assertEqual(log.error_class, "transient")
        self.assertEqual(log.error_message, "Store answered 503")
        # first retry: uniform(0, base=10 s)
        self.assertLessEqual(log.next_attempt_at, before + timedelta(seconds=11))
        self.assertGreaterEqual(log.next_attempt_at, before - timedelta(seconds=1))

    def test_retry_after_wins_over_backoff(self):
        log = self.enqueue()
        before = fields.Datetime.now()
        self.process(FakeHandler(error=errors.TransientError("429", retry_after=500)))
        self.assertGreaterEqual(log.next_attempt_at, before + timedelta(seconds=499))

    def test_dead_after_the_last_attempt_then_requeued(self):
        log = self.enqueue()
        fake = FakeHandler(error=errors.TransientError("timeout"))
        for attempt in range(1, 4):
            log.next_attempt_at = False
            self.process(fake)
            self.assertEqual(log.attempts, attempt)
        self.assertEqual(log.state, "dead")
        self.assertEqual(len(fake.calls), 3)
        self.assertFalse(self.Log._claim(), "a dead row is never claimed again by itself")

        log.action_requeue()
        self.assertRecordValues(log, [{"state": "pending", "attempts": 0}])
        self.process(FakeHandler(result=self.channel))
        self.assertEqual(log.state, "done")

    def test_validation_and_business_errors_fail_without_retry(self):
        cases = [
            (errors.ValidationError("Missing email"), "validation"),
            (errors.BusinessError("SKU X not found"), "business"),
            (MappingError("Missing required value at 'email'"), "validation"),
            (OdooValidationError("Country is mandatory"), "validation"),
            (UserError("Cannot confirm"), "validation"),
            (KeyError("boom"), "business"),
        ]
        for error, error_class in cases:
            with self.subTest(error=error):
                log = self.enqueue(payload={"case": repr(error)})
                self.process(FakeHandler(error=error))
                self.assertEqual(log.state, "failed")
                self.assertEqual(log.error_class, error_class)
                self.assertFalse(log.next_attempt_at)
                self.assertTrue(log.error_message)
        self.assertIn("KeyError", log.error_message)

    def test_failure_rolls_back_the_handler_writes(self):
        log = self.enqueue()
        partner = self.env["res.partner"].create({"name": "Before"})

        def write_then_fail(_log):
            partner.name = "After"
            partner.flush_recordset()

        self.process(FakeHandler(error=errors.BusinessError("no"), side_effect=write_then_fail))
        partner.invalidate_recordset()
        self.assertEqual(partner.name, "Before")
        self.assertEqual(log.state, "failed")

    def test_one_bad_row_does_not_stop_the_batch(self):
        bad = self.enqueue(payload={"id": "bad"})
        good = self.enqueue(payload={"id": "good"})

        def fail_bad(log):
            if log.external_id == "bad":
                raise errors.ValidationError("bad row")  # pylint: disable=translation-required

        self.process(FakeHandler(result=self.channel, side_effect=fail_bad))
        self.assertEqual(bad.state, "failed")
        self.assertEqual(good.state, "done")

    def test_unknown_event_has_no_handler(self):
        log = self.enqueue(event="gizmo.created")
        self.Log._cron_process()
        self.assertEqual(log.state, "failed")
        self.assertIn("No handler", log.error_message)

    def test_auth_error_holds_outbound_work_until_credentials_are_fixed(self):
        out = self.enqueue(event="stock.update", direction="out", payload={"sku": "A"})
        inbound = self.enqueue(payload={"id": 5})
        self.process(FakeHandler(error=errors.AuthError("X-Cart refused the API token")))
        self.assertEqual(self.channel.health_state, "auth_failed")
        self.assertIn("refused", self.channel.last_error)
        activity = self.channel.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.channel.user_id)
        for log in (out, inbound):
            self.assertEqual(log.state, "pending", "nothing is dropped")
            self.assertEqual(log.attempts, 0, "an auth failure does not use up attempts")
        # rows that need the API wait; an inbound row without an auth error still runs
        fresh = self.enqueue(payload={"id": 6})
        self.assertEqual(self.Log._claim(limit=10), fresh)

        self.channel.xcart_token = "new-token"
        self.assertEqual(self.channel.health_state, "ok")
        with self.handler(FakeHandler(result=self.channel)):
            self.Log._cron_process()
        self.assertEqual((out + inbound).mapped("state"), ["done", "done"])

    def test_cancel_and_requeue(self):
        log = self.enqueue()
        log.action_cancel()
        self.assertEqual(log.state, "cancelled")
        self.assertFalse(self.Log._claim())
        cron = self.env.ref("storefront_connector.ir_cron_storefront_process")
        wake_ups = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        wake_ups.unlink()
        log.action_requeue()
        self.assertEqual(log.state, "pending")
        self.assertTrue(wake_ups.search([("cron_id", "=", cron.id)]), "the requeue wakes the cron")

    def test_requeue_leaves_done_rows_alone(self):
        log = self.enqueue()
        log.write({"state": "done"})
        log.action_requeue()
        self.assertEqual(log.state, "done")

    def test_open_record_without_record(self):
        with self.assertRaises(UserError):
            self.enqueue().action_open_record()


class TestBackoff(StorefrontCase):
    def test_full_jitter_schedule(self):
        rng = random.Random(4)
        for attempt, ceiling in [(1, 10), (2, 20), (3, 40), (4, 80), (8, 600), (20, 600)]:
            samples = [backoff_delay(attempt, 10, 600, rng) for _ in range(200)]
            self.assertTrue(all(0 <= s <= ceiling for s in samples))
            self.assertGreater(max(samples), ceiling * 0.8, "full jitter spans the whole window")
            self.assertLess(min(samples), ceiling * 0.2)


class TestRetention(StorefrontCase):
    def test_removes_old_done_rows_in_batches(self):
        old = fields.Datetime.now() - timedelta(days=40)
        recent = fields.Datetime.now() - timedelta(days=5)
        old_done = [self.enqueue(payload={"n": n}) for n in range(5)]
        for log in old_done:
            log.write({"state": "done", "date_done": old})
        kept_recent = self.enqueue(payload={"n": "recent"})
        kept_recent.write({"state": "done", "date_done": recent})
        kept_failed = self.enqueue(payload={"n": "failed"})
        kept_failed.write({"state": "failed", "date_done": old})

        self.assertEqual(self.Log._cron_cleanup(batch_size=3), 3)
        self.assertEqual(self.Log._cron_cleanup(batch_size=3), 2)
        self.assertEqual(self.Log._cron_cleanup(batch_size=3), 0)
        self.assertTrue(kept_recent.exists())
        self.assertTrue(kept_failed.exists())
        self.assertFalse(self.Log.browse([log.id for log in old_done]).exists())

    def test_zero_retention_keeps_everything(self):
        self.channel.log_retention_days = 0
        log = self.enqueue()
        log.write({"state": "done", "date_done": fields.Datetime.now() - timedelta(days=400)})
        self.assertEqual(self.Log._cron_cleanup(), 0)
