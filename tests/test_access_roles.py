"""Everyday users work on storefront orders; the queue stays what the storefront sent."""

from odoo import Command
from odoo.exceptions import AccessError

from .common import MANAGER, USER, StorefrontCase, make_user, other_company_channel, storable


class RolesCase(StorefrontCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.warehouse_user = make_user(env, "sf_wh", "stock.group_stock_user")
        cls.salesperson = make_user(env, "sf_sales", "sales_team.group_sale_salesman")
        cls.sf_user = make_user(env, "sf_plain", USER)
        cls.sf_manager = make_user(env, "sf_boss", MANAGER)
        cls.product = storable(env, "Widget", "W-1")
        cls.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        env["stock.quant"]._update_available_quantity(cls.product, cls.warehouse.lot_stock_id, 50)
        cls.customer = env["res.partner"].create({"name": "Web Customer"})
        cls.order = cls.storefront_order("5001")

    @classmethod
    def storefront_order(cls, external_id):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesperson.id,
                "storefront_channel_id": cls.channel.id,
                "storefront_reference": external_id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": 2})
                ],
            }
        )
        order.action_confirm()
        cls.env["storefront.binding"]._bind(cls.channel, order, external_id)
        return order

    def rows(self, event, record):
        return self.Log.search(
            [
                ("event_type", "=", event),
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
            ]
        )

    def validate_as(self, user, picking):
        picking = picking.with_user(user)
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")


class TestEverydayUsers(RolesCase):
    def test_warehouse_user_validates_a_storefront_delivery(self):
        picking = self.order.picking_ids
        self.validate_as(self.warehouse_user, picking)
        row = self.rows("shipment.shipped", picking)
        self.assertEqual(len(row), 1)
        self.assertEqual(row.state, "pending")
        # the status is visible to warehouse staff, read-only
        as_wh = picking.with_user(self.warehouse_user)
        self.assertEqual(as_wh.storefront_sync_state, "pending")
        self.assertEqual(
            as_wh.read(["storefront_sync_state"])[0]["storefront_sync_state"], "pending"
        )
        # the queue itself and the retry button are for Storefront Users
        with self.assertRaises(AccessError):
            self.Log.with_user(self.warehouse_user).search([])
        with self.assertRaises(AccessError):
            as_wh.action_storefront_retry()
        row.sudo().write({"state": "failed", "error_message": "boom"})
        picking.invalidate_recordset()
        self.assertEqual(as_wh.storefront_sync_state, "failed")
        picking.with_user(self.sf_user).action_storefront_retry()
        self.assertEqual(row.state, "pending")

    def test_warehouse_user_returns_goods(self):
        picking = self.order.picking_ids
        self.validate_as(self.warehouse_user, picking)
        wizard = (
            self.env["stock.return.picking"]
            .with_user(self.warehouse_user)
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({})
        )
        # Everything delivered comes back: a partial return does not mark the order returned.
        for line in wizard.product_return_moves:
            line.quantity = line.move_id.quantity
        action = wizard.action_create_returns()
        returned = self.env["stock.picking"].browse(action["res_id"])
        self.validate_as(self.warehouse_user, returned)
        status_rows = self.rows("order.status", returned)
        self.assertEqual(
            status_rows.mapped("payload"), [{"order_id": self.order.id, "status": "returned"}]
        )

    def test_salesperson_edits_and_cancels_an_own_storefront_order(self):
        order = self.order.with_user(self.salesperson)
        order.write({"note": "Gift wrap, please"})
        order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(order.state, "cancel")
        rows = self.rows("order.status", self.order)
        self.assertEqual(
            rows.mapped("payload"), [{"order_id": self.order.id, "status": "cancelled"}]
        )
        self.assertEqual(self.order.picking_ids.state, "cancel")


class TestImmutableQueue(RolesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.row = cls.Log._enqueue(
            cls.channel, "in", "order.created", {"id": 42, "total": 10}, external_id="42"
        )[0]

    def test_storefront_user_writes_no_field(self):
        row = self.row.with_user(self.sf_user)
        stored = [
            name
            for name, field in self.Log._fields.items()
            if field.store and name not in ("id", "create_uid", "create_date", "write_uid")
        ]
        self.assertIn("payload", stored)
        for name in stored:
            with self.subTest(field=name), self.assertRaises(AccessError):
                row.write({name: row[name].id if hasattr(row[name], "_name") else row[name]})
        with self.assertRaises(AccessError):
            self.Log.with_user(self.sf_user).create(
                {"channel_id": self.channel.id, "direction": "in", "event_type": "order.cancelled"}
            )

    def test_manager_never_writes_the_content(self):
        row = self.row.with_user(self.sf_manager)
        for values in (
            {"payload": {"id": 42, "total": 0}},
            {"event_type": "order.cancelled"},
            {"direction": "out"},
            {"external_id": "43"},
            {"dedup_key": "other"},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                row.write(values)
        self.assertEqual(self.row.payload, {"id": 42, "total": 10})
        self.assertEqual(self.row.event_type, "order.created")
        with self.assertRaises(AccessError):
            self.Log.with_user(self.sf_manager).create(
                {"channel_id": self.channel.id, "direction": "in", "event_type": "order.cancelled"}
            )

    def test_requeue_and_cancel_are_the_user_actions(self):
        self.row.write({"state": "failed", "attempts": 3})
        row = self.row.with_user(self.sf_user)
        row.action_requeue()
        self.assertRecordValues(self.row, [{"state": "pending", "attempts": 0}])
        row.action_cancel()
        self.assertEqual(self.row.state, "cancelled")
        for user in (self.warehouse_user, self.salesperson):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.row.with_user(user).action_requeue()
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.row.with_user(user).action_cancel()
        self.assertEqual(self.row.state, "cancelled")

    def test_requeue_respects_company_rules(self):
        _company, channel = other_company_channel(self.env, "Elsewhere", "Elsewhere store")
        row = self.enqueue(payload={"id": 9}, channel=channel)
        row.write({"state": "failed"})
        with self.assertRaises(AccessError):
            row.with_user(self.sf_user).action_requeue()
        self.assertEqual(row.state, "failed")
