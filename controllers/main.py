"""The inbound webhook route: verify, store one row, wake the cron, answer.

The route never calls a storefront and never creates business records: the
processing cron does that from the stored row. The verification and intake
logic lives on ``storefront.channel`` so it is unit-testable; this module only
reads the HTTP request and shapes the answer (see README, "Webhook contract").
"""

import logging

from odoo import http
from odoo.http import request

from ..tools.webhook import WebhookRejected
from .common import public_route

_logger = logging.getLogger(__name__)

# Where the raw body is kept for the request: Odoo replays the whole request on
# a serialization failure, and the input stream can only be read once.
RAW_BODY_KEY = "storefront_connector.raw_body"


class StorefrontWebhookController(http.Controller):
    @public_route("/storefront/webhook/<string:channel_token>", "POST")
    def storefront_webhook(self, channel_token, **_params):
        """Receive one delivery, verified by the scheme of the channel's platform
        (Standard Webhooks, or the platform's own; README, "Webhook contract")."""
        channel = request.env["storefront.channel"].sudo()._get_by_webhook_token(channel_token)
        if not channel:
            return self._answer({"error": "unknown_channel"}, 404)
        raw_body = self._read_body(channel.payload_limit)
        if raw_body is None:
            return self._answer({"error": "payload_too_large"}, 413)
        headers = request.httprequest.headers
        if channel._webhook_ping(headers, request.httprequest.form):
            return self._answer({"status": "ping"}, 200)
        if not channel._verify_webhook(headers, raw_body):
            return self._answer({"error": "invalid_signature"}, 401)
        try:
            log, created = channel._receive_signed(headers, raw_body)
        except WebhookRejected as exc:
            return self._answer({"error": exc.code, "detail": exc.detail}, 400)
        if created:
            return self._answer({"status": "queued", "log_id": log.id}, 202)
        return self._answer({"status": "duplicate", "log_id": log.id}, 200)

    def _read_body(self, limit):
        """Return the raw body, or None when it is larger than ``limit`` bytes.

        At most ``limit + 1`` bytes are read, whatever Content-Length claims.
        """
        httprequest = request.httprequest
        environ = httprequest.environ
        if RAW_BODY_KEY not in environ:
            if (httprequest.content_length or 0) > limit:
                environ[RAW_BODY_KEY] = None
            else:
                body = self._input_stream().read(limit + 1)
                environ[RAW_BODY_KEY] = None if len(body) > limit else body
        return environ[RAW_BODY_KEY]

    def _input_stream(self):
        # Odoo's request wrapper only exposes get_data(), which would read a
        # chunked body of any size: read the bounded werkzeug stream instead.
        return request.httprequest._HTTPRequest__wrapped.stream

    def _answer(self, body, status):
        return request.make_json_response(body, status=status)
