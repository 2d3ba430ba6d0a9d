"""A store's first day: the first poll imports nothing, history comes by request."""

import copy
from datetime import date, datetime, timedelta

from odoo import fields

from ..sandbox import XCartSandbox
from .import_common import ImportCase


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


PAID = {"id": 4, "code": "P", "name": "Paid"}
SHIPPED = {"id": 3, "code": "S", "name": "Shipped"}
NEW = {"id": 1, "code": "N", "name": "New"}
CANCELLED = {"id": 6, "code": "C", "name": "Cancelled"}


class HistoryCase(ImportCase):
    """An X-Cart store holding old orders, served over HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.xcart = cls.enterClassContext(XCartSandbox(token="rw-token"))
        cls.channel.write(
            {
                "base_url": cls.xcart.url,
                "xcart_token": "rw-token",
                "request_timeout": 5,
                "rate_limit": 0,
                "import_products": False,
                "poll_watermark": False,
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        for product in (cls.tshirt, cls.mug):
            cls.env["stock.quant"]._update_available_quantity(
                product, cls.warehouse.lot_stock_id, 500
            )

    def setUp(self):
        super().setUp()
        self.xcart.orders.clear()
        self.xcart.clear_faults()
        self.xcart.clear_requests()

    def add_order(self, order_id, created, payment=None, shipping=None):
        order = copy.deepcopy(self.xcart_order)
        order.update(
            id=order_id,
            order_number=str(order_id),
            create_date=iso(created),
            update_date=iso(created + timedelta(hours=2)),
            payment_status=payment or dict(PAID),
            shipping_status=shipping or dict(NEW),
        )
        self.xcart.add_order(order)
        return order

    def own_logs(self, **domain):
        return self.Log.search(
            [("channel_id", "=", self.channel.id)] + [(k, "=", v) for k, v in domain.items()]
        )

    def process_all(self):
        for _round in range(100):
            if not self.own_logs(state="pending"):
                return
            self.Log._cron_process()
        self.fail("the queue did not drain")


class TestFirstPoll(HistoryCase):
    def test_first_poll_of_a_store_with_150_old_orders_imports_nothing(self):
        start = datetime(2026, 1, 1, 9, 0, 0)
        for n in range(150):
            self.add_order(9000 + n, start + timedelta(hours=n))
        before = self.env["sale.order"].search_count([])
        self.assertEqual(self.channel._poll(), 0)
        self.assertFalse(self.own_logs())
        self.assertEqual(self.env["sale.order"].search_count([]), before)
        self.assertEqual(self.channel.history_state, "not_imported")
        self.assertIn("History not imported: use Import history", self.channel.history_note)
        watermark = fields.Datetime.to_datetime(self.channel.poll_state["order"]["watermark"])
        self.assertGreater(watermark, datetime(2026, 11, 1))
        # live orders flow from then on
        self.add_order(9500, fields.Datetime.now() - timedelta(hours=2))
        self.assertEqual(self.channel._poll(), 1)
        self.assertEqual(self.own_logs().external_id, "9500")
        # a second poll never turns into a first one again
        self.assertEqual(self.channel._poll(), 0)


class TestHistoryImport(HistoryCase):
    def setUp(self):
        super().setUp()
        # 150 old orders: 30 in January 2026, the others before or after it
        self.in_range = {}
        moment = datetime(2025, 10, 1, 10, 0, 0)
        for n in range(150):
            created = moment + timedelta(days=n)  # 2025-10-01 .. 2026-02-27
            if date(2026, 1, 1) <= created.date() <= date(2026, 1, 30):
                kind = ("shipped", "shipped", "shipped", "open", "cancelled")[n % 5]
                self.in_range[str(8000 + n)] = kind
            else:
                kind = "shipped"
            payment = CANCELLED if kind == "cancelled" else PAID
            shipping = SHIPPED if kind == "shipped" else NEW
            self.add_order(8000 + n, created, payment, shipping)
        self.channel._poll()  # the first connection: watermarks only

    def wizard(self, **values):
        defaults = {
            "channel_id": self.channel.id,
            "entity": "order",
            "date_from": date(2026, 1, 1),
            "date_to": date(2026, 1, 30),
        }
        return self.env["storefront.history.wizard"].create(dict(defaults, **values))

    def test_dry_run_counts_by_store_status_and_writes_nothing(self):
        wizard = self.wizard()
        wizard.action_dry_run()
        self.assertEqual(len(self.in_range), 30)
        self.assertEqual(wizard.dry_run_count, 30)
        self.assertIn("paid, shipped: 18", wizard.dry_run_summary)
        self.assertIn("paid: 6", wizard.dry_run_summary)
        self.assertIn("cancel: 6", wizard.dry_run_summary)
        self.assertFalse(self.own_logs())
        self.assertFalse(self.env["storefront.history.import"].search([]))

    def test_import_brings_exactly_the_range_without_stock_or_outbound_work(self):
        wizard = self.wizard()
        wizard.action_dry_run()
        moves_before = self.env["stock.move"].search_count([])
        quants_before = {
            p: p.with_context(warehouse_id=self.warehouse.id).qty_available
            for p in (self.tshirt, self.mug)
        }
        wizard.action_import()
        self.assertEqual(self.channel.history_state, "importing")
        self.process_all()
        run = self.channel.history_import_ids
        self.assertEqual(run.state, "done")
        self.assertEqual(run.found, 30)
        self.assertEqual(self.channel.history_state, "imported")
        self.assertIn("30 of 30", self.channel.history_note)
        orders = self.env["sale.order"].search([("storefront_channel_id", "=", self.channel.id)])
        self.assertEqual(sorted(orders.mapped("client_order_ref")), sorted(self.in_range))
        self.assertFalse(self.own_logs(direction="out"))
        self.assertFalse(self.own_logs(state="failed") | self.own_logs(state="dead"))
        for order in orders:
            kind = self.in_range[order.client_order_ref]
            if kind == "shipped":
                self.assertEqual(order.state, "sale", order.storefront_mismatch_message)
                self.assertFalse(order.picking_ids)
                self.assertEqual(order.invoice_status, "invoiced")
                self.assertIn(order.invoice_ids.payment_state, ("paid", "in_payment"))
                # invoiced and paid on the day the store took the order, not today
                self.assertLess(order.date_order.date(), date(2026, 2, 1))
                self.assertEqual(order.invoice_ids.invoice_date, order.date_order.date())
                payment = order.invoice_ids.matched_payment_ids
                self.assertEqual(payment.date, order.date_order.date())
                for line in order.order_line:
                    self.assertEqual(line.qty_delivered, line.product_uom_qty)
            elif kind == "cancelled":
                self.assertEqual(order.state, "cancel")
            else:  # open: a live order with its delivery to make
                self.assertEqual(order.state, "sale")
                self.assertTrue(order.picking_ids)
        open_moves = orders.filtered(lambda o: self.in_range[o.client_order_ref] == "open")
        self.assertEqual(
            self.env["stock.move"].search_count([]) - moves_before,
            len(open_moves.order_line.move_ids),
        )
        for product, quantity in quants_before.items():
            self.assertEqual(
                product.with_context(warehouse_id=self.warehouse.id).qty_available, quantity
            )

    def test_a_cancelled_import_reads_no_further_page(self):
        wizard = self.wizard(date_from=date(2025, 1, 1), date_to=date(2026, 12, 31))
        wizard.action_import()
        run = self.channel.history_import_ids
        self.Log._cron_process(limit=1)  # the first page: 100 orders queued
        self.assertEqual(run.next_page, 1)
        run.action_cancel()
        self.process_all()
        self.assertEqual(run.state, "cancelled")
        self.assertEqual(run.next_page, 1)
        self.assertFalse(
            self.env["sale.order"].search([("storefront_channel_id", "=", self.channel.id)])
        )
        self.assertEqual(len(self.own_logs(state="cancelled")), 101)

    def test_an_order_imported_live_is_left_as_it_is(self):
        live_id = next(key for key, kind in self.in_range.items() if kind == "open")
        live = self.enqueue(event="order.created", payload=self.xcart.orders[int(live_id)])
        self.process_all()
        order = self.order_of(live)
        wizard = self.wizard()
        wizard.action_import()
        self.process_all()
        history = self.own_logs(event_type="order.history", external_id=live_id)
        self.assertEqual(history.state, "done", history.error_message)
        self.assertIn("Already imported", history.response_summary)
        self.assertEqual(self.order_of(history), order)
        orders = self.env["sale.order"].search([("storefront_channel_id", "=", self.channel.id)])
        self.assertEqual(len(orders), 30)
