from odoo.tests import TransactionCase, tagged

from ..connectors import errors
from .common import USER


@tagged("post_install", "-at_install")
class TestTranslatedErrors(TransactionCase):
    """A French user reads the connector's errors in French, whoever recorded them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.channel = cls.env["storefront.channel"].create(
            {"name": "Boutique", "platform": "xcart", "base_url": "http://127.0.0.1:9"}
        )
        cls.french_user = cls.env["res.users"].create(
            {
                "name": "Camille",
                "login": "camille",
                "lang": "fr_FR",
                "groups_id": [(4, cls.env.ref(USER).id)],
            }
        )

    def as_french_user(self, records):
        # What the web client does: the user's own language in the context.
        return records.with_user(self.french_user).with_context(lang="fr_FR")

    def test_failed_row_reads_in_the_readers_language(self):
        payload = {"id": 7, "items": [{"sku": "A-1", "amount": -2, "price": 5}]}
        log, _created = self.env["storefront.sync.log"]._enqueue(
            self.channel, "in", "order.created", payload, external_id="7"
        )
        self.env["storefront.sync.log"].with_context(lang="en_US")._cron_process()

        self.assertEqual(log.state, "failed")
        self.assertEqual(log.error_class, "validation")
        english = "Invalid value -2 at 'items[0].amount': expected a number >= 0."
        self.assertEqual(log.error_message, english)
        self.assertEqual(log.with_context(lang="en_US").error_text, english)
        self.assertEqual(
            self.as_french_user(log).error_text,
            "Valeur -2 invalide à 'items[0].amount' : un nombre >= 0 est attendu.",
        )
        # The list of the sync log, as the French user opens it.
        rows = self.as_french_user(self.env["storefront.sync.log"]).search_read(
            [("id", "=", log.id)], ["error_text", "state"]
        )
        self.assertEqual(
            rows[0]["error_text"],
            "Valeur -2 invalide à 'items[0].amount' : un nombre >= 0 est attendu.",
        )

    def test_a_later_plain_message_is_not_shadowed_by_an_older_template(self):
        log, _created = self.env["storefront.sync.log"]._enqueue(
            self.channel, "in", "order.created", {"id": 8}, external_id="8"
        )
        message = errors.load({"source": "A Clarity shipment needs a stable key.", "args": {}})
        log.write(
            {
                "state": "failed",
                "error_message": errors.render(message),
                "error_template": errors.dump(message),
            }
        )
        self.assertEqual(
            self.as_french_user(log).error_text,
            "Un envoi Clarity a besoin d'une clé stable.",
        )
        log.write({"error_message": "The channel is archived."})
        self.assertEqual(self.as_french_user(log).error_text, "The channel is archived.")

    def test_connection_test_answers_in_the_users_language(self):
        self.channel.base_url = "ftp://shop.example"
        channel = self.channel.with_context(lang="fr_FR")
        ok, message = channel._test_connection()
        self.assertFalse(ok)
        self.assertEqual(
            message,
            "La boutique a répondu par une erreur : URL de boutique 'ftp://shop.example' "
            "invalide : utilisez http:// ou https://.",
        )
