"""Shared plumbing of the benchmarks: open the database, time a callable."""

import argparse
import importlib
import importlib.util
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ADDON = "storefront_connector"


def addon_module(name):
    """A plain-Python module of the addon (``tools.risk``...), without Odoo's registry.

    The addon's folder is the package ``storefront_connector``, its ``__init__``
    (which imports the models) not run.
    """
    if ADDON not in sys.modules:
        root = Path(__file__).resolve().parent.parent
        spec = importlib.util.spec_from_file_location(
            ADDON, root / "__init__.py", submodule_search_locations=[str(root)]
        )
        sys.modules[ADDON] = importlib.util.module_from_spec(spec)
    return importlib.import_module(f"{ADDON}.{name}")


def parse_args(description, **extra):
    """The command line: database, addons path and ``extra`` as ``name=(type, default, help)``.

    ``description`` may be the whole module docstring: its first line is kept.
    """
    parser = argparse.ArgumentParser(description=description.strip().splitlines()[0])
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


def start(doc, **extra):
    """``(args, registry)``: the command line parsed, the benchmark database opened."""
    args = parse_args(doc, **extra)
    return args, open_registry(args)


@contextmanager
def environment(registry, **context):
    """A superuser environment on a new cursor of ``registry`` (committed on exit)."""
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, context)


def fetch(registry, query, *params):
    """The rows of one SQL query, on a cursor of its own."""
    with registry.cursor() as cr:
        cr.execute(query, params)
        return cr.fetchall()


def timed(func):
    started = time.perf_counter()
    result = func()
    return time.perf_counter() - started, result


BENCH_ADDONS = Path(__file__).resolve().parent / "addons"


def helper_args(args, database):
    """``args`` for ``database``, with the benchmarks' helper addon on the addons path."""
    return argparse.Namespace(
        **dict(vars(args), database=database, addons_path=f"{args.addons_path},{BENCH_ADDONS}")
    )


@contextmanager
def bench_database(args, suffix, template=None, helper=True):
    """A copy of the benchmark database, dropped at the end: work there is committed.

    The helper addon (``bench/addons/storefront_bench``: a bare INSERT route, a
    no-op handler) is installed in it unless ``helper`` is false, and only ever
    in such copies. ``template`` copies another database instead (it must have
    no open connection). PostgreSQL is reached through the PG* variables.
    """
    name = f"{args.database}_{suffix}"
    subprocess.run(["dropdb", "--if-exists", name], check=True)
    subprocess.run(["createdb", "-T", template or args.database, name], check=True)
    copy = helper_args(args, name)
    try:
        if helper and not template:
            install_helper(copy)
        yield copy
    finally:
        from odoo.modules.registry import Registry
        from odoo.sql_db import close_db

        Registry.delete(name)
        close_db(name)
        subprocess.run(["dropdb", "--if-exists", "--force", name], check=False)


def install_helper(args):
    command = [sys.executable, "-m", "odoo", "--addons-path", args.addons_path]
    command += ["-d", args.database, "-i", "storefront_bench", "--stop-after-init"]
    command += ["--log-level=warn", "--http-port=0", "--max-cron-threads=0"]
    for name in ("PGHOST", "PGUSER", "PGPORT"):
        if os.environ.get(name):
            command.append(f"--db_{name[2:].lower()}={os.environ[name]}")
    subprocess.run(command, check=True, cwd="/")


def open_database(args):
    """The Odoo registry of another database than the one ``open_registry`` configured."""
    from odoo.modules.registry import Registry

    return Registry(args.database)
