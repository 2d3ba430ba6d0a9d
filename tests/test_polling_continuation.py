"""Polling that cannot freeze: continuation past the page bound, a watermark per
entity, future dates clamped, a time budget per cron run."""

from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tools import config

from .. import const
from ..sandbox import XCartSandbox
from .common import load_sample
from .polling_common import ClarityPollingCase, PollingCase, iso

# A poll reads at most 3 pages of 10 objects: 30 objects.
SMALL_BOUND = {"POLL_PAGE_SIZE": 10, "POLL_MAX_PAGES": 3}


def small_bound():
    return patch.multiple(const, **SMALL_BOUND)


def clarity_date(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class TestXCartContinuation(PollingCase):
    def backlog(self, first_id, base):
        """One order read by a poll, then 45 newer ones: more than a bounded poll reads."""
        self.add_order(first_id, base)
        self.assertEqual(self.channel._poll(), 1)
        for n in range(1, 46):
            self.add_order(first_id + n, base + timedelta(minutes=n))

    def test_poll_continues_past_its_page_bound(self):
        base = datetime(2026, 11, 20, 10, 0, 0)
        self.backlog(4000, base)
        with small_bound():
            self.assertEqual(self.channel._poll(), 30)  # the 30 newest changes
            self.assertIn("next polls read the rest", self.channel.last_error)
            self.assertEqual(self.channel.poll_watermark, base + timedelta(minutes=45))
            self.assertEqual(self.channel._poll(), 15)  # read on where it stopped
            self.assertFalse(self.channel.last_error)
            self.assertFalse(self.channel.poll_state["order"].get("resume"))
            ids = self.own_logs().mapped("external_id")
            self.assertEqual(len(ids), 46)
            self.assertEqual(sorted(ids), sorted(str(4000 + n) for n in range(46)))
            # back to reading the newest changes only
            self.xcart.clear_requests()
            self.assertEqual(self.channel._poll(), 0)
            self.assertEqual([r.query.get("page") for r in self.xcart.requests], ["1"])

    def test_changes_during_a_continuation_are_not_skipped(self):
        base = datetime(2026, 11, 20, 10, 0, 0)
        self.backlog(4100, base)
        with small_bound():
            self.assertEqual(self.channel._poll(), 30)
            # meanwhile an unread order changes (it moves to the top of the list)
            # and new orders come in (they push the rest down)
            self.xcart.orders[4105]["update_date"] = iso(base + timedelta(hours=2))
            for n in range(46, 49):
                self.add_order(4100 + n, base + timedelta(hours=3, minutes=n))
            for _attempt in range(5):
                self.channel._poll()
                if not self.channel.poll_state["order"].get("resume"):
                    break
            self.channel._poll()
        logs = self.own_logs()
        ids = set(logs.mapped("external_id"))
        self.assertEqual(ids, {str(4100 + n) for n in range(49)})
        # each object once: 4105 in the version it had when it was read
        self.assertEqual(len(logs), 49)
        moved = logs.filtered(lambda log: log.external_id == "4105")
        self.assertEqual(moved.payload["update_date"], iso(base + timedelta(hours=2)))

    def test_a_future_date_does_not_push_the_watermark_ahead(self):
        self.add_order(4200, datetime(2099, 1, 1))
        self.assertEqual(self.channel._poll(), 1)
        self.assertLessEqual(self.channel.poll_watermark, fields.Datetime.now())
        # an order changed now is still read by the next poll
        self.add_order(4201, fields.Datetime.now())
        self.assertEqual(self.channel._poll(), 1)
        self.assertLessEqual(self.channel.poll_watermark, fields.Datetime.now())
        self.assertEqual(set(self.own_logs().mapped("external_id")), {"4200", "4201"})

    def test_a_watermark_set_by_hand_restarts_every_entity(self):
        base = datetime(2026, 11, 20, 10, 0, 0)
        self.add_order(4250, base)
        self.add_order(4251, base + timedelta(hours=1))
        self.assertEqual(self.channel._poll(), 2)
        self.assertEqual(self.channel.poll_state["order"]["watermark"], "2026-11-20 11:00:00")
        self.Log.search([("channel_id", "=", self.channel.id)]).unlink()
        self.channel.poll_watermark = base
        self.assertFalse(self.channel.poll_state)
        self.assertEqual(self.channel._poll(), 2)  # both read again


class TestClarityEntityWatermarks(ClarityPollingCase):
    import_customers = True

    def setUp(self):
        super().setUp()
        self.clarity.sales_orders.clear()
        self.clarity.users.clear()
        self.clarity.clear_requests()

    def add_order(self, order_id, updated):
        order = dict(load_sample("clarity_salesorder.json"), ID=order_id)
        order["CustomKey"] = f"SO-{order_id}"
        order["UpdatedDate"] = clarity_date(updated)
        self.clarity.sales_orders[order_id] = order

    def add_user(self, user_id, updated):
        self.clarity.add_user(
            {
                "ID": user_id,
                "EmailAddress": f"user{user_id}@example.com",
                "FirstName": "User",
                "LastName": str(user_id),
                "UpdatedDate": clarity_date(updated),
            }
        )

    def logs(self, entity):
        return self.Log.search(
            [
                ("channel_id", "=", self.clarity_channel.id),
                ("event_type", "=", f"{entity}.updated"),
            ]
        )

    def test_orders_and_customers_advance_independently(self):
        base = datetime(2026, 11, 21, 8, 0, 0)
        channel = self.clarity_channel
        self.add_order(300001, base + timedelta(hours=2))
        self.add_user(500001, base)
        self.assertEqual(channel._poll(), 2)
        self.assertEqual(channel.poll_state["order"]["watermark"], "2026-11-21 10:00:00")
        self.assertEqual(channel.poll_state["customer"]["watermark"], "2026-11-21 08:00:00")
        # the customers' list shows a change older than the newest order change
        self.add_user(500002, base + timedelta(minutes=30))
        self.assertEqual(channel._poll(), 1)
        self.assertEqual(set(self.logs("customer").mapped("external_id")), {"500001", "500002"})
        self.assertEqual(channel.poll_state["customer"]["watermark"], "2026-11-21 08:30:00")
        self.assertEqual(channel.poll_state["order"]["watermark"], "2026-11-21 10:00:00")

    def test_clarity_poll_continues_past_its_page_bound(self):
        base = datetime(2026, 11, 21, 8, 0, 0)
        channel = self.clarity_channel
        channel.import_customers = False
        self.add_order(310000, base)
        self.assertEqual(channel._poll(), 1)
        for n in range(1, 46):
            self.add_order(310000 + n, base + timedelta(minutes=n))
        with small_bound():
            # the window starts with the overlap: the known first order, then 29 new
            self.assertEqual(channel._poll(), 29)
            self.assertTrue(channel.poll_state["order"].get("resume"))
            self.assertEqual(channel._poll(), 16)
            self.assertFalse(channel.poll_state["order"].get("resume"))
        ids = self.logs("order").mapped("external_id")
        self.assertEqual(sorted(ids), sorted(str(310000 + n) for n in range(46)))
        self.assertEqual(channel.poll_watermark, base + timedelta(minutes=45))


class TestPollBudget(PollingCase):
    def test_cron_stops_starting_channels_once_its_budget_is_spent(self):
        other_store = self.enterContext(XCartSandbox(token="rw-token"))
        other = self.channel.copy(
            {"name": "ZZ second store", "base_url": other_store.url, "xcart_token": "rw-token"}
        )
        self.channel.write({"poll_interval": 15, "last_poll_date": False, "sequence": 1})
        other.write({"poll_interval": 15, "last_poll_date": False, "sequence": 2})
        self.add_order(4300, datetime(2026, 11, 20, 10, 0, 0))
        self.xcart.inject("slow", count=1, delay=1.2)
        cron = self.env.ref("storefront_connector.ir_cron_storefront_poll")
        Trigger = self.env["ir.cron.trigger"]
        before = Trigger.search([("cron_id", "=", cron.id)])
        # a 3 s time limit: the run may start channels during its first second
        with patch.dict(config.options, {"limit_time_real_cron": 3}):
            polled = self.env["storefront.channel"]._cron_poll()
        self.assertEqual(polled, self.channel)
        self.assertFalse(other.last_poll_date)
        self.assertTrue(Trigger.search([("cron_id", "=", cron.id)]) - before)
        self.assertEqual(len(self.own_logs()), 1)
        # the next run polls the rest
        with patch.dict(config.options, {"limit_time_real_cron": 3}):
            self.assertEqual(self.env["storefront.channel"]._cron_poll(), other)
        self.assertTrue(other.last_poll_date)
