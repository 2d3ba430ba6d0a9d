import json
from contextlib import contextmanager
from pathlib import Path
from unittest.mock import patch

from odoo.tests import TransactionCase

SAMPLES = Path(__file__).resolve().parent.parent / "sandbox" / "data"


def load_sample(name):
    """Return one of the shared sample storefront objects."""
    return json.loads((SAMPLES / name).read_text())


class FakeHandler:
    """A handler whose outcome each test chooses: a record to return or an error to raise."""

    def __init__(self, result=None, error=None, side_effect=None):
        self.result = result
        self.error = error
        self.side_effect = side_effect
        self.calls = []

    def _process_log(self, log):
        self.calls.append(log.id)
        if self.side_effect:
            self.side_effect(log)
        if self.error:
            raise self.error
        return self.result


class StorefrontCase(TransactionCase):
    """Shared fixtures: one X-Cart channel with the default mappings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Log = cls.env["storefront.sync.log"]
        cls.channel = cls.env["storefront.channel"].create(
            {
                "name": "Test X-Cart",
                "platform": "xcart",
                "base_url": "http://127.0.0.1:9",
                "xcart_token": "secret-token",
                "retry_base_delay": 10,
                "retry_max_delay": 600,
                "max_attempts": 3,
            }
        )

    def enqueue(self, event="order.created", payload=None, channel=None, direction="in", **kw):
        payload = payload if payload is not None else {"id": 1}
        log, _created = self.Log._enqueue(
            channel or self.channel, direction, event, payload, external_id=payload.get("id"), **kw
        )
        return log

    @contextmanager
    def handler(self, fake):
        """Route every row to ``fake`` instead of the registered handler model."""
        with patch.object(type(self.Log), "_get_handler", lambda log: fake):
            yield fake
