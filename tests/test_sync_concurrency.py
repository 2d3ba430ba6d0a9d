from odoo import SUPERUSER_ID, api

from .common import ConcurrentCase


class TestConcurrentClaims(ConcurrentCase):
    """Two workers on two real connections claim disjoint rows (SKIP LOCKED)."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self.env_of(cr)
            channel = env["storefront.channel"].create(
                {"name": "Concurrency", "platform": "xcart", "base_url": "http://127.0.0.1:9"}
            )
            self.channel_id = channel.id
            for n in range(30):
                env["storefront.sync.log"]._enqueue(channel, "in", "order.created", {"n": n})
        self.addCleanup(self._drop_channel)

    def _drop_channel(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["storefront.channel"].browse(self.channel_id).unlink()

    def _own_ids(self, logs):
        return {log.id for log in logs if log.channel_id.id == self.channel_id}

    def test_two_workers_take_disjoint_rows(self):
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            worker1 = api.Environment(cr1, SUPERUSER_ID, {})["storefront.sync.log"]
            worker2 = api.Environment(cr2, SUPERUSER_ID, {})["storefront.sync.log"]
            first = self._own_ids(worker1._claim(limit=20))
            # worker 1 still holds its locks: worker 2 must skip, not wait
            second = self._own_ids(worker2._claim(limit=20))
            self.assertEqual(len(first), 20)
            self.assertEqual(len(second), 10)
            self.assertFalse(first & second)
            cr1.rollback()
            # worker 1 died before committing: its rows are free again
            third = self._own_ids(worker1._claim(limit=50))
            self.assertEqual(third, first)
            cr2.rollback()
            cr1.rollback()
