"""Orders of one new guest email processed at once create one partner."""

import uuid

from ..connectors import errors
from .common import ConcurrentCase


class TestOneGuestOnePartner(ConcurrentCase):
    def setUp(self):
        super().setUp()
        self.email = f"guest-{uuid.uuid4().hex[:8]}@shop.test"
        with self.registry.cursor() as cr:
            channel = self.env_of(cr)["storefront.channel"].create(
                {"name": "Guests", "platform": "xcart", "base_url": "http://127.0.0.1:9"}
            )
            self.channel_id = channel.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = self.env_of(cr)
            env["storefront.channel"].browse(self.channel_id).unlink()
            env["res.partner"].search([("email", "=", self.email)]).unlink()

    def match(self, env):
        channel = env["storefront.channel"].browse(self.channel_id)
        return env["storefront.import.customer"]._match_partner_owned(
            channel, None, self.email, "Guest Buyer"
        )[0]

    def test_a_second_worker_retries_and_matches_the_first_ones_partner(self):
        cr1, cr2 = self.registry.cursor(), self.registry.cursor()
        self.addCleanup(cr1.close)
        self.addCleanup(cr2.close)
        env1, env2 = self.env_of(cr1), self.env_of(cr2)
        # Both workers are inside their row's transaction: their snapshots are taken.
        for cr in (cr1, cr2):
            cr.execute("SELECT count(*) FROM res_partner")
        first = self.match(env1)
        env1.flush_all()
        cr1.commit()
        with self.assertRaises(errors.TransientError):
            self.match(env2)
            env2.flush_all()
        cr2.rollback()
        self.assertEqual(self.match(env2), first.with_env(env2), "the retry matches it")
        cr2.commit()
        with self.registry.cursor() as cr:
            count = self.env_of(cr)["res.partner"].search_count([("email", "=", self.email)])
        self.assertEqual(count, 1)
