import time
from datetime import timedelta

from odoo import fields
from odoo.tests import BaseCase

from ..connectors import errors
from ..connectors.http import StorefrontClient, parse_retry_after
from ..sandbox import XCartSandbox
from ..tools import engine
from .common import FakeHandler, StorefrontCase


class TestRetryTiming(StorefrontCase):
    def triggers(self):
        cron = self.env.ref("storefront_connector.ir_cron_storefront_process")
        return self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])

    def test_a_retry_wakes_the_cron_when_it_is_due(self):
        log = self.enqueue()
        before = self.triggers()
        with self.handler(FakeHandler(error=errors.TransientError("503"))):
            self.Log._cron_process()
        self.assertEqual(log.state, "pending")
        new = self.triggers() - before
        self.assertEqual(new.mapped("call_at"), [log.next_attempt_at])

    def test_retry_after_wakes_the_cron_at_that_moment(self):
        log = self.enqueue()
        before = self.triggers()
        now = fields.Datetime.now()
        with self.handler(FakeHandler(error=errors.TransientError("429", retry_after=42))):
            self.Log._cron_process()
        self.assertGreaterEqual(log.next_attempt_at, now + timedelta(seconds=41))
        self.assertLessEqual(log.next_attempt_at, now + timedelta(seconds=44))
        self.assertEqual((self.triggers() - before).mapped("call_at"), [log.next_attempt_at])

    def test_a_row_is_tried_once_per_run_even_without_delay(self):
        self.channel.write({"retry_base_delay": 0, "retry_max_delay": 0})
        log = self.enqueue()
        fake = FakeHandler(error=errors.TransientError("503"))
        with self.handler(fake):
            self.Log._cron_process()
        self.assertEqual((len(fake.calls), log.attempts, log.state), (1, 1, "pending"))


class TestOutcomeRecording(StorefrontCase):
    def test_bad_retry_after_values_never_fail_the_batch(self):
        cases = ["soon", "nan", float("inf"), -30, 10**15, "1e400", object()]
        logs = [self.enqueue(payload={"case": n}) for n in range(len(cases))]
        good = self.enqueue(payload={"case": "good"})
        by_id = {log.id: case for log, case in zip(logs, cases, strict=True)}

        def fail(log):
            if log.id in by_id:
                raise errors.TransientError("Store busy", retry_after=by_id[log.id])

        now = fields.Datetime.now()
        with self.handler(FakeHandler(result=self.channel, side_effect=fail)):
            self.Log._cron_process()
        self.assertEqual(good.state, "done")
        for log in logs:
            self.assertEqual(log.state, "pending", by_id[log.id])
            self.assertGreaterEqual(log.next_attempt_at, now - timedelta(seconds=1))
            # never later than the channel's delay cap (600 s)
            self.assertLessEqual(log.next_attempt_at, now + timedelta(seconds=601))

    def test_nul_characters_and_huge_messages_are_cleaned(self):
        log = self.enqueue()
        message = "bad\x00byte " + "x" * 50000
        with self.handler(FakeHandler(error=errors.BusinessError(message))):
            self.Log._cron_process()
        self.assertEqual(log.state, "failed")
        self.assertNotIn("\x00", log.error_message)
        self.assertTrue(log.error_message.startswith("badbyte x"))
        self.assertLessEqual(len(log.error_message), 2000)

    def test_parse_retry_after_ignores_garbage(self):
        self.assertIsNone(parse_retry_after("soon"))
        self.assertIsNone(parse_retry_after("nan"))
        self.assertIsNone(parse_retry_after("Mon, 99 Foo 2026 99:99:99 GMT"))
        self.assertEqual(parse_retry_after("-5"), 0.0)
        self.assertEqual(parse_retry_after("7"), 7.0)


class TestFairClaims(StorefrontCase):
    def test_a_backlog_does_not_starve_another_channel(self):
        other = self.channel.copy({"name": "Small store"})
        backlog = [self.enqueue(payload={"n": n}) for n in range(10)]
        small = [self.enqueue(payload={"n": n}, channel=other) for n in range(2)]
        fake = FakeHandler(result=self.channel)
        with self.handler(fake):
            self.Log._cron_process()
        self.assertEqual(len(fake.calls), 12)
        first_four = fake.calls[:4]
        self.assertEqual(
            [log_id in {log.id for log in small} for log_id in first_four],
            [False, True, False, True],
            "the claims alternate between the channels",
        )
        self.assertEqual(fake.calls[4:], [log.id for log in backlog[2:]])


class TestTransportFailures(StorefrontCase):
    def test_every_failure_without_a_status_is_transient(self):
        with XCartSandbox() as store:
            store.inject("garbled", count=2)
            client = StorefrontClient(store.url, timeout=10, max_retries=1, sleep=lambda _s: None)
            with self.assertRaises(errors.TransientError) as caught:
                client._request("GET", "/api/products")
            self.assertIn("ContentDecodingError", str(caught.exception))
            self.assertEqual(len(store.requests), 2, "retried like a dropped connection")


class _Cursor:
    """What the engine reads of a cursor: identity and ``closed``."""

    closed = False


class TestWakeBudget(BaseCase):
    def test_the_jobs_of_one_wake_up_share_its_clock(self):
        wake, lane_1, lane_2 = _Cursor(), _Cursor(), _Cursor()
        engine.note_cron_wake(wake)
        first = engine.run_start(lane_1, True)
        time.sleep(0.01)
        engine.note_cron_wake(wake)  # the next job of the same wake-up
        self.assertEqual(engine.run_start(lane_2, True), first)
        later = _Cursor()
        engine.note_cron_wake(later)  # the next wake-up
        self.assertGreater(engine.run_start(lane_2, True), first)
        later.closed = True  # outside a wake-up: the clock of the job itself
        self.assertEqual(engine.run_start(lane_2, True), engine.run_start(lane_2, True))
        self.assertGreater(engine.run_start(lane_2, True), first)
