"""Scale: the hot paths on a sync log of 1,000,000 rows against one of 10,000.

Two copies of the benchmark database (the helper addon ``bench/addons``
installed in both) get 20 active channels, 100 bound sale orders and a sync
log seeded by SQL: 95 % done, the rest cancelled, failed, dead or pending,
spread over 30 days, 70 % inbound. Then, alternating between the two
databases round after round, it times:

* one claim: ``_claim`` as the engine calls it (READ COMMITTED, rolled back);
* the Overview dashboard: ``web_search_read`` of the channels with every field
  of the dashboard's kanban view (one card per channel);
* ``GET /storefront/metrics`` over HTTP with its token, on an Odoo server per
  database;
* a sale order list: ``web_search_read`` of 80 bound orders with their sync status;
* an order search by sync state: the orders' "Storefront sync failed" filter, a
  ``web_search_read`` of its first 80 orders and their count;
* one cleanup batch: ``_cron_cleanup`` deleting its 1,000 rows (rolled back).

Prints the median of each in both databases and ``1M/10k`` (target <= 1.5),
then the rows per second of a no-op handler run by 1 and by 2 cron workers of
a prefork server on the large log (the seeded channels and the other crons
paused meanwhile).
Exits 1 when a ratio misses its target. Both copies are dropped at the end.

    python3 bench/bench_scale.py --database DB --addons-path PATH [--large N] [--small N]
"""

import os
import statistics
import sys
import time

import psycopg2
import requests
from bench_workers import pending
from common import bench_database, open_database, open_registry, parse_args, timed
from prefork import OdooServer, PreforkOdoo

TARGET = 1.5
CHANNELS = 20
ORDERS = 100
RETENTION_DAYS = 25  # the seeded rows of the last 5 of their 30 days are past it
TOKEN = "scale-bench-token"
ORDER_FIELDS = (
    "name",
    "date_order",
    "amount_total",
    "state",
    "storefront_sync_state",
    "storefront_sync_message",
)
SEED = """
INSERT INTO storefront_sync_log (
    channel_id, company_id, direction, event_type, external_id, delivery_id, dedup_key,
    payload, payload_hash, state, attempts, lost_leases, next_attempt_at, error_class,
    error_message, res_model, res_id, duration_ms, date_started, date_done,
    create_uid, write_uid, create_date, write_date
)
SELECT (%(channels)s)[1 + (h / 200) %% %(channel_count)s], %(company)s,
       CASE WHEN kind < 7 THEN 'in' ELSE 'out' END,
       (ARRAY['order.created', 'order.created', 'order.created', 'order.created',
              'order.created', 'order.updated', 'customer.created', 'stock.update',
              'stock.update', 'order.status'])[kind + 1],
       (i / 3)::text,
       CASE WHEN kind < 5 THEN 'msg_' || i END,
       'seed:' || i,
       jsonb_build_object(
           'id', i, 'status', 'P', 'email', 'customer' || i || '@example.com',
           'items', jsonb_build_array(
               jsonb_build_object('sku', 'TSHIRT-BLK-M', 'amount', 2, 'price', 19.99),
               jsonb_build_object('sku', 'MUG-0042', 'amount', 1, 'price', 69.99)),
           'notes', repeat('x', 200)),
       md5(i::text), state,
       CASE state WHEN 'dead' THEN 5 WHEN 'pending' THEN (h / 4000) %% 2 ELSE 1 END,
       0,
       CASE WHEN state = 'pending' AND (h / 4000) %% 2 = 1
            THEN (now() at time zone 'UTC') + interval '1 hour' END,
       CASE WHEN state IN ('failed', 'dead') THEN 'business' END,
       CASE WHEN state IN ('failed', 'dead') THEN 'Seeded failure ' || i END,
       CASE WHEN kind IN (7, 8) THEN 'product.product' ELSE 'sale.order' END,
       CASE WHEN kind IN (7, 8) THEN 1 + i %% 1000
            ELSE %(first_order)s + (i / 10) %% greatest(%(count)s / 10, %(orders)s) END,
       CASE WHEN state IN ('done', 'failed', 'dead') THEN ((i %% 4000) * 7919) %% 4000 END,
       CASE WHEN state != 'pending' THEN created + interval '1 second' END,
       CASE WHEN state = 'done' THEN created + interval '2 seconds' END,
       1, 1, created, created
  FROM generate_series(1, %(count)s) i,
       LATERAL (SELECT hashint4(i) & 2147483647 AS h) hashed,
       LATERAL (SELECT i %% 10 AS kind,
                       CASE WHEN h %% 200 < 190 THEN 'done'
                            WHEN h %% 200 < 194 THEN 'cancelled'
                            WHEN h %% 200 < 197 THEN 'failed'
                            WHEN h %% 200 < 198 THEN 'dead'
                            ELSE 'pending' END AS state) s,
       -- The backlog is of the last hour; the rest spreads over 30 days, oldest first.
       LATERAL (SELECT (now() at time zone 'UTC') - CASE state
                           WHEN 'pending' THEN (h %% 3600) * interval '1 second'
                           ELSE (%(count)s - i) * interval '30 days' / %(count)s END
                       AS created) t
"""


