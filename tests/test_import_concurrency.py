import psycopg2

from odoo import SUPERUSER_ID, api

from .common import ConcurrentCase


class TestWorkersShareACustomer(ConcurrentCase):
    """Two workers on two real connections update one customer at once.

    The second is refused at once with a transient error (its row is retried)
    and no ERROR line: the ORM's flush would wait, then fail loudly.
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            self.setup_customer(self.env_of(cr))
        self.addCleanup(self._cleanup)

    def setup_customer(self, env):
        """A channel, three profiles of customer 4242 queued, the first imported."""
        channel = env["storefront.channel"].create(
            {"name": "Shared customer", "platform": "xcart", "base_url": "http://127.0.0.1:9"}
        )
        Log = env["storefront.sync.log"]
        rows = [
            Log._enqueue(channel, "in", "customer.updated", self.profile(day, login))[0]
            for day, login in enumerate(("sam@", "sam.a@", "sam.b@"), start=1)
        ]
        rows[0]._get_handler()._process_log(rows[0])
        binding = env["storefront.binding"]._find(channel, "res.partner", "4242")
        self.partner_id, self.channel_id = binding.res_id, channel.id
        self.row_ids = [row.id for row in rows]

    def profile(self, day, login):
        revision = f"2026-11-0{day}T00:00:00+00:00"
        return {"id": 4242, "login": f"{login}shop.test", "update_date": revision}

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["storefront.channel"].browse(self.channel_id).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def workers(self):
        cr1, cr2 = self.registry.cursor(), self.registry.cursor()
        self.addCleanup(cr1.close)
        self.addCleanup(cr2.close)
        self.wait_at_most(cr2)
        return (self.env_of(cr) for cr in (cr1, cr2))

    def records(self, env):
        channel = env["storefront.channel"].browse(self.channel_id)
        return channel, env["res.partner"].browse(self.partner_id)

    def wait_at_most(self, cr):
        cr.execute("SET LOCAL lock_timeout = '2s'")  # an unlocked flush would wait forever

    def assert_quietly_refused(self, env, work):
        with (
            self.assertNoLogs("odoo.sql_db", level="ERROR"),
            self.assertRaises(psycopg2.OperationalError) as caught,
        ):
            work()
            env.flush_all()
        env.cr.rollback()
        self.assertEqual(env["storefront.sync.log"]._classify(caught.exception)[0], "transient")
        env.cr.rollback()
        self.wait_at_most(env.cr)

    def test_customer_updates_at_once(self):
        env1, env2 = self.workers()
        row1 = env1["storefront.sync.log"].browse(self.row_ids[1])
        row2 = env2["storefront.sync.log"].browse(self.row_ids[2])
        row1._get_handler()._process_log(row1)
        env1.flush_all()  # worker 1 holds the customer until it commits
        self.assert_quietly_refused(env2, lambda: row2._get_handler()._process_log(row2))
        env1.cr.commit()
        env2.cr.rollback()  # the retry, a new transaction, sees worker 1's work
        partner = row2._get_handler()._process_log(row2)
        env2.flush_all()
        self.assertEqual((partner.id, partner.email), (self.partner_id, "sam.b@shop.test"))

    def test_first_order_addresses_at_once(self):
        env1, env2 = self.workers()
        channel1, partner1 = self.records(env1)
        channel2, partner2 = self.records(env2)
        address = {"street": "1 Main St", "city": "Springfield", "zip": "12345"}
        importer1 = env1["storefront.import.customer"]
        importer2 = env2["storefront.import.customer"]
        importer1._complete_address(channel1, partner1, address)
        importer1._address(channel1, partner1, address, "delivery")
        env1.flush_all()
        self.assert_quietly_refused(
            env2, lambda: importer2._complete_address(channel2, partner2, address)
        )
        self.assert_quietly_refused(
            env2, lambda: importer2._address(channel2, partner2, address, "delivery")
        )
