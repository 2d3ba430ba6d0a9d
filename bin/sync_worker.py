"""Process the sync queue in this process, as the processing cron does.

    python3 bin/sync_worker.py --database DB --addons-path PATH [--runs N]

Each run is one call of the cron's method; the worker stops after ``--runs``
calls or when a call processed nothing. Prints the rows processed per call,
then the total and the seconds spent processing (loading the registry excluded).
Used by the tests (a worker killed mid-row) and the benchmarks.
"""

import argparse
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--db-host", default=None)
    parser.add_argument("--db-user", default=None)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--limit-time-real-cron", type=int, default=-1)
    args = parser.parse_args()

    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    options = ["--addons-path", args.addons_path, "-d", args.database, "--log-level", "warn"]
    options += ["--limit-time-real-cron", str(args.limit_time_real_cron)]
    if args.db_host:
        options += ["--db_host", args.db_host]
    if args.db_user:
        options += ["--db_user", args.db_user]
    odoo.tools.config.parse_config(options)
    registry = Registry(args.database)
    total, started = 0, time.monotonic()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        for _run in range(args.runs):
            done = env["storefront.sync.log"]._cron_process()
            cr.commit()
            total += len(done)
            print(f"processed {len(done)}", flush=True)
            if not done:
                break
    print(f"total {total} rows in {time.monotonic() - started:.2f} s", flush=True)


if __name__ == "__main__":
    main()
