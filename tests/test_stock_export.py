import time
from datetime import timedelta

from odoo import Command, fields

from ..sandbox import ClaritySandbox
from .common import storable
from .stock_common import StockCase


class TestStockExport(StockCase):
    def test_index_binds_products_by_sku(self):
        self.assertEqual(self.Export._index_products(self.channel), 2)
        Binding = self.env["storefront.binding"]
        self.assertEqual(Binding._to_external(self.channel, self.tshirt), "57")
        self.assertEqual(Binding._to_external(self.channel, self.mug), "83")
        self.assertIsNone(Binding._to_external(self.channel, self.unpublished))
        self.assertTrue(all(r.path == "/api/products" for r in self.xcart.requests))

    def test_hundred_quant_changes_in_one_transaction_give_one_call(self):
        self.Export._index_products(self.channel)
        for _n in range(100):
            self.env["stock.quant"]._update_available_quantity(self.tshirt, self.stock, 1)
        self.commit_stock()
        self.assertEqual(self.Dirty.search_count([("product_id", "=", self.tshirt.id)]), 1)
        self.xcart.clear_requests()
        self.export()
        (put,) = self.puts()
        self.assertEqual((put.path, put.json), ("/api/products/57", {"amount": 100}))
        self.assertEqual(put.header("X-Auth-Token"), "rw-token")
        self.assertEqual(self.xcart.products[57]["amount"], 100)
        self.assertFalse(self.Dirty.search([]), "exported pairs are cleared")

    def test_quant_hook_costs_at_most_one_query_per_transaction(self):
        quants = [
            self.env["stock.quant"]._update_available_quantity(p, self.stock, 5)
            for p in (self.tshirt, self.mug)
        ]
        self.assertTrue(quants)
        self.env.flush_all()
        self.env.cr.precommit.run()
        for _n in range(20):
            self.env["stock.quant"]._update_available_quantity(self.tshirt, self.stock, 1)
            self.env["stock.quant"]._update_available_quantity(self.mug, self.stock, 1)
        self.env.flush_all()
        with self.assertQueryCount(1):
            self.env.cr.precommit.run()
        self.assertEqual(self.Dirty.search_count([]), 2)

    def test_absolute_quantities_buffer_reservations_and_unchanged(self):
        self.Export._index_products(self.channel)
        self.channel.stock_buffer = 3
        self.set_stock(self.tshirt, 10)
        self.set_stock(self.mug, 2)
        self.commit_stock()
        self.export()
        sent = {r.path: r.json["amount"] for r in self.puts()}
        self.assertEqual(sent, {"/api/products/57": 7, "/api/products/83": 0})
        # a reservation lowers the free quantity; the absolute value is sent again
        self.env["stock.quant"]._update_reserved_quantity(self.tshirt, self.stock, 4)
        self.commit_stock()
        self.xcart.clear_requests()
        self.export()
        self.assertEqual([r.json for r in self.puts()], [{"amount": 3}])
        # a change that nets to nothing is not re-sent
        self.env["stock.quant"]._update_available_quantity(self.mug, self.stock, 0.5)
        self.env["stock.quant"]._update_available_quantity(self.mug, self.stock, -0.5)
        self.commit_stock()
        self.xcart.clear_requests()
        self.export()
        self.assertFalse(self.puts())
        log = self.Log.search(
            [("event_type", "=", "stock.update"), ("external_id", "=", "83")], limit=1
        )
        self.assertIn("Unchanged", log.response_summary)

    def test_unpublished_products_are_not_sent(self):
        self.Export._index_products(self.channel)
        self.set_stock(self.unpublished, 5)
        self.commit_stock()
        self.export()
        self.assertFalse(self.puts())

    def test_quiet_period_coalesces_bursts(self):
        self.Export._index_products(self.channel)
        self.channel.stock_quiet_seconds = 600
        self.set_stock(self.tshirt, 4)
        self.commit_stock()
        self.export()
        self.assertFalse(self.puts(), "still moving: wait")
        self.Dirty.search([]).date_changed = fields.Datetime.now() - timedelta(minutes=11)
        self.export()
        self.assertEqual([r.json for r in self.puts()], [{"amount": 4}])

    def test_429_and_503_are_retried(self):
        self.Export._index_products(self.channel)
        self.set_stock(self.tshirt, 6)
        self.commit_stock()
        self.xcart.inject("429", retry_after=0, method="PUT")
        self.xcart.inject("503", method="PUT")
        self.export()
        self.assertEqual([r.status for r in self.puts()], [429, 503, 200])
        self.assertEqual(self.xcart.products[57]["amount"], 6)

    def test_storefront_down_retries_then_dead_then_requeued(self):
        self.Export._index_products(self.channel)
        self.channel.write({"max_attempts": 2, "retry_base_delay": 0, "retry_max_delay": 0})
        self.set_stock(self.tshirt, 8)
        self.commit_stock()
        self.xcart.inject("503", count=8, method="PUT")
        self.export()
        log = self.Log.search([("event_type", "=", "stock.update")])
        self.assertEqual((log.state, log.error_class), ("pending", "transient"))
        self.Log._cron_process()
        self.assertEqual(log.state, "dead")
        self.assertNotEqual(self.xcart.products[57]["amount"], 8)
        log.action_requeue()
        self.Log._cron_process()
        self.assertEqual(log.state, "done")
        self.assertEqual(self.xcart.products[57]["amount"], 8)

    def test_refused_token_holds_the_channel_until_fixed(self):
        self.Export._index_products(self.channel)
        self.channel.xcart_token = "expired-token"
        self.set_stock(self.tshirt, 9)
        self.commit_stock()
        self.export()
        self.assertEqual(self.channel.health_state, "auth_failed")
        log = self.Log.search([("event_type", "=", "stock.update")])
        self.assertEqual(log.state, "pending")
        self.assertNotIn("expired-token", log.error_message)
        self.channel.xcart_token = "rw-token"
        self.Log._cron_process()
        self.assertEqual(log.state, "done")
        self.assertEqual(self.xcart.products[57]["amount"], 9)

    def test_push_stock_now(self):
        self.set_stock(self.tshirt, 11)
        self.set_stock(self.mug, 12)
        self.channel.action_push_stock()
        self.Log._cron_process()  # the catalogue pass queues the products
        self.Log._cron_process()
        self.assertEqual(
            {r.path: r.json["amount"] for r in self.puts()},
            {"/api/products/57": 11, "/api/products/83": 12},
        )

    def test_retry_after_is_honoured_and_dropped_connections_retried(self):
        self.Export._index_products(self.channel)
        self.set_stock(self.tshirt, 5)
        self.commit_stock()
        self.xcart.inject("429", retry_after=1, method="PUT")
        self.xcart.inject("drop", method="PUT")
        started = time.monotonic()
        self.export()
        self.assertGreaterEqual(time.monotonic() - started, 1.0, "waited for Retry-After")
        self.assertEqual([r.status for r in self.puts()], [429, 0, 200])
        self.assertEqual(self.xcart.products[57]["amount"], 5)

    def test_channel_on_hold_gets_shared_warehouse_changes_after_the_fix(self):
        self.Export._index_products(self.channel)
        other = self.channel.copy({"name": "Second store"})
        other.write({"base_url": self.xcart.url, "xcart_token": "rw-token", "rate_limit": 0})
        other.health_state = "auth_failed"
        self.env["storefront.binding"]._bind(other, self.tshirt, "57")
        self.set_stock(self.tshirt, 13)
        self.commit_stock()
        self.export()
        self.assertEqual(len(self.puts()), 1, "the channel on hold sends nothing")
        other.action_resume()
        self.xcart.clear_requests()
        self.Log._cron_process()
        self.assertEqual(
            [(r.path, r.json) for r in self.puts()], [("/api/products/57", {"amount": 13})]
        )

    def test_longest_quiet_period_of_a_warehouse_wins(self):
        self.Export._index_products(self.channel)
        slow = self.channel.copy({"name": "Second store", "stock_quiet_seconds": 600})
        slow.write({"base_url": self.xcart.url, "xcart_token": "rw-token", "rate_limit": 0})
        self.env["storefront.binding"]._bind(slow, self.tshirt, "57")
        self.set_stock(self.tshirt, 14)
        self.commit_stock()
        self.export()
        self.assertFalse(self.puts(), "the pair waits for the longest quiet period")
        self.Dirty.search([]).date_changed = fields.Datetime.now() - timedelta(minutes=11)
        self.export()
        self.assertEqual(len(self.puts()), 2, "one update per channel")

    def test_change_while_the_previous_row_runs_is_queued_again(self):
        self.Export._index_products(self.channel)
        self.set_stock(self.tshirt, 15)
        self.commit_stock()
        self.Export._cron_export_stock()
        running = self.Log.search([("event_type", "=", "stock.update")])
        running.state = "running"
        self.set_stock(self.tshirt, 16)
        self.commit_stock()
        self.Export._cron_export_stock()
        self.assertEqual(self.Log.search_count([("event_type", "=", "stock.update")]), 2)
        self.assertFalse(self.Dirty.search([]))

    def test_a_pair_marked_again_while_read_is_kept(self):
        self.set_stock(self.tshirt, 1)
        self.commit_stock()
        dirty = self.Dirty.search([])
        self.assertTrue(dirty.date_changed)  # read, as the cron does
        self.env.cr.execute(
            "UPDATE storefront_stock_dirty SET date_changed = date_changed + interval '1 second'"
        )
        self.Export._consume(dirty)
        self.assertEqual(self.Dirty.search_count([]), 1)


