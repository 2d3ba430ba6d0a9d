"""The base of the polling tests: the channel on an X-Cart simulator."""

import copy
from datetime import datetime

from ..sandbox import XCartSandbox
from .common import StorefrontCase, load_sample

PAST = datetime(2000, 1, 1)


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


class PollingCase(StorefrontCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.xcart = XCartSandbox(
            token="rw-token",
            read_token="ro-token",
            legacy_key="legacy-rw",
            legacy_read_key="legacy-ro",
        ).start()
        cls.addClassCleanup(cls.xcart.stop)
        cls.channel.write(
            {
                "base_url": cls.xcart.url,
                "xcart_token": "rw-token",
                "xcart_legacy_key": "legacy-rw",
                "request_timeout": 2,
                "rate_limit": 0,
                "poll_watermark": PAST,  # connected before: polls read changes
                "poll_overlap": 300,
                "import_products": False,
            }
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
