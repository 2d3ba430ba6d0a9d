"""The bare baseline of the webhook route: the same dispatch, one INSERT, one commit.

Only installed in the benchmarks' databases (this addon is on their addons path
alone): it must never ship in the connector's controllers.
"""

import uuid

from odoo import http
from odoo.http import request


class StorefrontBenchController(http.Controller):
    @http.route(
        "/storefront_bench/insert/<int:channel_id>",
        type="http",
        auth="public",
        csrf=False,
        save_session=False,
        methods=["POST"],
    )
    def storefront_bench_insert(self, channel_id, **_params):
        """Store the body as one pending sync log row and answer 202."""
        body = request.httprequest.get_data()
        request.env.cr.execute(
            """
            INSERT INTO storefront_sync_log (
                channel_id, direction, event_type, dedup_key, payload, state, attempts,
                create_date, write_date
            )
            VALUES (%s, 'in', 'noop.insert', %s, %s, 'pending', 0,
                    now() at time zone 'UTC', now() at time zone 'UTC')
            RETURNING id
            """,
            (channel_id, uuid.uuid4().hex, body.decode()),
        )
        log_id = request.env.cr.fetchone()[0]
        return request.make_json_response({"status": "queued", "log_id": log_id}, status=202)
