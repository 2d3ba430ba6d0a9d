"""The base of the polling tests: the channel on an X-Cart simulator."""

import copy
from datetime import datetime

from ..sandbox import ClaritySandbox, XCartSandbox
from .common import StorefrontCase, load_sample

PAST = datetime(2000, 1, 1)
# A channel connected before, on a simulator: polls read changes, orders only, at full speed.
CONNECTED = {"poll_watermark": PAST, "rate_limit": 0, "import_products": False}


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


class PollingCase(StorefrontCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.xcart = cls.enterClassContext(
            XCartSandbox(
                token="rw-token",
                read_token="ro-token",
                legacy_key="legacy-rw",
                legacy_read_key="legacy-ro",
            )
        )
        cls.channel.write(
            dict(
                CONNECTED,
                base_url=cls.xcart.url,
                xcart_token="rw-token",
                xcart_legacy_key="legacy-rw",
                request_timeout=2,
                poll_overlap=300,
            )
        )

    def setUp(self):
        super().setUp()
        self.xcart.orders.clear()
        self.xcart.products.clear()
        self.xcart.clear_faults()
        self.xcart.clear_requests()

    def add_order(self, order_id, updated, **values):
        order = copy.deepcopy(load_sample("xcart55_order.json"))
        order.update(
            id=order_id,
            order_number=str(order_id),
            create_date=iso(updated),
            update_date=iso(updated),
            **values,
        )
        self.xcart.add_order(order)
        return order

    def own_logs(self, channel=None):
        return self.Log.search([("channel_id", "=", (channel or self.channel).id)])


class ClarityPollingCase(StorefrontCase):
    """A Clarity channel on an OAuth2 simulator, connected before: polls read changes."""

    import_customers = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clarity = cls.enterClassContext(
            ClaritySandbox(client_id="cid", client_secret="csecret", username="api", password="pw")
        )
        cls.clarity_channel = cls.clarity_channel_on(
            cls.clarity,
            clarity_auth_mode="oauth2",
            request_timeout=2,
            poll_watermark=PAST,
            poll_overlap=300,
            import_customers=cls.import_customers,
        )
