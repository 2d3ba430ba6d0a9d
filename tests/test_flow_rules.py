"""Flow rules on orders delivered over real HTTP: route, hold, confirm and invoice by rule."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.storefront_channel_flow import TEMPLATES
from .common import USER, make_user
from .flow_common import AUTHORIZED, QUEUED, FlowCase


@tagged("post_install", "-at_install")
class TestFlowRules(FlowCase):
    def test_de_order_leaves_from_the_second_warehouse(self):
        rule = self.from_vienna("Germany ships from Vienna", "base.de")
        address = dict(self.sample["shipping_address"], country_code="DE", state=None)
        address.update(state_name=None, city="Berlin", zipcode="10117")
        de_log = self.deliver(self.order_payload(20001, shipping_address=address))
        us_log = self.deliver(self.order_payload(20002))
        de, us = self.order_of(de_log), self.order_of(us_log)
        self.assertEqual(de.state, "sale")
        self.assertEqual(de.warehouse_id, self.vienna)
        self.assertEqual(de.picking_ids.picking_type_id.warehouse_id, self.vienna)
        self.assertEqual(de.picking_ids.location_id, self.vienna.lot_stock_id)
        self.assertEqual(de.storefront_rule_ids, rule)
        self.assertEqual(de_log.flow_rule_ids, rule)
        self.assertIn("Germany ships from Vienna", "\n".join(de.message_ids.mapped("body")))
        self.assertEqual(us.warehouse_id, self.warehouse)
        self.assertFalse(us.storefront_rule_ids)
        self.assertFalse(us_log.flow_rule_ids)
        self.assertEqual(rule.order_ids, de)

    def test_category_is_held_with_the_rules_reason_then_released(self):
        self.hold_hazmat()
        log = self.deliver(self.order_payload())
        order = self.order_of(log)
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.storefront_held)
        self.assertEqual(order.storefront_hold_reason, "Hazmat goods: check the carrier first.")
        self.assertIn("Hazmat goods: check the carrier first.", log.response_summary)
        self.assertFalse(order.invoice_ids)
        self.assertEqual(len(order.activity_ids), 1)
        order.action_storefront_release()
        self.assertEqual(order.state, "sale")
        self.assertIn(order.invoice_ids.payment_state, ("paid", "in_payment"))
        self.assertFalse(order.activity_ids)

    def test_cash_on_delivery_confirmed_then_invoiced_when_delivered(self):
        self.rule(
            "Cash on delivery",
            [
                {"action_type": "confirm_policy", "confirm_policy": "now"},
                {"action_type": "invoice_policy", "invoice_policy": "delivery"},
            ],
            payment_methods="cod, CashOnDelivery",
        )
        order = self.order_of(
            self.deliver(self.order_payload(payment_status=QUEUED, payment_method="COD"))
        )
        self.assertEqual(order.storefront_payment_method, "COD")
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.invoice_ids)
        self.assertEqual(self.deliver_in_full(order).state, "done")
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertAlmostEqual(invoice.amount_total, 131.47)
        # Card orders are not concerned.
        card = self.order_of(self.deliver(self.order_payload(10453, payment_method="card")))
        self.assertEqual(card.invoice_ids.state, "posted")
        self.assertFalse(card.storefront_rule_ids)

    def test_b2b_pricelist_keeps_the_storefront_totals(self):
        self.env["res.partner"].create(
            {"name": "Jane Doe", "email": "Jane.Doe@Example.com", "vat": "DE123456788"}
        )
        b2b = self.env["product.pricelist"].create(
            {
                "name": "B2B USD",
                "currency_id": self.env.ref("base.USD").id,
                "item_ids": [Command.create({"compute_price": "percentage", "percent_price": 10})],
            }
        )
        tag = self.env["crm.tag"].create({"name": "B2B"})
        rule = self.rule(
            "B2B pricelist",
            [
                {"action_type": "set_pricelist", "pricelist_id": b2b.id},
                {"action_type": "add_tags", "tag_ids": [Command.set(tag.ids)]},
            ],
            customer_kind="b2b",
        )
        order = self.order_of(self.deliver(self.order_payload()))
        self.assertEqual(order.pricelist_id, b2b)
        self.assertEqual(order.tag_ids, tag)
        self.assertEqual(order.storefront_rule_ids, rule)
        self.assertAlmostEqual(order.amount_total, 131.47)
        self.assertFalse(order.storefront_amount_mismatch)
        self.assertAlmostEqual(order.invoice_ids.amount_total, 131.47)
        self.assertEqual(order.state, "sale")

    def test_approval_above_an_amount(self):
        managers = self.big_orders_need_approval()
        small = self.order_of(self.deliver(self.order_payload(30001, total=31.47)))
        self.assertFalse(small.storefront_held)
        order = self.order_of(self.deliver(self.order_payload(30002)))
        self.assertTrue(order.storefront_held)
        self.assertEqual(order.storefront_approval_group_id, managers)
        self.assertIn("Approval by", order.storefront_hold_reason)
        clerk = make_user(
            self.env, "flow_clerk", f"sales_team.group_sale_salesman_all_leads,{USER}"
        )
        with self.assertRaisesRegex(UserError, "waits for the approval"):
            order.with_user(clerk).action_storefront_release()
        self.assertTrue(order.storefront_held)
        order.action_storefront_release()
        self.assertEqual(order.state, "sale")

    def test_stop_after_a_matching_rule(self):
        first_tag, second_tag = self.env["crm.tag"].create([{"name": "First"}, {"name": "Second"}])
        first = self.rule(
            "First",
            [{"action_type": "add_tags", "tag_ids": [Command.set(first_tag.ids)]}],
            sequence=1,
            stop=True,
        )
        second = self.rule(
            "Second",
            [{"action_type": "add_tags", "tag_ids": [Command.set(second_tag.ids)]}],
            sequence=2,
        )
        order = self.order_of(self.deliver(self.order_payload(40001)))
        self.assertEqual(order.tag_ids, first_tag)
        self.assertEqual(order.storefront_rule_ids, first)
        first.stop = False
        order = self.order_of(self.deliver(self.order_payload(40002)))
        self.assertEqual(order.tag_ids, first_tag | second_tag)
        self.assertEqual(order.storefront_rule_ids, first | second)

    def test_skip_rule_imports_nothing_and_says_why(self):
        self.rule(
            "Not our market",
            [{"action_type": "skip", "reason": "US orders go to the US entity."}],
            country_ids=[Command.set(self.env.ref("base.us").ids)],
        )
        orders = self.env["sale.order"].search_count([])
        log = self.deliver(self.order_payload())
        self.assertEqual(log.state, "done", log.error_message)
        self.assertFalse(log.res_id)
        self.assertIn("US orders go to the US entity.", log.response_summary)
        self.assertEqual(self.env["sale.order"].search_count([]), orders)

    def test_rules_run_once_per_row_however_often_retried(self):
        tag = self.env["crm.tag"].create({"name": "Seen"})
        received = self.rule(
            "Welcome",
            [
                {"action_type": "add_tags", "tag_ids": [Command.set(tag.ids)]},
                {"action_type": "activity", "reason": "Call the customer"},
            ],
        )
        paid = self.rule(
            "Paid follow-up",
            [{"action_type": "activity", "reason": "Ship within a day"}],
            stage="order_paid",
        )
        self.channel.payment_journal_id = False
        log = self.deliver(self.order_payload())
        self.assertEqual(log.state, "failed")
        self.assertIn("payment journal", log.error_message)
        self.assertFalse(received.order_ids)
        for _attempt in range(2):
            log.action_requeue()
            self.process()
            self.assertEqual(log.state, "failed")
        self.channel.payment_journal_id = self.bank
        log.action_requeue()
        self.process()
        order = self.order_of(log)
        update = self.order_payload(update_date="2026-11-21T09:00:00+00:00")
        self.order_of(self.deliver(update, "order.updated"))
        self.assertEqual(order.storefront_rule_ids, received | paid)
        self.assertEqual(
            sorted(order.activity_ids.mapped("summary")), ["Call the customer", "Ship within a day"]
        )
        fired = order.message_ids.filtered(lambda m: "Flow rules" in (m.body or ""))
        self.assertEqual(len(fired), 2, "one message per stage")
        self.assertEqual(log.flow_rule_ids, received | paid)

    def test_shipped_and_cancelled_stages(self):
        shipped_tag, cancelled_tag = self.env["crm.tag"].create(
            [{"name": "Shipped"}, {"name": "Cancelled"}]
        )
        self.rule(
            "On shipping",
            [{"action_type": "add_tags", "tag_ids": [Command.set(shipped_tag.ids)]}],
            stage="order_shipped",
        )
        self.rule(
            "On cancelling",
            [{"action_type": "add_tags", "tag_ids": [Command.set(cancelled_tag.ids)]}],
            stage="order_cancelled",
        )
        shipped = self.order_of(self.deliver(self.order_payload(50001)))
        self.assertFalse(shipped.tag_ids)
        self.deliver_in_full(shipped)
        self.assertEqual(shipped.tag_ids, shipped_tag)
        order = self.order_of(self.deliver(self.order_payload(50002, payment_status=QUEUED)))
        self.assertEqual(order.state, "draft")
        self.deliver(self.order_payload(50002), "order.cancelled")
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.tag_ids, cancelled_tag)

    def test_simulation_explains_a_rule_that_does_not_match(self):
        austria = self.from_vienna("Austria and Switzerland from Vienna", "base.at", "base.ch")
        self.rule("Every order", [{"action_type": "hold", "reason": "Look first"}], stop=True)
        self.rule("After the stop", [{"action_type": "hold", "reason": "Never read"}])
        log = self.deliver(self.order_payload())
        counts = {
            model: self.env[model].search_count([])
            for model in ("sale.order", "res.partner", "mail.message", "mail.activity")
        }
        result = log.action_test_rules()["simulation"]
        self.assertFalse(result["error"])
        self.assertEqual(result["mapping"]["external_id"], "10452")
        self.assertIn(result["risk"]["level"], ("none", "low", "medium", "high"))
        rules = {row["name"]: row for row in result["stages"][0]["rules"]}
        self.assertFalse(rules[austria.name]["matched"])
        self.assertEqual(rules[austria.name]["why"], "Shipping country US is not one of AT, CH.")
        self.assertTrue(rules["Every order"]["matched"])
        self.assertEqual(rules["Every order"]["actions"], ["Hold for review: Look first"])
        self.assertIn("stops the flow", rules["After the stop"]["why"])
        for model, count in counts.items():
            self.assertEqual(self.env[model].search_count([]), count, model)
        # The same from a pasted object, through the wizard.
        wizard = self.env["storefront.flow.simulation"].create(
            {"channel_id": self.channel.id, "payload_text": log.payload_text}
        )
        wizard.action_run()
        self.assertIn("Shipping country US is not one of AT, CH.", wizard.result_html)

    def test_templates_one_click_each(self):
        for code in TEMPLATES:
            action = self.channel.with_context(flow_template=code).action_add_flow_template()
            rule = self.env["storefront.flow.rule"].browse(action["res_id"])
            self.assertEqual(rule.channel_id, self.channel)
        rules = self.channel.with_context(active_test=False).flow_rule_ids
        self.assertEqual(len(rules), len(TEMPLATES))
        cod = rules.filtered(lambda r: r.payment_methods)
        self.assertEqual(
            sorted(cod.action_ids.mapped("action_type")), ["confirm_policy", "invoice_policy"]
        )
        routed = rules.filtered("country_ids")
        self.assertEqual(routed.action_ids.warehouse_id, self.vienna)
        self.assertTrue(routed.active)
        held = rules.filtered(lambda r: "category" in r.name)
        self.assertFalse(held.active, "off until its category is chosen")


@tagged("post_install", "-at_install")
class TestFlowTours(FlowCase):
    """The rules' screens in headless Chromium, as the admin and as a salesperson."""

    def test_admin_builds_tests_and_reorders_rules(self):
        austria = self.from_vienna("Austria from Vienna", "base.at", sequence=10)
        self.start_tour(
            f"/odoo/action-storefront_connector.storefront_channel_action/{self.channel.id}",
            "storefront_flow_build_tour",
            login="admin",
            timeout=180,
        )
        big = self.channel.flow_rule_ids - austria
        self.assertEqual(big.name, "Big orders")
        self.assertEqual(big.amount_min, 100)
        self.assertEqual(big.action_ids.action_type, "require_approval")
        log = self.deliver(self.order_payload())
        orders = self.env["sale.order"].search_count([])
        self.start_tour(
            f"/odoo/action-storefront_connector.storefront_sync_log_action/{log.id}",
            "storefront_flow_test_row_tour",
            login="admin",
            timeout=180,
        )
        self.assertEqual(self.env["sale.order"].search_count([]), orders)
        self.start_tour(
            "/odoo/action-storefront_connector.storefront_flow_action_client",
            "storefront_flow_diagram_tour",
            login="admin",
            timeout=180,
        )
        self.assertLess(big.sequence, austria.sequence)
        self.assertFalse(austria.active)

    def test_salesperson_releases_a_held_order(self):
        self.hold_hazmat()
        order = self.order_of(self.deliver(self.order_payload(payment_status=AUTHORIZED)))
        self.assertTrue(order.storefront_held)
        seller = make_user(
            self.env,
            "flow_seller",
            f"sales_team.group_sale_salesman,{USER}",
            password="flow_seller",
            name="Sam Seller",
        )
        order.user_id = seller
        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}",
            "storefront_flow_release_tour",
            login="flow_seller",
            timeout=180,
        )
        self.assertFalse(order.storefront_held)
        self.assertEqual(order.state, "sale")