def env_of(cr):
    from odoo import SUPERUSER_ID, api

    return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})


def prepare(registry):
    """Channels, bound orders, the metrics token and the no-op channel."""
    with registry.cursor() as cr:
        env = env_of(cr)
        Channel = env["storefront.channel"]
        values = {"platform": "xcart", "base_url": "http://127.0.0.1:9", "poll_interval": 0}
        Channel.create(
            [
                dict(values, name=f"Scale {n}", log_retention_days=RETENTION_DAYS)
                for n in range(CHANNELS)
            ]
        )
        channel = Channel.create(dict(values, name="Scale no-op"))
        partner = env["res.partner"].create({"name": "Scale customer"})
        env["sale.order"].create(
            [
                {"partner_id": partner.id, "storefront_channel_id": channel.id}
                for _n in range(ORDERS)
            ]
        )
        env["ir.config_parameter"].set_param("storefront_connector.metrics_token", TOKEN)


def seed(registry, count):
    with registry.cursor() as cr:
        env = env_of(cr)
        channels = env["storefront.channel"].search([("name", "=like", "Scale %")], order="id")
        seeded = channels.filtered(lambda c: c.name != "Scale no-op")
        first_order = min(env["sale.order"].search([("storefront_channel_id", "!=", False)]).ids)
        cr.execute(
            SEED,
            {
                "channels": seeded.ids,
                "channel_count": len(seeded),
                "company": seeded[0].company_id.id,
                "count": count,
                "first_order": first_order,
                "orders": ORDERS,
            },
        )
        # As the compaction cron leaves the counters the log's triggers filled.
        env["storefront.sync.count"]._compact()
    # As autovacuum leaves a table: visibility map set, planner statistics fresh.
    connection = psycopg2.connect(dbname=registry.db_name)
    try:
        connection.autocommit = True
        for table in ("storefront_sync_log", "storefront_sync_count"):
            connection.cursor().execute(f"VACUUM ANALYZE {table}")
    finally:
        connection.close()


def claim(registry):
    from odoo.addons.storefront_connector import const

    with registry.cursor() as cr:
        cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
        Log = env_of(cr)["storefront.sync.log"]
        seconds, rows = timed(
            lambda: Log._claim(
                limit=const.CLAIM_SIZE,
                lease_seconds=const.DEFAULT_LEASE_SECONDS,
                per_channel=const.CLAIM_SIZE,
            )
        )
        assert rows, "the claim found no row"
        cr.rollback()
    return seconds


def dashboard(registry):
    with registry.cursor() as cr:
        env = env_of(cr)
        view = env.ref("storefront_connector.storefront_channel_view_kanban_dashboard")
        Channel = env["storefront.channel"]
        fields = Channel.get_views([(view.id, "kanban")])["models"]["storefront.channel"]
        specification = {name: {} for name in fields["fields"]}
        env.invalidate_all()
        seconds, result = timed(lambda: Channel.web_search_read([], specification))
        assert result["length"] > CHANNELS, result["length"]
        cr.rollback()
    return seconds


def metrics(url):
    started = time.perf_counter()
    answer = requests.get(
        f"{url}/storefront/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300
    )
    seconds = time.perf_counter() - started
    assert answer.status_code == 200 and "storefront_sync_rows" in answer.text, answer.text[:200]
    return seconds


def order_list(registry):
    with registry.cursor() as cr:
        env = env_of(cr)
        specification = {name: {} for name in ORDER_FIELDS}
        specification["partner_id"] = {"fields": {"display_name": {}}}
        seconds, result = timed(
            lambda: env["sale.order"].web_search_read(
                [("storefront_channel_id", "!=", False)], specification, limit=80
            )
        )
        states = {record["storefront_sync_state"] for record in result["records"]}
        assert len(result["records"]) == 80 and states - {"none"}, states
        cr.rollback()
    return seconds


def order_search(registry):
    with registry.cursor() as cr:
        env = env_of(cr)
        seconds, result = timed(
            lambda: env["sale.order"].web_search_read(
                [("storefront_sync_state", "=", "failed")], {"name": {}}, limit=80
            )
        )
        assert result["length"] == len(result["records"]) <= 80, result["length"]
        cr.rollback()
    return seconds


def cleanup(registry):
    with registry.cursor() as cr:
        seconds, deleted = timed(lambda: env_of(cr)["storefront.sync.log"]._cron_cleanup())
        assert deleted > 0, "the cleanup found nothing to delete"
        cr.rollback()
    return seconds


