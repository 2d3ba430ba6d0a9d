"""Worker scaling: bursts of orders imported in-process, by 1 and by 2 cron workers.

In-process: ``bin/sync_worker.py`` calls the processing cron's method in a loop,
at the priority Odoo gives its cron workers (nice 10), so the three rates
compete alike with whatever else runs on the machine. Cron workers: Odoo runs
as real processes (``--workers=2 --max-cron-threads=N``); the burst is queued
and the processing cron woken; the time until every row is done gives the
throughput. The three runs alternate over rounds (each on a burst of its
own), so a load that comes and goes on the machine weighs on all three alike.
Prints the three rates side by side, the ratios ``1w/in-process``
(target >= 0.7) and ``2w/1w`` (target >= 1.5), and checks that every order was
imported exactly once.

    python3 bench/bench_workers.py --database DB --addons-path PATH [--orders N] [--rounds R]
"""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from bench_import import orders, setup
from common import environment, fetch, start
from prefork import PreforkOdoo

TARGET_ONE = 0.7
TARGET_TWO = 1.5
CRON_NICENESS = 10  # what Odoo's WorkerCron.start() applies to itself
WORKER = Path(__file__).resolve().parent.parent / "bin" / "sync_worker.py"


def enqueue(registry, channel_id, batch):
    with environment(registry) as env:
        channel = env["storefront.channel"].browse(channel_id)
        for order in batch:
            env["storefront.sync.log"]._enqueue(
                channel, "in", "order.created", order, external_id=order["id"]
            )


def pending(registry, channel_id):
    query = (
        "SELECT count(*) FROM storefront_sync_log WHERE channel_id = %s"
        " AND state IN ('pending', 'running')"
    )
    return fetch(registry, query, channel_id)[0][0]


def in_process(args, registry, channel_id, batch):
    """Seconds ``bin/sync_worker.py`` spends processing the burst."""
    enqueue(registry, channel_id, batch)
    command = [sys.executable, str(WORKER), "--database", args.database]
    command += ["--addons-path", args.addons_path]
    for name in ("PGHOST", "PGUSER"):
        if os.environ.get(name):
            command += [f"--db-{name[2:].lower()}", os.environ[name]]
    output = subprocess.run(
        command,
        check=True,
        capture_output=True,
        text=True,
        preexec_fn=lambda: os.nice(CRON_NICENESS),
    ).stdout
    seconds = float(re.search(r"total \d+ rows in ([\d.]+) s", output).group(1))
    assert not pending(registry, channel_id), "the in-process run left rows behind"
    return seconds


def cron_workers(args, registry, channel_id, batch, workers):
    """Seconds from the wake-up of the processing cron until every row is done."""
    enqueue(registry, channel_id, batch)
    with PreforkOdoo(args, workers=2, cron_workers=workers, limit_time_real_cron=120):
        with environment(registry) as env:
            env["storefront.sync.log"]._wake()
        started = time.monotonic()
        while time.monotonic() - started < 900 and pending(registry, channel_id):
            time.sleep(0.2)
        return time.monotonic() - started


def imported_once(registry, channel_id, refs):
    query = (
        "SELECT client_order_ref, count(*) FROM sale_order WHERE client_order_ref = ANY(%s)"
        " GROUP BY client_order_ref"
    )
    counts = dict(fetch(registry, query, refs))
    not_done = fetch(
        registry,
        "SELECT count(*) FROM storefront_sync_log WHERE channel_id = %s AND state != 'done'",
        channel_id,
    )[0][0]
    return all(counts.get(ref) == 1 for ref in refs) and not not_done


def main():
    args, registry = start(
        __doc__,
        orders=(int, 20, "orders per burst"),
        rounds=(int, 2, "alternating rounds of the three runs"),
    )
    with environment(registry) as env:
        channel = setup(env)[0]
        channel.poll_interval = 0
        channel_id = channel.id
    runs = (
        lambda batch: in_process(args, registry, channel_id, batch),
        lambda batch: cron_workers(args, registry, channel_id, batch, 1),
        lambda batch: cron_workers(args, registry, channel_id, batch, 2),
    )
    seconds, refs, first = [0.0] * len(runs), [], 790000
    for _round in range(args.rounds):
        for index, run in enumerate(runs):
            batch = list(orders(first, args.orders))
            first += args.orders
            refs += [order["order_number"] for order in batch]
            seconds[index] += run(batch)
    inproc, one, two = (args.orders * args.rounds / spent for spent in seconds)
    print(
        f"workers: in-process {inproc:.2f}, 1 cron worker {one:.2f},"
        f" 2 cron workers {two:.2f} orders/s ({args.rounds} rounds of {args.orders} orders,"
        f" nice {CRON_NICENESS})"
    )
    once = imported_once(registry, channel_id, refs)
    print(f"workers: every order imported exactly once: {once}")
    print(f"workers: 1w/in-process = {one / inproc:.2f} (target >= {TARGET_ONE})")
    print(f"workers: 2w/1w = {two / one:.2f} (target >= {TARGET_TWO})")
    os._exit(0)


if __name__ == "__main__":
    main()
