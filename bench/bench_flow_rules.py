"""Flow rules' cost: an order through 20 rules against the same order through none.

Two channels take the same X-Cart orders (mapping, customer matching, lines,
total check, confirmation, posted invoice, registered payment, each row in its
own transaction). One has 20 active rules of the received and paid stages, on
every kind of condition (countries, categories, product type, payment method,
amount range, customer tags, risk, B2B, a domain); two of them match each order
(tags, a sales team), the others fail on their condition. Rounds alternate
between the channels. Prints ``flow rules: 20 rules/none = R (target <= 1.10)``
and exits non-zero above the target.

    python3 bench/bench_flow_rules.py --database DB --addons-path PATH [--orders N]
"""

import sys

from bench_import import ROUNDS, orders, run_pipeline, setup
from common import environment, start, timed

TARGET = 1.10
RULES = 20


def add_rules(env, channel):
    """Twenty rules: two match every sample order, eighteen fail on their condition."""
    Rule = env["storefront.flow.rule"]
    tag = env["crm.tag"].create({"name": "Bench flow"})
    team = env["crm.team"].search([], limit=1)
    at = env.ref("base.at")
    category = env["product.category"].create({"name": "Bench hazmat"})
    partner_tag = env["res.partner.category"].create({"name": "Bench wholesale"})
    warehouse = env["stock.warehouse"].search([], limit=1)
    failing = [
        {"country_ids": [(6, 0, at.ids)]},
        {"categ_ids": [(6, 0, category.ids)]},
        {"product_type": "combo"},
        {"payment_methods": "cod"},
        {"amount_min": 5000},
        {"amount_max": 10},
        {"partner_category_ids": [(6, 0, partner_tag.ids)]},
        {"risk_level": "high"},
        {"customer_kind": "b2b"},
        {"domain": "[('client_order_ref', '=', 'never')]"},
    ]
    values = []
    for index in range(RULES - 2):
        condition = failing[index % len(failing)]
        values.append(
            {
                **condition,
                "channel_id": channel.id,
                "name": f"Bench rule {index}",
                "sequence": index,
                "stage": "order_paid" if index % 4 == 3 else "order_received",
                "action_ids": [
                    (0, 0, {"action_type": "route_warehouse", "warehouse_id": warehouse.id})
                ],
            }
        )
    values += [
        {
            "channel_id": channel.id,
            "name": "Bench tag every order",
            "sequence": 50,
            "action_ids": [(0, 0, {"action_type": "add_tags", "tag_ids": [(6, 0, tag.ids)]})],
        },
        {
            "channel_id": channel.id,
            "name": "Bench team when paid",
            "sequence": 51,
            "stage": "order_paid",
            "action_ids": [(0, 0, {"action_type": "set_team", "team_id": team.id})],
        },
    ]
    Rule.create(values)


def main():
    args, registry = start(__doc__, **ROUNDS)
    with environment(registry) as env:
        plain = setup(env)[0]
        ruled = setup(env)[0]
        ruled.name = "Bench flow rules"
        add_rules(env, ruled)
        env.cr.commit()
        # One order each first: caches and the first invoice's sequence are warm.
        run_pipeline(env, plain, list(orders(700000, 1)))
        run_pipeline(env, ruled, list(orders(700001, 1)))
        none = rules = 0.0
        first = 700100
        for _round in range(args.rounds):
            for channel in (plain, ruled) if _round % 2 == 0 else (ruled, plain):
                batch = list(orders(first, args.orders))
                first += args.orders
                seconds = timed(lambda c=channel, b=batch: run_pipeline(env, c, b))[0]
                if channel == plain:
                    none += seconds
                else:
                    rules += seconds
        fired = env["sale.order"].search_count(
            [("storefront_channel_id", "=", ruled.id), ("storefront_rule_ids", "!=", False)]
        )
    total = args.orders * args.rounds
    ratio = rules / none
    print(
        f"flow rules: {total} orders, none {none / total * 1000:.1f} ms/order, "
        f"{RULES} rules {rules / total * 1000:.1f} ms/order ({fired} orders fired rules)"
    )
    print(f"flow rules: {RULES} rules/none = {ratio:.3f} (target <= {TARGET:.2f})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
