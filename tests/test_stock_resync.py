from ..sandbox import ClaritySandbox
from ..sandbox.clarity import API_PREFIX
from .common import storable
from .stock_common import StockCase


class TestStockResync(StockCase):
    def process_all(self):
        for _run in range(5):
            if not self.Log._cron_process():
                break

    def test_push_stock_now_pages_the_catalogue_in_the_cron(self):
        self.set_stock(self.tshirt, 11)
        self.channel.action_push_stock()
        self.assertFalse(self.xcart.requests, "the button only queues the work")
        page = self.Log.search([("event_type", "=", "catalogue.index")])
        self.assertEqual(page.state, "pending")
        self.channel.action_push_stock()
        self.assertEqual(self.Log.search_count([("event_type", "=", "catalogue.index")]), 1)
        self.process_all()
        self.assertEqual(page.state, "done", page.error_message)
        self.assertEqual(self.channel.catalogue_index_ids.state, "done")
        self.assertEqual(self.xcart.products[57]["amount"], 11)

    def test_a_resync_row_queued_before_the_paged_index_starts_it(self):
        self.Log._enqueue_out(
            self.channel, "stock.resync", [{"payload": {"force": True}, "dedup_key": "old"}]
        )
        self.process_all()
        self.assertEqual(self.channel.catalogue_index_ids.push_stock, "all")
        self.assertEqual(self.channel.catalogue_index_ids.state, "done")

    def test_full_resync_repairs_drift_on_the_store(self):
        self.Export._index_products(self.channel)
        self.set_stock(self.tshirt, 5)
        self.commit_stock()
        self.export()
        self.assertEqual(self.xcart.products[57]["amount"], 5)
        # someone edits the stock in the store's back office
        self.xcart.products[57]["amount"] = 99
        self.xcart.clear_requests()
        self.channel.action_push_stock()
        self.process_all()
        sent = [r.path for r in self.puts()]
        self.assertNotIn("/api/products/57", sent, "an ordinary push skips what was sent")
        self.assertEqual(self.xcart.products[57]["amount"], 99)
        self.xcart.clear_requests()
        self.channel.action_resync_stock()
        self.process_all()
        self.assertEqual(
            sorted((r.path, r.json["amount"]) for r in self.puts()),
            [("/api/products/57", 5), ("/api/products/83", 0)],
        )
        self.assertEqual(self.xcart.products[57]["amount"], 5)

    def test_waiting_row_counts_unless_a_worker_holds_it(self):
        self.Export._index_products(self.channel)
        self.set_stock(self.tshirt, 3)
        self.commit_stock()
        self.Export._cron_export_stock()
        self.set_stock(self.tshirt, 4)
        self.commit_stock()
        self.Export._cron_export_stock()
        rows = self.Log.search([("event_type", "=", "stock.update"), ("external_id", "=", "57")])
        self.assertEqual(len(rows), 1, "a pending row nobody holds already covers the change")


class TestClarityWithoutResult(StockCase):
    def test_inventory_upsert_answered_without_result_is_done(self):
        clarity = self.enterContext(ClaritySandbox().load_samples())
        clarity.omit_result = True
        valve = storable(self.env, "Valve", "VALVE-DN50")
        channel = self.clarity_channel_on(
            clarity, stock_quiet_seconds=0, warehouse_ids=[(6, 0, self.warehouse.ids)]
        )
        self.Export._index_products(channel)
        self.set_stock(valve, 6)
        self.commit_stock()
        self.export()
        log = self.Log.search(
            [("channel_id", "=", channel.id), ("event_type", "=", "stock.update")]
        )
        self.assertEqual(log.state, "done", log.error_message)
        self.assertEqual(clarity.inventory[(301, 1)]["Quantity"], 6)
        self.assertTrue(
            any(
                r.path == API_PREFIX + "/Inventory/ProductInventoryLocationSection/Upsert"
                for r in clarity.requests
            )
        )
