"""Every change of a delivery's tracking reaches the store; email lookups are literal."""

from datetime import timedelta

from odoo import Command, fields

from .common import StorefrontCase
from .shipment_common import ShipmentCase


class TestTrackingVersions(ShipmentCase):
    def test_tracking_corrected_back_to_its_first_value_is_sent_again(self):
        order = self.bound_order(channel=self.clarity_channel, external_id="88214")
        picking = self.ship(order.picking_ids, tracking="DHL-A")
        self.Log._cron_process()
        for tracking in ("DHL-B", "DHL-A"):
            picking.carrier_tracking_ref = tracking
            self.Log._cron_process()
        sent = [
            r.json["TrackingNumber"]
            for r in self.writes(self.clarity)
            if r.path.endswith("/Shipping/Shipment/Upsert")
        ]
        self.assertEqual(sent, ["DHL-A", "DHL-B", "DHL-A"])
        rows = self.Log.search([("res_model", "=", "stock.picking"), ("res_id", "=", picking.id)])
        self.assertEqual(set(rows.mapped("state")), {"done"})

    def test_the_same_push_queued_twice_is_one_row(self):
        order = self.bound_order(channel=self.clarity_channel, external_id="88214")
        picking = self.ship(order.picking_ids, tracking="DHL-A")
        picking._storefront_queue_shipments()
        rows = self.Log.search([("res_model", "=", "stock.picking"), ("res_id", "=", picking.id)])
        self.assertEqual(len(rows), 1)


class TestRiskEmailLookup(StorefrontCase):
    def test_wildcards_in_an_email_match_only_themselves(self):
        now = fields.Datetime.now()
        orders = {}
        for email in ("a_b@example.com", "axb@example.com", "a%b@example.com"):
            partner = self.env["res.partner"].create({"name": email, "email": email})
            orders[email] = self.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "storefront_channel_id": self.channel.id,
                    "date_order": now - timedelta(minutes=1),
                    "order_line": [Command.create({"name": "x", "display_type": "line_note"})],
                }
            )
        current = orders["a_b@example.com"].copy({"date_order": now})
        dates = self.env["storefront.order.risk"]._risk_email_dates(current, self.channel)
        self.assertEqual(dates, [orders["a_b@example.com"].date_order])
