"""Odoo's server with one test-only handler: rows of event ``test.burn`` burn CPU.

    python3 prefork_faults.py <odoo server options>

A ``test.burn`` row burns the CPU seconds of its payload's ``cpu`` (forever
without), as a CPU-heavy import does; every other row runs its own handler.
Used by the prefork tests, where the worker's CPU limit is real.
"""

import sys
import time

from odoo.tools import config


class BurnHandler:
    def _process_log(self, log):
        seconds = (log.payload or {}).get("cpu")
        end = time.process_time() + seconds if seconds else float("inf")
        while time.process_time() < end:
            pass


def main(argv):
    config.parse_config(argv)
    from odoo.addons.storefront_connector.models import (  # pylint: disable=odoo-addons-relative-import
        storefront_sync_log_outcome as outcome,
    )

    own = outcome.StorefrontSyncLog._get_handler

    def _get_handler(log):
        return BurnHandler() if log.event_type == "test.burn" else own(log)

    outcome.StorefrontSyncLog._get_handler = _get_handler
    from odoo.cli.server import main as server_main

    server_main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
