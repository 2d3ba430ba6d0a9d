"""Credentials refused in several lanes at once: every row waits, none is lost."""

import threading

from ..connectors import errors
from .common import FakeHandler
from .engine_common import CommittedCase

LANES = 4


class TestSimultaneousAuthFailures(CommittedCase):
    products = 0

    def test_lanes_refused_together_all_wait_for_new_credentials(self):
        ids = self.enqueue_rows("out", "order.cancelled", LANES)
        barrier = threading.Barrier(LANES, timeout=30)

        def refused_together(log):
            barrier.wait()
            raise errors.AuthError("401 Unauthorized: token revoked", status=401)

        with self.handler(FakeHandler(side_effect=refused_together)):
            threads = [threading.Thread(target=self.process) for _n in range(LANES)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT state, attempts, error_class FROM storefront_sync_log WHERE id = ANY(%s)",
                [ids],
            )
            self.assertEqual(set(cr.fetchall()), {("pending", 0, "auth")})
            channel = self.env_of(cr)["storefront.channel"].browse(self.channel_id)
            self.assertEqual(channel.health_state, "auth_failed")
            self.assertEqual(len(channel.activity_ids), 1, "one activity for the responsible")
            # New credentials: every row it stopped runs again.
            channel.xcart_token = "rw-token-2"
        with self.handler(FakeHandler(result=None)):
            self.process()
        with self.registry.cursor() as cr:
            cr.execute("SELECT state FROM storefront_sync_log WHERE id = ANY(%s)", [ids])
            self.assertEqual({row[0] for row in cr.fetchall()}, {"done"})
