"""Start the Odoo server as ``odoo-bin`` does, for the prefork benchmarks.

The prefork server starts its gevent (websocket) worker by running
``sys.argv[0]`` again. With ``python3 -m odoo`` that is ``odoo/__main__.py``,
which cannot run as a script: the gevent worker dies at once and is respawned
several times a second, eating the CPU the cron workers (niced by Odoo) need.
This file runs as a script, so the gevent worker starts like the others.
"""

import odoo.cli

if __name__ == "__main__":
    odoo.cli.main()