class TestClarityStockExport(StockCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clarity = cls.enterClassContext(ClaritySandbox().load_samples())
        cls.valve = storable(cls.env, "Valve", "VALVE-DN50")
        cls.clarity_channel = cls.clarity_channel_on(
            cls.clarity,
            stock_quiet_seconds=0,
            warehouse_ids=[Command.set(cls.warehouse.ids)],
            clarity_location_section=4,
        )

    def test_upsert_with_a_token_expiring_mid_run(self):
        self.Export._index_products(self.clarity_channel)
        self.set_stock(self.valve, 5)
        self.commit_stock()
        self.export()
        self.assertEqual(self.clarity.inventory[(301, 4)]["Quantity"], 5)
        self.clarity.expire_tokens()
        self.set_stock(self.valve, 7)
        self.commit_stock()
        self.export()
        self.assertEqual(self.clarity.inventory[(301, 4)]["Quantity"], 7)
        upserts = [r for r in self.clarity.requests if r.path.endswith("/Upsert")]
        self.assertEqual([r.status for r in upserts], [200, 401, 200])
        self.assertEqual(upserts[-1].json, {"MasterID": 301, "SlaveID": 4, "Quantity": 7})
        self.assertTrue(upserts[-1].header("Authorization").startswith("Bearer "))
