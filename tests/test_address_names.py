from .common import StorefrontCase


class TestAddressNames(StorefrontCase):
    """An order's addresses read as the customer's, never "Jane Doe, Jane Doe"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Barbara Torvalds"})
        cls.importer = cls.env["storefront.import.customer"]

    def address(self, name, street="1 Main St", address_type="delivery"):
        values = {"name": name, "street": street, "city": "Portland", "country_code": "US"}
        return self.importer._address(self.channel, self.customer, values, address_type)

    def test_address_named_like_its_customer_has_no_name_of_its_own(self):
        delivery = self.address("Barbara Torvalds")
        self.assertEqual(delivery.parent_id, self.customer)
        self.assertFalse(delivery.name)
        self.assertEqual(delivery.display_name, "Barbara Torvalds, Delivery Address")
        invoice = self.address(" barbara  TORVALDS ", address_type="invoice")
        self.assertFalse(invoice.name)
        self.assertEqual(invoice.display_name, "Barbara Torvalds, Invoice Address")

    def test_unnamed_address_is_reused_not_duplicated(self):
        first = self.address("Barbara Torvalds")
        self.assertEqual(self.address(False), first)
        self.assertEqual(self.address("Barbara Torvalds"), first)
        self.assertNotEqual(self.address("Barbara Torvalds", street="2 Main St"), first)
        self.assertEqual(len(self.customer.child_ids), 2)

    def test_address_named_after_its_customer_before_is_still_found(self):
        country = self.env.ref("base.us")
        older = self.env["res.partner"].create(
            {
                "name": "Barbara Torvalds",
                "parent_id": self.customer.id,
                "type": "delivery",
                "street": "1 Main St",
                "city": "Portland",
                "country_id": country.id,
            }
        )
        self.assertEqual(self.address("Barbara Torvalds"), older)

    def test_someone_else_receiving_the_parcel_keeps_their_name(self):
        delivery = self.address("Linus Torvalds")
        self.assertEqual(delivery.name, "Linus Torvalds")
        self.assertEqual(delivery.display_name, "Barbara Torvalds, Linus Torvalds")
        self.assertNotEqual(self.address("Barbara Torvalds"), delivery)
