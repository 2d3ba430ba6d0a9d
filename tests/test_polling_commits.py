"""The poll cron on committed data: each channel's poll is a transaction of its own.

These tests commit in the shared test database and remove what they created.
"""

import copy
import threading
import time
import uuid
from unittest.mock import patch

from .. import const
from ..sandbox import XCartSandbox
from .common import ConcurrentCase, load_sample
from .polling_common import CONNECTED, PAST


class TestCommittedPolling(ConcurrentCase):
    def setUp(self):
        super().setUp()
        self.stores = [self.enterContext(XCartSandbox()) for _n in range(2)]
        tag = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = self.env_of(cr)
            self.channel_ids = [
                env["storefront.channel"]
                .create(
                    dict(
                        CONNECTED,
                        name=f"Poll {tag} {n}",
                        sequence=n,
                        platform="xcart",
                        base_url=store.url,
                        xcart_token="rw-token",
                        request_timeout=5,
                        poll_interval=15,
                    )
                )
                .id
                for n, store in enumerate(self.stores)
            ]
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            self.env_of(cr)["storefront.channel"].browse(self.channel_ids).unlink()

    def add_order(self, store, order_id, minute=0):
        order = copy.deepcopy(load_sample("xcart55_order.json"))
        order.update(id=order_id, order_number=str(order_id))
        stamp = f"2026-11-20T10:{minute:02d}:00+00:00"
        order.update(create_date=stamp, update_date=stamp)
        store.add_order(order)

    def committed_rows(self, channel_id):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT external_id FROM storefront_sync_log WHERE channel_id = %s", [channel_id]
            )
            return sorted(row[0] for row in cr.fetchall())

    def test_a_failing_poll_does_not_take_the_other_channels_rows_with_it(self):
        first, second = self.stores
        self.add_order(first, 4401)
        self.add_order(second, 4402)
        # the second store hangs, then fails (the first try and the client's retries)
        second.inject("500", count=1, delay=2, method="GET", path="/api/orders")
        second.inject("500", count=3, method="GET", path="/api/orders")
        result = {}

        def cron():
            with self.registry.cursor() as cr:
                result["polled"] = self.env_of(cr)["storefront.channel"]._cron_poll().ids

        thread = threading.Thread(target=cron, name="poll-cron")
        thread.start()
        try:
            for _wait in range(100):
                if second.requests:
                    break
                time.sleep(0.05)
            self.assertTrue(second.requests, "the second channel's poll started")
            # while the second poll hangs, the first channel's rows are committed
            self.assertEqual(self.committed_rows(self.channel_ids[0]), ["4401"])
        finally:
            thread.join(60)
        self.assertFalse(thread.is_alive())
        self.assertTrue(set(self.channel_ids) <= set(result["polled"]))
        self.assertEqual(self.committed_rows(self.channel_ids[0]), ["4401"])
        self.assertEqual(self.committed_rows(self.channel_ids[1]), [])
        with self.registry.cursor() as cr:
            channels = self.env_of(cr)["storefront.channel"].browse(self.channel_ids)
            self.assertFalse(channels[0].last_error)
            self.assertIn("Polling failed", channels[1].last_error)
            self.assertTrue(channels[1].last_poll_date)
            self.assertEqual(channels[1].poll_watermark, PAST)

    def test_each_page_is_committed_before_the_next_is_read(self):
        store = self.stores[0]
        for n in range(25):
            self.add_order(store, 4500 + n, minute=n)
        # pages of 10: the third (last) page hangs for 3 seconds
        store.inject("slow", count=2, delay=0, method="GET", path="/api/orders")
        store.inject("slow", count=1, delay=3, method="GET", path="/api/orders")

        def cron():
            with self.registry.cursor() as cr:
                self.env_of(cr)["storefront.channel"]._cron_poll()

        with patch.object(const, "POLL_PAGE_SIZE", 10):
            thread = threading.Thread(target=cron, name="poll-cron")
            thread.start()
            try:
                for _wait in range(60):
                    if len(self.committed_rows(self.channel_ids[0])) >= 20:
                        break
                    time.sleep(0.05)
                # the two pages read are committed while the third is still on its way
                self.assertEqual(len(self.committed_rows(self.channel_ids[0])), 20)
                self.assertTrue(thread.is_alive())
            finally:
                thread.join(60)
        self.assertFalse(thread.is_alive())
        expected = sorted(str(4500 + n) for n in range(25))
        self.assertEqual(self.committed_rows(self.channel_ids[0]), expected)
        with self.registry.cursor() as cr:
            channel = self.env_of(cr)["storefront.channel"].browse(self.channel_ids[0])
            self.assertFalse(channel.last_error)
            self.assertFalse(channel.poll_state["order"].get("resume"))
