"""Searching records by their storefront sync status, as the status filters do."""

from unittest.mock import patch

from odoo import Command
from odoo.sql_db import Cursor

from .common import StorefrontCase, storable

STATES = ("none", "pending", "synced", "failed")
NOISE_ROWS = 3000


class TestSyncStateSearch(StorefrontCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partner = cls.env["res.partner"].create({"name": "Sync status customer"})
        cls.rows_made = 0
        cls.expected = {state: cls.env["sale.order"] for state in STATES}
        for state, row_states in (
            ("none", []),
            ("none", ["cancelled"]),
            ("none", [("in", "failed")]),
            ("synced", ["done", "cancelled"]),
            ("pending", ["done", "pending"]),
            ("pending", ["running"]),
            ("failed", ["done", "pending", "dead"]),
            ("failed", ["failed", ("in", "done")]),
        ):
            order = cls.env["sale.order"].create(
                {"partner_id": partner.id, "storefront_channel_id": cls.channel.id}
            )
            for row_state in row_states:
                direction, row_state = (
                    row_state if isinstance(row_state, tuple) else ("out", row_state)
                )
                cls.row(order, row_state, direction)
            cls.expected[state] |= order
        cls.orders = sum(cls.expected.values(), cls.env["sale.order"])

    @classmethod
    def row(cls, record, state, direction="out"):
        cls.rows_made += 1
        log, _created = cls.env["storefront.sync.log"]._enqueue(
            cls.channel, direction, "order.status", {"row": cls.rows_made}, record=record
        )
        log.state = state
        return log

    def search_orders(self, operator, value):
        return self.env["sale.order"].search(
            [("id", "in", self.orders.ids), ("storefront_sync_state", operator, value)]
        )

    def test_each_state_finds_exactly_its_orders(self):
        for order in self.orders:
            state = next(state for state in STATES if order in self.expected[state])
            self.assertEqual(order.storefront_sync_state, state, order.name)
        for state in STATES:
            with self.subTest(state=state):
                self.assertEqual(self.search_orders("=", state), self.expected[state])
                self.assertEqual(
                    self.search_orders("!=", state), self.orders - self.expected[state]
                )
        self.assertEqual(
            self.search_orders("in", ["failed", "none"]),
            self.expected["failed"] | self.expected["none"],
        )
        self.assertEqual(
            self.search_orders("not in", ["failed", "none"]),
            self.expected["pending"] | self.expected["synced"],
        )
        self.assertEqual(self.search_orders("in", list(STATES)), self.orders)
        self.assertFalse(self.search_orders("in", []))
        self.assertFalse(self.search_orders("=", "unknown"))

    def test_a_new_row_moves_the_order_between_filters(self):
        order = self.expected["synced"][0]
        self.row(order, "failed")
        self.assertIn(order, self.search_orders("=", "failed"))
        self.assertNotIn(order, self.search_orders("=", "synced"))

    def test_an_order_is_found_by_the_rows_of_its_pickings_as_it_shows(self):
        product = storable(self.env, "Sync status product")
        order = self.env["sale.order"].create(
            {
                "partner_id": self.orders[0].partner_id.id,
                "storefront_channel_id": self.channel.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        order.action_confirm()
        self.row(order, "done")
        shipped = self.row(order.picking_ids, "failed")
        for row_state, state in (("failed", "failed"), ("pending", "pending"), ("done", "synced")):
            with self.subTest(state=state):
                shipped.state = row_state
                order.invalidate_recordset()
                self.assertEqual(order.storefront_sync_state, state)
                found = self.env["sale.order"].search(
                    [("id", "=", order.id), ("storefront_sync_state", "=", state)]
                )
                self.assertEqual(found, order)

    def test_search_reads_only_the_outbound_rows_of_the_model(self):
        """However large the log, a status filter reads the few rows it is about."""
        self.env.cr.execute(
            """
            INSERT INTO storefront_sync_log (channel_id, company_id, direction, event_type,
                dedup_key, state, attempts, res_model, res_id, create_date, write_date)
            SELECT %s, %s, 'in', 'order.updated', 'noise:' || i, 'done', 1, 'sale.order',
                   (%s::int[])[1 + i %% %s], now(), now()
              FROM generate_series(1, %s) i
            """,
            [
                self.channel.id,
                self.channel.company_id.id,
                self.orders.ids,
                len(self.orders),
                NOISE_ROWS,
            ],
        )
        self.env.cr.execute("ANALYZE storefront_sync_log")
        # Undone with the test's savepoint: only an index may spare reading the table.
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        for state in STATES:
            with self.subTest(state=state):
                self.assertLess(self.log_rows_read(state), 50)

    def log_rows_read(self, state):
        """Rows of storefront_sync_log the queries of one status search read."""
        self.env.flush_all()
        queries = []
        execute = Cursor.execute

        def record(cr, query, params=None, log_exceptions=True):
            queries.append(cr.mogrify(query, params).decode())
            return execute(cr, query, params, log_exceptions)

        with patch.object(Cursor, "execute", record):
            self.search_orders("=", state)
        read = 0
        for query in queries:
            if query.lstrip().upper().startswith("SELECT") and "storefront_sync_log" in query:
                self.env.cr.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {query}")
                read += sum(rows_read(node) for node in plan_nodes(self.env.cr.fetchone()[0]))
        return read


def plan_nodes(plan):
    """Every node of an EXPLAIN (FORMAT JSON) result."""
    stack = [entry["Plan"] for entry in plan]
    while stack:
        node = stack.pop()
        stack.extend(node.get("Plans", []))
        yield node


def rows_read(node):
    """Rows a node read from storefront_sync_log: those it kept and those it dropped."""
    if node.get("Relation Name") != "storefront_sync_log":
        return 0
    kept = node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
    return (kept + node.get("Rows Removed by Index Recheck", 0)) * node.get("Actual Loops", 1)
