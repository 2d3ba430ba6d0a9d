"""Shared plumbing of the benchmarks: open the database, time a callable."""

import argparse
import time


def parse_args(description, **extra):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    for name, (kind, default, text) in extra.items():
        parser.add_argument(f"--{name}", type=kind, default=default, help=text)
    return parser.parse_args()


def open_registry(args):
    """The Odoo registry of the benchmark database (PostgreSQL from the PG* variables)."""
    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(
        ["--addons-path", args.addons_path, "-d", args.database, "--log-level", "warn"]
    )
    return Registry(args.database)


def timed(func):
    started = time.perf_counter()
    result = func()
    return time.perf_counter() - started, result
