import logging
import time
from datetime import timedelta

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError as OdooValidationError

from .. import const
from ..connectors import errors
from ..tools import engine
from ..tools.mapping import MappingError
from ..tools.payload_check import validate_object

_logger = logging.getLogger(__name__)


class StorefrontSyncLog(models.Model):
    """What a row's handler is and how its outcome is recorded."""

    _inherit = "storefront.sync.log"  # pylint: disable=consider-merging-classes-inherited

    def _get_object(self):
        """Return the storefront object of an inbound row.

        With thin notifications the payload carries only the id: the
        authoritative object is fetched from the storefront API. A refund
        naming its ``refund_id`` is that refund of the order, never the order;
        on a platform whose orders list no refunds, the signed notification's
        own amount is the refund's.
        """
        self.ensure_one()
        payload = self.payload or {}
        if self.direction == "in" and self.channel_id.thin_notifications:
            entity = self.event_type.split(".")[0]
            external_id = payload.get("id") or payload.get("ID") or self.external_id
            if entity == "refund" and payload.get("refund_id"):
                listed = self.channel_id._adapter_class().lists_refunds()
                if not listed and payload.get("amount") is not None:
                    return payload
                order_id = payload.get("order_id") or external_id
                return self.channel_id._fetch_refund(order_id, payload["refund_id"])
            return self.channel_id._fetch_object(entity, external_id)
        return payload

    def _mapped_object(self, entity):
        """``(object, mapped values)`` of an inbound row of ``entity``, its shape checked."""
        obj = self._get_object()
        validate_object(obj, self.channel_id._adapter_class().shapes.get(entity))
        return obj, self.channel_id._map(entity, obj)

    def _push(self, method, *args):
        """Call the adapter's ``method`` for an outbound row and return the adapter.

        None, the reason in the row's summary, when the platform cannot take it.
        """
        self.ensure_one()
        adapter = self.channel_id._adapter()
        try:
            getattr(adapter, method)(*args)
        except errors.UnsupportedError as exc:
            self.response_summary = _("Not sent: %s", errors.error_text(exc, self.env.lang))
            return None
        return adapter

    def _get_handler(self):
        """Return the handler model registered for the row's direction and entity."""
        entity = self.event_type.split(".")[0]
        model = const.HANDLER_MODEL_PREFIX[self.direction] + entity
        if model not in self.env:
            raise errors.ValidationError(
                _(
                    "No handler for %(direction)s event %(event)s.",
                    direction=self.direction,
                    event=self.event_type,
                )
            )
        if self.direction == "in":
            # What the importers write must not be queued back to the storefront.
            return self.env[model].with_context(storefront_import=True)
        return self.env[model]

    def _record_success(self, record, started):
        values = {
            "state": "done",
            "date_done": fields.Datetime.now(),
            "duration_ms": int((time.monotonic() - started) * 1000),
            "lease_until": False,
            "next_attempt_at": False,
            "error_class": False,
            "error_message": False,
            "error_template": False,
        }
        if isinstance(record, models.BaseModel) and len(record) == 1:
            values.update(res_model=record._name, res_id=record.id)
        if self.response_summary:
            values["response_summary"] = engine.clean_text(self.response_summary)
        self.write(values)

    def _record_failure(self, exc, started):
        """Record a failed attempt: retry (and wake the cron then), fail, or die.

        Never fails on the exception's content: Retry-After is clamped to
        [0, the channel's delay cap] (ignored when unparseable), texts lose
        their NUL characters and are capped.
        """
        error_class, message, retry_after = self._classify(exc)
        template = errors.dump(message) if errors.is_translatable(message) else False
        message = engine.clean_text(errors.render(message)) or type(exc).__name__
        channel = self.channel_id
        values = {
            "error_class": error_class,
            "error_message": message,
            "error_template": template,
            "duration_ms": int((time.monotonic() - started) * 1000),
            "lease_until": False,
        }
        if self.response_summary:
            values["response_summary"] = engine.clean_text(self.response_summary)
        if error_class == "auth":
            # The work waits for fixed credentials: the attempt does not count.
            values.update(state="pending", attempts=max(self.attempts - 1, 0))
            self._note_auth_failure(channel.id, message)
        elif error_class == "transient" and self._throttled(exc):
            # The store's rate limit said wait: waiting spends no attempt.
            delay = engine.clamp_retry_after(retry_after, max(channel.retry_max_delay, 1)) or 1
            next_attempt_at = fields.Datetime.now() + timedelta(seconds=max(delay, 1))
            values.update(
                state="pending", attempts=max(self.attempts - 1, 0), next_attempt_at=next_attempt_at
            )
            # Crons are the administrators' records: a wake-up is scheduling, not data.
            cron = self.env.ref("storefront_connector.ir_cron_storefront_process").sudo()
            cron._trigger(at=next_attempt_at)
        elif error_class == "transient" and self.attempts < channel.max_attempts:
            cap = max(channel.retry_max_delay, 0)
            delay = engine.backoff_delay(self.attempts, max(channel.retry_base_delay, 0), cap)
            retry_after = engine.clamp_retry_after(retry_after, cap)
            if retry_after is not None:
                delay = retry_after
            next_attempt_at = fields.Datetime.now() + timedelta(seconds=delay)
            values.update(state="pending", next_attempt_at=next_attempt_at)
            # Wake the processing cron when the retry is due, not at its next tick.
            self._wake(at=next_attempt_at)
        elif error_class == "transient":
            values["state"] = "dead"
        else:
            values["state"] = "failed"
        _logger.info(
            "Sync log %s (%s) %s: %s error: %s",
            self.id,
            self.event_type,
            values["state"],
            error_class,
            message,
        )
        self.write(values)

    @api.model
    def _note_auth_failure(self, channel_id, message):
        """Hold the channel for new credentials, in a short transaction of its own.

        Several lanes refused at once all get here: each locks the channel's row
        and reads it as committed, so the first one writes and the others see it
        done; a lost race is retried, never recorded as the row's failure.
        """
        for attempt in range(1, const.HEALTH_WRITE_TRIES + 1):
            try:
                with self._engine_transaction(read_committed=True) as env:
                    env.cr.execute(
                        "SELECT 1 FROM storefront_channel WHERE id = %s FOR UPDATE", [channel_id]
                    )
                    env["storefront.channel"].browse(channel_id)._set_auth_failed(message)
                return
            except psycopg2.extensions.TransactionRollbackError:
                if attempt == const.HEALTH_WRITE_TRIES:
                    raise
                time.sleep(0.05 * attempt)

    @api.model
    def _throttled(self, exc):
        """Whether the failure is the store's rate limit (a 429 or no slot in this run)."""
        return isinstance(exc, errors.ThrottledError) or (
            isinstance(exc, errors.TransientError) and exc.status == 429
        )

    @api.model
    def _classify(self, exc):
        """Return ``(error class, message, retry_after)`` for an exception.

        The message is a text or a translatable message (see ``connectors.errors``).
        """
        if isinstance(exc, errors.StorefrontError):
            return exc.error_class, exc.message, exc.retry_after
        if isinstance(exc, MappingError):
            return "validation", exc.message, None
        if isinstance(exc, (OdooValidationError, UserError)):
            return "validation", exc.args[0] if exc.args else str(exc), None
        if isinstance(exc, psycopg2.errors.UniqueViolation):
            # A concurrent worker bound the same object first: the retry sees it.
            return "transient", _("Another worker imported the same object; retrying."), 1
        if isinstance(exc, psycopg2.OperationalError):
            return "transient", _("Database busy: %s", exc), None
        return (
            "business",
            _("Unexpected error (%(type)s): %(error)s", type=type(exc).__name__, error=exc),
            None,
        )