def noop_rate(args, registry, count, workers):
    """Rows per second of the no-op handler with ``workers`` cron workers."""
    with registry.cursor() as cr:
        env = env_of(cr)
        channel = env["storefront.channel"].search([("name", "=", "Scale no-op")])
        cr.execute(
            """
            INSERT INTO storefront_sync_log (channel_id, company_id, direction, event_type,
                dedup_key, payload, state, attempts, create_date, write_date)
            SELECT %s, %s, 'in', 'noop.run', 'noop:' || %s || ':' || i, '{}', 'pending', 0,
                   now() at time zone 'UTC', now() at time zone 'UTC'
              FROM generate_series(1, %s) i
            """,
            [channel.id, channel.company_id.id, workers, count],
        )
        channel_id = channel.id
    with PreforkOdoo(args, workers=2, cron_workers=workers, limit_time_real_cron=120):
        with registry.cursor() as cr:
            env_of(cr)["storefront.sync.log"]._wake()
        started = time.monotonic()
        while time.monotonic() - started < 600 and pending(registry, channel_id):
            time.sleep(0.1)
        seconds = time.monotonic() - started
    with registry.cursor() as cr:
        cr.execute(
            "SELECT count(*) FROM storefront_sync_log WHERE channel_id = %s AND state != 'done'",
            [channel_id],
        )
        assert not cr.fetchone()[0], "no-op rows were left undone"
    return count / seconds


def pause_seeded(registry):
    """Pause the seeded channels, and every cron but the processing lanes: the
    throughput is the engine's alone, not shared with the cleanup of the seeded log."""
    with registry.cursor() as cr:
        cr.execute(
            "UPDATE storefront_channel SET health_state = 'paused' WHERE name LIKE 'Scale %%'"
            " AND name != 'Scale no-op'"
        )
        cr.execute(
            """
            UPDATE ir_cron SET active = ir_cron.id IN (
                SELECT res_id FROM ir_model_data
                 WHERE model = 'ir.cron' AND module = 'storefront_connector'
                   AND name LIKE 'ir_cron_storefront_process%%')
            """
        )


def measure(args, small, large):
    """{operation: (small medians, large medians)} over alternating rounds."""
    registries = (open_database(small), open_database(large))
    for registry, count in zip(registries, (args.small, args.large), strict=True):
        started = time.monotonic()
        seed(registry, count)
        print(f"scale: {count} rows seeded in {time.monotonic() - started:.0f} s", flush=True)
    servers = [OdooServer(db_args, log_level="warn").start() for db_args in (small, large)]
    operations = {
        "claim": lambda n: claim(registries[n]),
        "dashboard": lambda n: dashboard(registries[n]),
        "metrics": lambda n: metrics(servers[n].url),
        "order list": lambda n: order_list(registries[n]),
        "order search by sync state": lambda n: order_search(registries[n]),
        "cleanup batch": lambda n: cleanup(registries[n]),
    }
    times = {name: ([], []) for name in operations}
    try:
        for round_ in range(args.rounds + 1):
            for name, operation in operations.items():
                for n in (0, 1):
                    seconds = operation(n)
                    if round_:  # the first round warms the caches up
                        times[name][n].append(seconds)
    finally:
        for server in servers:
            server.stop()
    return registries, {name: tuple(map(statistics.median, pair)) for name, pair in times.items()}


def main():
    args = parse_args(
        __doc__.splitlines()[0],
        large=(int, 1_000_000, "rows of the large log"),
        small=(int, 10_000, "rows of the small log"),
        rounds=(int, 5, "alternating rounds (medians are printed)"),
        noop=(int, 1000, "no-op rows per throughput run"),
    )
    failed = False
    with bench_database(args, "scale_small") as small:
        prepare(open_registry(small))
        from odoo.modules.registry import Registry
        from odoo.sql_db import close_db

        Registry.delete(small.database)
        close_db(small.database)
        with bench_database(args, "scale_large", template=small.database) as large:
            registries, medians = measure(args, small, large)
            label = f"{args.large // 1000}k/{args.small // 1000}k"
            for name, (small_time, large_time) in medians.items():
                ratio = large_time / small_time
                failed |= ratio > TARGET
                print(
                    f"scale: {name}: {small_time * 1000:.1f} ms at {args.small} rows, "
                    f"{large_time * 1000:.1f} ms at {args.large}: {label} = {ratio:.2f} "
                    f"(target <= {TARGET})",
                    flush=True,
                )
            pause_seeded(registries[1])
            rates = [noop_rate(large, registries[1], args.noop, w) for w in (1, 2)]
            print(
                f"scale: no-op handler on the {args.large}-row log: 1 cron worker "
                f"{rates[0]:.0f} rows/s, 2 cron workers {rates[1]:.0f} rows/s "
                "(OCA queue_job publishes about 55 jobs/s)"
            )
    sys.stdout.flush()
    os._exit(1 if failed else 0)


if __name__ == "__main__":
    main()
