"""``/storefront/metrics``: Prometheus text exposition behind a bearer token.

No token configured in the settings: 404 (the endpoint does not exist).
A missing or wrong ``Authorization: Bearer`` token: 401. Never a 500: an
error while collecting answers 503 with a comment line.
"""

import hmac
import logging

from odoo import http
from odoo.http import request

from .common import public_route

_logger = logging.getLogger(__name__)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class StorefrontMetricsController(http.Controller):
    @public_route("/storefront/metrics", "GET")
    def storefront_metrics(self, **_params):
        """Serve the metrics to a scraper holding the configured bearer token."""
        Metrics = request.env["storefront.metrics"].sudo()
        token = Metrics._get_token()
        if not token:
            return request.make_response(
                "Not found\n", [("Content-Type", CONTENT_TYPE)], status=404
            )
        header = request.httprequest.headers.get("Authorization") or ""
        scheme, _sep, given = header.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode(), token.encode()
        ):
            return request.make_response(
                "Unauthorized\n",
                [("Content-Type", CONTENT_TYPE), ("WWW-Authenticate", 'Bearer realm="metrics"')],
                status=401,
            )
        try:
            body = Metrics._render()
        except Exception:
            _logger.exception("Storefront metrics could not be collected")
            return request.make_response(
                "# storefront metrics unavailable\n", [("Content-Type", CONTENT_TYPE)], status=503
            )
        return request.make_response(body, [("Content-Type", CONTENT_TYPE)], status=200)
