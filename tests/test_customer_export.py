"""Customers out: Clarity takes profile and address changes; X-Cart's log says it cannot."""

from odoo import Command

from .common import CLARITY_API
from .outbound_common import OutboundCase

EVENT = "customer.update"


class TestCustomerExport(OutboundCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.germany = cls.env.ref("base.de")
        dock = {"type": "delivery", "name": "Acme dock", "street": "Hafenweg 4"}
        cls.setup_customer(
            street="Friedrichstrasse 123",
            city="Berlin",
            zip="10117",
            country_id=cls.germany.id,
            child_ids=[Command.create(dock)],
        )
        cls.dock = cls.customer.child_ids
        cls.bind(cls.channel, cls.customer, 311)

    def test_salesperson_change_reaches_clarity_and_xcart_row_says_it_cannot(self):
        self.clarity_channel.export_customer_login_email = True
        self.customer.with_user(self.salesperson).write(
            {"email": "lukas@acme-industrial.de", "street": "Unter den Linden 5"}
        )
        self.assertEqual(len(self.rows(EVENT, self.clarity_channel)), 1)
        self.assertEqual(len(self.rows(EVENT, self.channel)), 1)
        self.process()
        user, contact, dock = self.writes(self.clarity)
        self.assertEqual(user.path, f"{CLARITY_API}/Contacts/User/Upsert")
        self.assertEqual(
            user.json,
            {
                "ID": 9034,
                "Email": "lukas@acme-industrial.de",
                "FirstName": "Lukas",
                "LastName": "Becker",
            },
        )
        self.assertEqual(self.clarity.users[9034]["Email"], "lukas@acme-industrial.de")
        self.assertEqual(contact.path, f"{CLARITY_API}/Contacts/Contact/Upsert")
        self.assertEqual(contact.json["Address"]["Street1"], "Unter den Linden 5")
        self.assertEqual(contact.json["Address"]["CountryCode"], "DE")
        self.assertEqual(contact.json["UserID"], 9034)
        self.assertEqual(dock.json["Address"]["Street1"], "Hafenweg 4")
        stored = {c["CustomKey"]: c for c in self.clarity.contacts.values()}
        self.assertEqual(stored[contact.json["CustomKey"]]["Email1"], "lukas@acme-industrial.de")
        (clarity_row,) = self.rows(EVENT, self.clarity_channel)
        self.assertEqual(clarity_row.state, "done")
        (xcart_row,) = self.rows(EVENT, self.channel)
        self.assertEqual(xcart_row.state, "done")
        self.assertIn("read-only", xcart_row.response_summary)
        self.assertFalse(xcart_row.error_message)
        self.assertEqual(self.writes(self.xcart), [])

    def test_address_change_queues_the_customer_and_unchanged_values_stay_home(self):
        self.dock.with_user(self.salesperson).write({"city": "Hamburg"})
        (row,) = self.rows(EVENT, self.clarity_channel)
        self.assertEqual(row.res_id, self.customer.id)
        self.process()
        self.assertEqual(self.writes(self.clarity)[-1].json["Address"]["City"], "Hamburg")
        self.clarity.clear_requests()
        self.dock.write({"city": "Hamburg"})
        self.process()
        self.assertEqual(self.writes(self.clarity), [])
        self.assertIn("Unchanged", self.rows(EVENT, self.clarity_channel)[-1].response_summary)

    def test_toggle_off_and_unbound_partners_queue_nothing(self):
        self.env["res.partner"].create({"name": "Walk-in"}).write({"email": "w@example.com"})
        self.assertFalse(self.rows(EVENT))
        self.channels.write({"export_customers": False})
        self.customer.email = "other@acme-industrial.de"
        self.assertFalse(self.rows(EVENT))

    def test_import_of_the_customer_is_not_queued_back(self):
        self.clarity_channel.import_customers = True
        user = dict(self.clarity.users[9034], FirstName="Luke", UpdatedDate="2030-01-01T00:00:00Z")
        self.env["storefront.binding"].search(
            [("channel_id", "=", self.clarity_channel.id), ("res_model", "=", "res.partner")]
        ).record_created = True
        log = self.enqueue("customer.updated", user, channel=self.clarity_channel)
        self.process()
        self.assertEqual(log.state, "done", log.error_message)
        self.assertEqual(self.customer.name, "Luke Becker")
        self.assertFalse(self.rows(EVENT))
