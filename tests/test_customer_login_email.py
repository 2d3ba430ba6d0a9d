"""A contact editor cannot change a storefront login email unless the channel opts in."""

from .common import CLARITY_API
from .outbound_common import OutboundCase

EVENT = "customer.update"


class TestLoginEmailKept(OutboundCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_customer()

    def test_email_change_is_not_sent_without_the_opt_in(self):
        self.assertFalse(self.clarity_channel.export_customer_login_email)
        before = self.clarity.users[9034]["Email"]
        self.customer.with_user(self.salesperson).write(
            {"email": "attacker@example.com", "street": "Unter den Linden 5"}
        )
        self.process()
        user = next(r for r in self.writes(self.clarity) if r.path.endswith("/User/Upsert"))
        self.assertEqual(user.path, f"{CLARITY_API}/Contacts/User/Upsert")
        self.assertNotIn("Email", user.json)
        self.assertEqual(self.clarity.users[9034]["Email"], before)
        (row,) = self.rows(EVENT, self.clarity_channel)
        self.assertEqual(row.state, "done")
        self.assertIn("Login email left unchanged", row.response_summary)
