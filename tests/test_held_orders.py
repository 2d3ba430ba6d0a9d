"""Held orders confirm through Release only, with the latest version the store sent."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import MANAGER, USER, make_user
from .flow_common import AUTHORIZED, PAID, QUEUED, FlowCase


@tagged("post_install", "-at_install")
class TestHeldOrders(FlowCase):
    def test_standard_confirm_asks_for_release_and_a_manager_overrides(self):
        self.hold_hazmat()
        order = self.order_of(self.deliver(self.order_payload(payment_status=AUTHORIZED)))
        self.assertTrue(order.storefront_held)
        seller = make_user(self.env, "held_seller", f"sales_team.group_sale_salesman,{USER}")
        order.user_id = seller
        with self.assertRaisesRegex(UserError, "use Release"):
            order.with_user(seller).action_confirm()
        self.assertTrue(order.storefront_held)
        self.assertEqual(order.state, "draft")

        boss = make_user(
            self.env,
            "held_boss",
            f"sales_team.group_sale_salesman_all_leads,{MANAGER}",
            name="Bea Boss",
        )
        order.with_user(boss).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.storefront_held)
        self.assertFalse(order.activity_ids)
        self.assertIn(
            "Confirmed while held by Bea Boss", "\n".join(order.message_ids.mapped("body"))
        )

    def test_paid_while_held_is_invoiced_on_release(self):
        self.big_orders_need_approval()
        order = self.order_of(self.deliver(self.order_payload(payment_status=QUEUED)))
        self.assertTrue(order.storefront_held)
        self.assertEqual(order.state, "draft")

        paid = self.order_payload(payment_status=PAID, update_date="2026-11-21T09:00:00+00:00")
        log = self.deliver(paid, "order.updated")
        self.assertEqual(log.state, "done", log.error_message)
        self.assertTrue(order.storefront_held)
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.invoice_ids)
        self.assertEqual(order.storefront_held_payload["payment_status"]["code"], "P")
        self.assertEqual(order.storefront_risk_log_id, log)

        self.release_paid(order, 131.47)
        self.assertFalse(order.storefront_held_payload)
