import json
from contextlib import contextmanager
from pathlib import Path
from unittest.mock import patch
from urllib.parse import urlsplit

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import DummyRLock, Registry
from odoo.tests import BaseCase, TransactionCase, get_db_name, new_test_user, tagged
from odoo.tests.common import HOST, _super_send

from ..connectors import get_adapter_class
from ..sandbox import XCartSandbox

SAMPLES = Path(__file__).resolve().parent.parent / "sandbox" / "data"
USER = "storefront_connector.group_storefront_user"
MANAGER = "storefront_connector.group_storefront_manager"
CLARITY_API = "/DesktopModules/ClarityEcommerce/API-Admin"  # the admin API below a store URL


def load_sample(name):
    """Return one of the shared sample storefront objects."""
    return json.loads((SAMPLES / name).read_text())


def storefront_fixtures(cls, **channel):
    """Give a test class an environment without mail tracking, the queue as ``cls.Log``
    and an X-Cart channel (on a closed port unless ``channel`` says otherwise)."""
    cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
    cls.Log = cls.env["storefront.sync.log"]
    cls.channel = cls.env["storefront.channel"].create(
        {"platform": "xcart", "base_url": "http://127.0.0.1:9", **channel}
    )


def other_company_channel(env, company, channel, platform="xcart"):
    """A new company named ``company`` and its own channel named ``channel``."""
    other = env["res.company"].create({"name": company})
    return other, env["storefront.channel"].create(
        {
            "name": channel,
            "platform": platform,
            "base_url": "http://127.0.0.1:9",
            "company_id": other.id,
        }
    )


def catalogue_rows(adapter):
    """``(sku, id, parent id)`` of a small store's catalogue, read as one page."""
    entries, complete, _total = adapter.catalogue_page(0)
    assert complete, "a test store's catalogue fits one page"
    return [(entry["sku"], entry["id"], entry["parent_id"]) for entry in entries]


def storable(env, name, code=False, **values):
    """A product kept in stock, ``code`` its internal reference."""
    return env["product.product"].create(
        {"name": name, "default_code": code, "type": "consu", "is_storable": True, **values}
    )


def make_user(env, login, groups="", company=None, **values):
    """An internal user with ``groups`` (comma-separated ids), of ``company`` alone if given."""
    if company:
        values.update(company_id=company.id, company_ids=[Command.set(company.ids)])
    groups = ",".join(filter(None, ("base.group_user", groups)))
    return new_test_user(env, login=login, groups=groups, **values)


class ReleaseChecks:
    """Checks of a held order let through, for the cases that import orders."""

    def release_paid(self, order, total):
        """Release ``order``: it is confirmed, invoiced for ``total`` and the invoice paid."""
        order.action_storefront_release()
        self.assertFalse(order.storefront_held)
        self.assertEqual(order.state, "sale")
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertAlmostEqual(invoice.amount_total, total)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))


class ExactTimeouts:
    """Odoo's test case stretches every request timeout under ten seconds to ten (and cannot
    compare a (connect, read) pair); where the clients' own timeouts are under test, a
    request to a simulator on the loopback address leaves exactly as the client sent it.
    """

    @classmethod
    def _request_handler(cls, s, r, /, **kw):
        if urlsplit(r.url).hostname == HOST:
            return _super_send(s, r, **kw)
        return super()._request_handler(s, r, **kw)


class SimulatorCase(ExactTimeouts, BaseCase):
    """Clients and adapters against the storefront simulators, without a database."""


class XCartAdapterCase(SimulatorCase):
    """Each method of the adapter ``code`` against a fresh X-Cart simulator: the samples,
    the T-shirt with one variant."""

    code = None
    credentials = {}

    def setUp(self):
        super().setUp()
        self.store = self.enterContext(XCartSandbox()).load_samples()
        self.store.products[57]["variants"] = [{"id": 571, "sku": "TSHIRT-BLK-L", "amount": 3}]
        self.adapter = get_adapter_class(self.code)(
            {"base_url": self.store.url, **self.credentials}
        )


@tagged("post_install", "-at_install")
class ConcurrentCase(BaseCase):
    """Tests on committed data, whose threads open cursors and environments of their own.

    Odoo's runner holds the registry lock while it runs the tests (pytest-odoo does
    not): a thread that builds an environment would wait for it until the run ends.
    As Odoo's test mode does for HTTP cases, a lock of no effect stands in meanwhile.
    """

    def setUp(self):
        super().setUp()
        self.patch(Registry, "_lock", DummyRLock())
        self.registry = Registry(get_db_name())

    def env_of(self, cr):
        """A superuser environment on ``cr``, without mail tracking."""
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})


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


@tagged("post_install", "-at_install")
class StorefrontCase(TransactionCase):
    """Shared fixtures: one X-Cart channel with the default mappings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        storefront_fixtures(
            cls,
            name="Test X-Cart",
            xcart_token="secret-token",
            retry_base_delay=10,
            retry_max_delay=600,
            max_attempts=3,
        )

    @classmethod
    def clarity_channel_on(cls, sandbox, **values):
        """A Clarity channel on a running simulator, without rate limit."""
        return cls.env["storefront.channel"].create(
            {
                "name": "Test Clarity",
                "platform": "clarity",
                "base_url": sandbox.api_url,
                "clarity_token_url": sandbox.token_url,
                "clarity_client_id": "cid",
                "clarity_client_secret": "csecret",
                "rate_limit": 0,
                **values,
            }
        )

    @classmethod
    def legacy_channel_on(cls, sandbox, **values):
        """A channel on the legacy X-Cart REST add-on of a running simulator."""
        legacy = {"name": "Test X-Cart legacy", "platform": "xcart_legacy"}
        values = dict(legacy, base_url=sandbox.url, xcart_legacy_key="legacy-rw", **values)
        return cls.env["storefront.channel"].create(values)

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
