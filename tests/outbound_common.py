"""Odoo-side changes sent to both sandbox storefronts over real HTTP."""

from ..sandbox import ClaritySandbox, XCartSandbox
from .common import StorefrontCase, make_user

OUTBOUND_FLAGS = {"export_catalogue": True, "export_customers": True, "export_payments": True}


class StoresCase(StorefrontCase):
    """An X-Cart and a Clarity channel on running sandboxes with their samples."""

    channel_values = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.xcart = cls.enterClassContext(XCartSandbox().load_samples())
        cls.clarity = cls.enterClassContext(ClaritySandbox().load_samples())
        cls.channel.write(
            dict(cls.channel_values, base_url=cls.xcart.url, xcart_token="rw-token", rate_limit=0)
        )
        cls.clarity_channel = cls.clarity_channel_on(cls.clarity, **cls.channel_values)
        cls.channels = cls.channel | cls.clarity_channel

    def setUp(self):
        super().setUp()
        for sandbox in (self.xcart, self.clarity):
            sandbox.load_samples()
            sandbox.clear_requests()
            sandbox.clear_faults()

    def writes(self, sandbox):
        """The write requests a sandbox received, in order."""
        return [
            r
            for r in sandbox.requests
            if r.method in ("PUT", "PATCH", "POST") and not r.path.endswith("/oauth/token")
        ]


class OutboundCase(StoresCase):
    """Both stores with every outbound flow on."""

    channel_values = OUTBOUND_FLAGS

    def setUp(self):
        super().setUp()
        # The fixtures' own changes are no test's: each test starts with an empty queue.
        self.commit_hooks()
        self.Log.search([("direction", "=", "out")]).unlink()

    @classmethod
    def setup_customer(cls, **values):
        """Clarity's user 9034 as an Odoo customer, and a salesperson who edits contacts."""
        cls.customer = cls.env["res.partner"].create(
            {"name": "Lukas Becker", "email": "purchasing@acme-industrial.de", **values}
        )
        cls.bind(cls.clarity_channel, cls.customer, 9034)
        cls.salesperson = make_user(
            cls.env, "sf_sales_rep", "sales_team.group_sale_salesman,base.group_partner_manager"
        )

    @classmethod
    def bind(cls, channel, record, external_id, parent=None):
        return cls.env["storefront.binding"]._bind(
            channel, record, str(external_id), external_parent_id=parent and str(parent)
        )

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
