"""Odoo-side changes sent to both sandbox storefronts over real HTTP."""

from odoo.tests import new_test_user

from ..sandbox import ClaritySandbox, XCartSandbox
from .common import StorefrontCase

OUTBOUND_FLAGS = {"export_catalogue": True, "export_customers": True, "export_payments": True}


class OutboundCase(StorefrontCase):
    """An X-Cart and a Clarity channel on running sandboxes, every outbound flow on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.xcart = cls.enterClassContext(XCartSandbox().load_samples())
        cls.clarity = cls.enterClassContext(ClaritySandbox().load_samples())
        cls.channel.write(
            dict(OUTBOUND_FLAGS, base_url=cls.xcart.url, xcart_token="rw-token", rate_limit=0)
        )
        cls.clarity_channel = cls.env["storefront.channel"].create(
            dict(
                OUTBOUND_FLAGS,
                name="Test Clarity",
                platform="clarity",
                base_url=cls.clarity.api_url,
                clarity_token_url=cls.clarity.token_url,
                clarity_client_id="cid",
                clarity_client_secret="csecret",
                rate_limit=0,
            )
        )
        cls.channels = cls.channel | cls.clarity_channel

    def setUp(self):
        super().setUp()
        for sandbox in (self.xcart, self.clarity):
            sandbox.load_samples()
            sandbox.clear_requests()
            sandbox.clear_faults()
        # The fixtures' own changes are no test's: each test starts with an empty queue.
        self.commit_hooks()
        self.Log.search([("direction", "=", "out")]).unlink()

    @classmethod
    def user(cls, login, groups):
        """An everyday user without any storefront group."""
        return new_test_user(cls.env, login=login, groups=f"base.group_user,{groups}")

    @classmethod
    def bind(cls, channel, record, external_id, parent=None):
        return cls.env["storefront.binding"]._bind(
            channel, record, str(external_id), external_parent_id=parent and str(parent)
        )

    def writes(self, sandbox):
        """The write requests a sandbox received, in order."""
        return [
            r
            for r in sandbox.requests
            if r.method in ("PUT", "PATCH", "POST") and not r.path.endswith("/oauth/token")
        ]

    def commit_hooks(self):
        """What a commit does first: run the precommit hooks (the deferred queueing)."""
        self.env.cr.flush()

    def process(self):
        self.commit_hooks()
        return self.Log._cron_process()

    def rows(self, event, channel=None):
        self.commit_hooks()
        domain = [("event_type", "=", event), ("direction", "=", "out")]
        if channel:
            domain.append(("channel_id", "=", channel.id))
        return self.Log.search(domain, order="id")

    def trigger_pending(self):
        """True when the processing cron is due to run (what makes changes leave in seconds)."""
        cron = self.env.ref("storefront_connector.ir_cron_storefront_process")
        return bool(self.env["ir.cron.trigger"].sudo().search([("cron_id", "=", cron.id)]))
