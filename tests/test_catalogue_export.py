"""Catalogue out: Odoo's name, description, price, active flag and variants reach the stores."""

import time

from odoo import Command

from .common import CLARITY_API, make_user
from .outbound_common import OutboundCase

EVENT = "product.update"


class CatalogueCase(OutboundCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tshirt = cls.env["product.product"].create(
            {"name": "T-shirt black M", "default_code": "TSHIRT-BLK-M", "list_price": 19.99}
        )
        cls.template = cls.tshirt.product_tmpl_id
        cls.bind(cls.channel, cls.tshirt, 57)
        cls.bind(cls.clarity_channel, cls.tshirt, 501)

    def setUp(self):
        super().setUp()
        self.clarity.add_product(
            {"ID": 501, "CustomKey": "TSHIRT-BLK-M", "Name": "T-shirt black M", "PriceBase": 19.99}
        )

    def publish(self):
        self.process()
        rows = self.rows(EVENT)
        self.assertEqual(set(rows.mapped("state")), {"done"}, rows.mapped("error_message"))
        return rows


class TestCatalogueExport(CatalogueCase):
    def test_rename_and_reprice_reach_both_stores_through_the_queue(self):
        started = time.monotonic()
        self.template.write({"name": "T-shirt black M organic", "list_price": 24.5})
        self.assertEqual(len(self.rows(EVENT, self.channel)), 1)
        self.assertEqual(len(self.rows(EVENT, self.clarity_channel)), 1)
        self.assertTrue(self.trigger_pending())
        self.publish()
        self.assertLess(time.monotonic() - started, 60)
        (put,) = self.writes(self.xcart)
        self.assertEqual(put.path, "/api/products/57")
        self.assertEqual(
            put.json,
            {
                "sku": "TSHIRT-BLK-M",
                "name": "T-shirt black M organic",
                "price": 24.5,
                "enabled": True,
            },
        )
        self.assertEqual(self.xcart.products[57]["name"], "T-shirt black M organic")
        self.assertEqual(self.xcart.products[57]["price"], 24.5)
        # PUT merges: what Odoo does not send stays as the store has it.
        self.assertEqual(self.xcart.products[57]["description"], "<p>Organic cotton.</p>")
        (upsert,) = self.writes(self.clarity)
        self.assertEqual(upsert.path, f"{CLARITY_API}/Products/Product/Upsert")
        self.assertEqual(
            upsert.json,
            {
                "ID": 501,
                "CustomKey": "TSHIRT-BLK-M",
                "Name": "T-shirt black M organic",
                "PriceBase": 24.5,
                "Active": True,
            },
        )
        self.assertEqual(self.clarity.products[501]["Name"], "T-shirt black M organic")
        self.assertEqual(self.clarity.products[501]["PriceBase"], 24.5)

    def test_unchanged_values_are_not_resent(self):
        self.template.list_price = 21.0
        self.publish()
        self.xcart.clear_requests()
        self.clarity.clear_requests()
        self.template.write({"name": self.template.name, "list_price": 21.0})
        rows = self.publish()
        self.assertEqual(self.writes(self.xcart), [])
        self.assertEqual(self.writes(self.clarity), [])
        self.assertIn("unchanged", rows[-1].response_summary)
        self.template.description_sale = "Organic cotton, fair trade."
        self.publish()
        (put,) = self.writes(self.xcart)
        self.assertEqual(put.json["description"], "Organic cotton, fair trade.")

    def test_toggle_off_queues_nothing(self):
        self.channels.write({"export_catalogue": False})
        self.template.write({"name": "Renamed", "list_price": 30.0})
        self.assertFalse(self.rows(EVENT))

    def test_changes_wait_in_one_row_per_product_and_channel(self):
        self.template.name = "First"
        self.template.list_price = 22.0
        self.tshirt.default_code = "TSHIRT-BLK-M"
        self.assertEqual(len(self.rows(EVENT, self.channel)), 1)
        self.publish()
        self.assertEqual(self.xcart.products[57]["price"], 22.0)
        self.template.name = "Second"
        self.assertEqual(len(self.rows(EVENT, self.channel)), 2)

    def test_archived_product_is_disabled_on_the_store(self):
        self.template.active = False
        self.publish()
        self.assertFalse(self.xcart.products[57]["enabled"])
        self.assertFalse(self.clarity.products[501]["Active"])

    def test_everyday_user_edit_queues_the_product(self):
        manager = make_user(self.env, "sf_sales_admin", "sales_team.group_sale_manager")
        self.template.with_user(manager).write({"list_price": 25.0})
        self.assertEqual(len(self.rows(EVENT)), 2)
        self.publish()
        self.assertEqual(self.xcart.products[57]["price"], 25.0)

    def test_publish_now_queues_every_published_product(self):
        self.channel.action_publish_catalogue()
        rows = self.publish()
        self.assertEqual(rows.mapped("res_id"), [self.template.id])
        self.assertEqual(len(self.writes(self.xcart)), 1)
        self.xcart.clear_requests()
        self.channel.action_publish_catalogue()
        self.publish()
        self.assertEqual(self.writes(self.xcart), [])

    def test_import_of_the_product_is_not_queued_back(self):
        self.channel.import_products = True
        product = dict(self.xcart.products[57], name="Renamed on the store", price=18.0)
        product["update_date"] = "2030-01-01T00:00:00+00:00"
        self.enqueue("product.updated", product)
        self.process()
        self.assertEqual(self.template.name, "Renamed on the store")
        self.assertFalse(self.rows(EVENT))


class TestCatalogueVariants(CatalogueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        size = cls.env["product.attribute"].create(
            {"name": "Size", "value_ids": [Command.create({"name": n}) for n in ("S", "L")]}
        )
        cls.hoodie = cls.env["product.template"].create(
            {
                "name": "Hoodie",
                "list_price": 40.0,
                "attribute_line_ids": [
                    Command.create(
                        {"attribute_id": size.id, "value_ids": [Command.set(size.value_ids.ids)]}
                    )
                ],
            }
        )
        small, large = cls.hoodie.product_variant_ids
        small.default_code, large.default_code = "HOOD-S", "HOOD-L"
        cls.bind(cls.channel, small, 901, parent=90)
        cls.bind(cls.channel, large, 902, parent=90)
        cls.large_value = large.product_template_attribute_value_ids

    def setUp(self):
        super().setUp()
        self.xcart.add_product(
            {
                "id": 90,
                "sku": "HOOD",
                "name": "Hoodie",
                "price": 40.0,
                "enabled": True,
                "variants": [
                    {"id": 901, "sku": "HOOD-S", "price": 40.0, "amount": 3},
                    {"id": 902, "sku": "HOOD-L", "price": 40.0, "amount": 5},
                ],
            }
        )

    def test_variant_price_reaches_xcart_variant(self):
        self.large_value.price_extra = 5.0
        self.publish()
        product, *variants = self.writes(self.xcart)
        self.assertEqual(product.path, "/api/products/90")
        self.assertEqual(product.json, {"name": "Hoodie", "price": 40.0, "enabled": True})
        self.assertEqual(
            {put.path: put.json for put in variants},
            {
                "/api/products/90/variants/901": {"sku": "HOOD-S", "price": 40.0},
                "/api/products/90/variants/902": {"sku": "HOOD-L", "price": 45.0},
            },
        )
        self.assertEqual(self.xcart.products[90]["variants"][1]["price"], 45.0)
        self.assertEqual(self.xcart.products[90]["variants"][1]["amount"], 5)
        binding = self.env["storefront.binding"].search(
            [("res_model", "=", "product.template"), ("res_id", "=", self.hoodie.id)]
        )
        self.assertEqual(binding.external_id, "90")
        self.assertTrue(binding.last_sent_hash)


class TestCatalogueCreate(CatalogueCase):
    def test_marked_product_created_on_clarity_and_xcart_says_it_cannot(self):
        template = self.env["product.template"].create(
            {
                "name": "Water bottle",
                "default_code": "BOTTLE-1",
                "list_price": 12.0,
                "storefront_channel_ids": [Command.set(self.channels.ids)],
            }
        )
        self.assertEqual(len(self.rows(EVENT)), 2)
        self.publish()
        (upsert,) = self.writes(self.clarity)
        self.assertEqual(
            upsert.json,
            {"CustomKey": "BOTTLE-1", "Name": "Water bottle", "PriceBase": 12.0, "Active": True},
        )
        (created,) = [p for p in self.clarity.products.values() if p["CustomKey"] == "BOTTLE-1"]
        Binding = self.env["storefront.binding"]
        self.assertEqual(
            Binding._to_external(self.clarity_channel, template.product_variant_id),
            str(created["ID"]),
        )
        self.assertEqual(self.writes(self.xcart), [])
        (xcart_row,) = self.rows(EVENT, self.channel)
        self.assertIn("no product creation", xcart_row.response_summary)
        self.assertFalse(Binding._to_external(self.channel, template.product_variant_id))
