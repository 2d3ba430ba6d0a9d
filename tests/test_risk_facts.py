"""Every risk fact on its own, in pure Python."""

from datetime import datetime, timedelta

from odoo.tests import BaseCase

from ..tools import risk

NOW = datetime(2026, 11, 20, 14, 0)


def order(total=100.0, lines=None, **extra):
    values = {
        "total": total,
        "email": "jane@example.com",
        "date": NOW,
        "billing_country": "US",
        "shipping_country": "US",
        "lines": lines or [{"sku": "A", "quantity": 1, "price_unit": 100.0, "cost": 40.0}],
    }
    values.update(extra)
    return values


def codes(result):
    return [fact["code"] for fact in result["facts"]]


class TestRiskFacts(BaseCase):
    """Every risk fact on its own, in pure Python."""

    def test_robust_z_ignores_the_outliers_it_measures(self):
        z, center = risk.robust_z(1000, [100, 102, 98, 101, 99, 5000])
        self.assertEqual(center, 100.5)
        self.assertEqual(round(z, 1), 89.5)  # (1000 - 100.5) / max(1.4826 * MAD, 10% of the median)

    def test_customer_total_far_above_median_is_high_with_its_sentence(self):
        history = {"customer_totals": [100.0, 110.0, 105.0, 95.0, 120.0]}
        result = risk.score_order(order(1240.0), history)
        self.assertEqual(codes(result), ["customer_total"])
        self.assertEqual(result["level"], "high")
        self.assertTrue(
            result["facts"][0]["sentence"].startswith(
                "Total 1,240.00 is 11.8 times this customer's median of 105.00"
            )
        )

    def test_customer_total_within_usual_variation_is_silent(self):
        history = {"customer_totals": [100.0, 150.0, 80.0, 120.0, 60.0]}
        self.assertEqual(risk.score_order(order(250.0), history)["facts"], [])

    def test_customer_total_with_short_history_needs_a_larger_ratio(self):
        history = {"customer_totals": [100.0, 100.0, 100.0]}
        self.assertEqual(risk.score_order(order(700.0), history)["level"], "medium")
        self.assertEqual(risk.score_order(order(1100.0), history)["level"], "high")

    def test_new_customer_compared_with_the_store_and_first_order_high(self):
        history = {"customer_totals": [], "store_totals": [80.0, 90.0, 100.0, 110.0, 120.0] * 3}
        result = risk.score_order(order(1500.0), history)
        self.assertEqual(codes(result), ["store_total", "first_order_high"])
        self.assertEqual(result["level"], "high")
        self.assertIn("times the store's median order of 100.00", result["facts"][0]["sentence"])

    def test_returning_customer_with_little_history_is_not_a_first_order(self):
        history = {"customer_totals": [90.0], "store_totals": [100.0] * 20}
        self.assertEqual(codes(risk.score_order(order(1500.0), history)), ["store_total"])

    def test_country_mismatch_alone_is_low(self):
        result = risk.score_order(order(shipping_country="NG"), {})
        self.assertEqual(codes(result), ["country_mismatch"])
        self.assertEqual(result["level"], "low")
        self.assertEqual(
            result["facts"][0]["sentence"], "Billing country US differs from shipping country NG."
        )

    def test_sku_quantity_against_the_customer_then_the_store(self):
        big = [{"sku": "A", "quantity": 40, "price_unit": 2.5, "cost": 1.0}]
        own = {"customer_quantities": [1, 2, 1, 1], "sku_quantities": {"A": [1] * 10}}
        result = risk.score_order(order(lines=big), own)
        self.assertEqual(codes(result), ["sku_quantity"])
        self.assertIn("times this customer's usual 1", result["facts"][0]["sentence"])
        store = {"sku_quantities": {"A": [1, 2, 1, 3, 1, 1, 2]}}
        result = risk.score_order(order(lines=big), store)
        self.assertIn("the usual A quantity of 2", result["facts"][0]["sentence"])
        usual = [{"sku": "A", "quantity": 3, "price_unit": 2.5, "cost": 1.0}]
        self.assertEqual(risk.score_order(order(lines=usual), own)["facts"], [])

    def test_price_below_cost(self):
        lines = [{"sku": "A", "quantity": 1, "price_unit": 10.0, "cost": 40.0}]
        result = risk.score_order(order(10.0, lines), {})
        self.assertEqual(codes(result), ["below_cost"])
        self.assertEqual(
            result["facts"][0]["sentence"], "Unit price 10.00 of A is below its cost of 40.00."
        )
        self.assertEqual(result["level"], "high")

    def test_email_velocity_counts_orders_inside_the_window(self):
        dates = [NOW - timedelta(minutes=m) for m in (5, 20, 50)]
        result = risk.score_order(order(), {"email_dates": dates})
        self.assertEqual(codes(result), ["email_velocity"])
        self.assertEqual(
            result["facts"][0]["sentence"], "4 orders from jane@example.com within 60 minutes."
        )
        older = [NOW - timedelta(minutes=m) for m in (5, 20, 90)]
        self.assertEqual(risk.score_order(order(), {"email_dates": older})["facts"], [])

    def test_levels_follow_the_channel_thresholds_and_facts_add_up(self):
        history = {"email_dates": [NOW] * 3}
        result = risk.score_order(order(shipping_country="FR"), history, {"high": 95})
        self.assertEqual(result["score"], 90)
        self.assertEqual(result["level"], "medium")
        self.assertEqual([f["weight"] for f in result["facts"]], [65, 25])
        self.assertTrue(risk.describe(result["facts"]).splitlines()[0].startswith("+65: 4 orders"))
