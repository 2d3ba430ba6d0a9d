"""A poll under the run's deadline: it stops between pages and the next poll reads on."""

import time
from datetime import datetime, timedelta
from unittest.mock import patch

from .. import const
from .polling_common import PollingCase

PAGES_OF_TEN = {"POLL_PAGE_SIZE": 10, "POLL_MAX_PAGES": 20}


class TestPollingDeadline(PollingCase):
    def requested_pages(self):
        return [int(r.query.get("page")) for r in self.xcart.requests if r.path == "/api/orders"]

    def test_a_poll_stops_at_the_deadline_and_the_next_reads_on(self):
        base = datetime(2026, 11, 20, 10, 0, 0)
        for n in range(45):
            self.add_order(4600 + n, base + timedelta(minutes=n))
        # every page takes 0.4 s: at most three start before a deadline 1 s away
        self.xcart.inject("slow", count=100, delay=0.4, method="GET", path="/api/orders")
        with patch.multiple(const, **PAGES_OF_TEN):
            deadline = time.monotonic() + 1.0
            first = self.channel.with_context(storefront_deadline=deadline)._poll()
            read = self.requested_pages()
            self.assertLessEqual(len(read), 3)
            self.assertEqual(read, list(range(1, len(read) + 1)))
            self.assertEqual(first, 10 * len(read))
            self.assertEqual(len(self.own_logs()), first)
            self.assertIn("ran out of time", self.channel.last_error)
            resume = self.channel.poll_state["order"]["resume"]
            self.assertEqual(resume["skip"], max(len(read) - 1, 1))
            self.xcart.clear_faults()
            self.xcart.clear_requests()
            # the next poll reads on from one page back, not from the first page
            self.channel._poll()
            self.assertEqual(self.requested_pages()[0], max(len(read), 2))
        ids = sorted(self.own_logs().mapped("external_id"))
        self.assertEqual(ids, sorted(str(4600 + n) for n in range(45)))
        self.assertFalse(self.channel.last_error)
        self.assertFalse(self.channel.poll_state["order"].get("resume"))

    def test_entities_left_at_the_deadline_wait_for_the_next_poll(self):
        self.channel.import_products = True
        self.add_order(4700, datetime(2026, 11, 20, 10, 0, 0))
        past = time.monotonic() - 1
        self.assertEqual(self.channel.with_context(storefront_deadline=past)._poll(), 0)
        self.assertFalse(self.xcart.requests)
        self.assertIn("ran out of time", self.channel.last_error)
        self.assertEqual(self.channel._poll(), 1)
        self.assertFalse(self.channel.last_error)
