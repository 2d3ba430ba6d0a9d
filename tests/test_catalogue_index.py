"""The catalogue index: page by page in the cron, resumed where it stopped, and the
match review's states and actions."""

from unittest.mock import patch

from odoo import Command

from ..sandbox import XCartSandbox
from ..tools import engine
from .common import ExactTimeouts, StorefrontCase

FIRST_ID = 1000
STORE_SIZE = 250  # three pages of 100


def product(product_id, sku, name=None, **extra):
    return {"id": product_id, "sku": sku, "name": name or sku, "amount": 1, **extra}


class CatalogueCase(ExactTimeouts, StorefrontCase):
    """The store's requests leave with the deadline's timeout."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store = cls.enterClassContext(XCartSandbox())
        cls.channel.write({"base_url": cls.store.url, "xcart_token": "rw-token", "rate_limit": 0})
        cls.Match = cls.env["storefront.catalogue.match"]
        cls.Binding = cls.env["storefront.binding"]

    def setUp(self):
        super().setUp()
        self.store.products.clear()
        self.store.clear_requests()
        self.store.clear_faults()

    def add(self, *products):
        for obj in products:
            self.store.add_product(obj)

    def fill_store(self):
        """250 products, CAT-1000 to CAT-1249."""
        self.add(*(product(n, f"CAT-{n}") for n in range(FIRST_ID, FIRST_ID + STORE_SIZE)))

    def create_products(self, *codes, **values):
        return self.env["product.product"].create(
            [{"name": code, "default_code": code, "type": "consu", **values} for code in codes]
        )

    def page_requests(self):
        """``{page: times fetched}`` of the store's product listing."""
        counts = {}
        for request in self.store.requests:
            if request.method == "GET" and request.path == "/api/products":
                page = int(request.query.get("page"))
                counts[page] = counts.get(page, 0) + 1
        return counts

    def process_all(self):
        for _run in range(20):
            self.Log.search([("state", "=", "pending")]).write({"next_attempt_at": False})
            if not self.Log._cron_process():
                return

    def match(self, store_id):
        return self.Match.search(
            [("channel_id", "=", self.channel.id), ("store_id", "=", str(store_id))]
        )


class TestCatalogueIndexPages(CatalogueCase):
    def test_an_interrupted_page_is_the_only_one_read_again(self):
        self.fill_store()
        self.create_products(*(f"CAT-{n}" for n in range(FIRST_ID, FIRST_ID + STORE_SIZE, 2)))
        self.channel.action_index_catalogue()
        run = self.channel.catalogue_index_ids
        self.assertEqual(len(run), 1)
        self.assertFalse(self.store.requests, "the button only queues the first page")
        self.Log._cron_process(limit=1)
        self.assertEqual((run.state, run.next_page), ("running", 1))
        self.assertIn("1 of ? pages", self.channel.catalogue_index_note)
        # page 2 answers past the row's deadline: that row fails and waits
        self.store.inject("slow", count=1, method="GET", path="/api/products", delay=2.5)
        with patch.object(engine, "run_budget", lambda limit: (30, 0.8, 300)):
            self.Log._cron_process()
        self.assertEqual((run.state, run.next_page), ("running", 1))
        page_row = self.Log.search(
            [("event_type", "=", "catalogue.index"), ("state", "=", "pending")]
        )
        self.assertEqual(len(page_row), 1)
        self.assertEqual(page_row.payload["page"], 1)
        self.assertEqual(page_row.attempts, 1)
        self.process_all()
        self.assertEqual(run.state, "done")
        self.assertEqual((run.next_page, run.pages_total, run.entries), (3, 3, STORE_SIZE))
        self.assertEqual(self.page_requests(), {1: 1, 2: 2, 3: 1})
        # a page row run again after its page was committed reads nothing
        self.store.clear_requests()
        run._run_page(0)
        self.assertFalse(self.store.requests)
        matches = self.Match.search([("channel_id", "=", self.channel.id)])
        self.assertEqual(len(matches), STORE_SIZE)
        self.assertEqual(matches.mapped("state").count("matched"), STORE_SIZE // 2)
        self.assertEqual(matches.mapped("state").count("missing_in_odoo"), STORE_SIZE // 2)
        bindings = self.Binding._lookup(self.channel, "product.product")
        self.assertEqual(len(bindings), STORE_SIZE // 2)
        self.assertEqual(self.channel.catalogue_matched_count, STORE_SIZE // 2)
        self.assertIn("250 store products", self.channel.catalogue_index_note)

    def test_push_stock_now_publishes_once_the_index_is_complete(self):
        self.fill_store()
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        self.channel.write({"warehouse_ids": [Command.set(warehouse.ids)]})
        self.create_products("CAT-1000", "CAT-1249", is_storable=True)
        self.channel.action_push_stock()
        self.channel.action_resync_stock()
        run = self.channel.catalogue_index_ids
        self.assertEqual(len(run), 1, "one pass at a time: the second request joins it")
        self.assertEqual(run.push_stock, "all")
        self.process_all()
        self.assertEqual(run.state, "done")
        self.assertEqual(
            sorted(r.path for r in self.store.requests if r.method == "PUT"),
            ["/api/products/1000", "/api/products/1249"],
        )


class TestCatalogueMatchReview(CatalogueCase):
    def test_sku_then_barcode_within_the_company_and_conflicts(self):
        self.fill_store()
        self.add(
            product(2001, "BY-BARCODE", barcode="4006381333931"),
            product(2002, "TWIN-ODOO"),
            product(2003, "CAT-1001"),  # the SKU of a store product on page 1
            product(2004, "OTHER-CO"),
        )
        self.create_products("CAT-1000", "CAT-1001", "TWIN-ODOO", "TWIN-ODOO")
        self.create_products("Scanned")[0].barcode = "4006381333931"
        other = self.env["res.company"].create({"name": "Other company"})
        self.create_products("OTHER-CO", company_id=other.id)
        self.Binding.flush_model()
        self.env["storefront.export.stock"]._index_products(self.channel)
        self.assertEqual(self.match(1000).state, "matched")
        self.assertEqual(self.match(1000).product_id.default_code, "CAT-1000")
        self.assertEqual(self.match(2001).state, "matched")
        self.assertEqual(self.match(2001).product_id.barcode, "4006381333931")
        self.assertEqual(self.match(2002).state, "conflict")
        self.assertIn("several Odoo products", self.match(2002).note)
        for store_id in (1001, 2003):
            self.assertEqual(self.match(store_id).state, "conflict")
            self.assertIn("several store products", self.match(store_id).note)
        self.assertEqual(self.match(2004).state, "missing_in_odoo", "another company's SKU")
        self.assertEqual(self.match(1002).state, "missing_in_odoo")
        bound = self.Binding._lookup(self.channel, "product.product").mapped("external_id")
        self.assertEqual(sorted(bound), ["1000", "1001", "2001"], "a binding stays")

    def test_bind_by_hand_and_ignore(self):
        self.add(product(3001, "HAND-1"), product(3002, "SKIP-1"))
        self.env["storefront.export.stock"]._index_products(self.channel)
        chosen = self.create_products("Local name")
        self.match(3001).product_id = chosen
        self.match(3001).action_bind()
        self.assertEqual(self.match(3001).state, "matched")
        self.assertEqual(self.Binding._to_internal(self.channel, "product.product", "3001"), chosen)
        self.match(3002).action_ignore()
        self.env["storefront.export.stock"]._index_products(self.channel)
        self.assertEqual(self.match(3001).state, "matched")
        self.assertEqual(self.match(3002).state, "ignored", "ignored stays ignored")

    def test_create_missing_makes_one_template_with_the_store_variants(self):
        def variant(variant_id, sku, color, size):
            attributes = [{"name": "Color", "value": color}, {"name": "Size", "value": size}]
            return {"id": variant_id, "sku": sku, "amount": 1, "attributes": attributes}

        self.add(
            product(
                5000,
                "HOOD",
                "Hoodie",
                variants=[
                    variant(5001, "HOOD-RM", "Red", "M"),
                    variant(5002, "HOOD-BM", "Blue", "M"),
                    variant(5003, "HOOD-RL", "Red", "L"),
                ],
            ),
            product(5100, "CAP-1", "Cap"),
        )
        self.env["storefront.export.stock"]._index_products(self.channel)
        missing = self.Match.search([("state", "=", "missing_in_odoo")])
        self.assertEqual(len(missing), 5)
        missing.action_create_products()
        template = self.match(5000).product_tmpl_id
        self.assertEqual(template.name, "Hoodie")
        self.assertEqual(
            sorted(template.product_variant_ids.mapped("default_code")),
            ["HOOD-BM", "HOOD-RL", "HOOD-RM"],
        )
        blue = self.match(5002).product_id
        self.assertEqual(
            sorted(blue.product_template_attribute_value_ids.mapped("name")), ["Blue", "M"]
        )
        binding = self.Binding._find(self.channel, "product.product", "5002")
        self.assertEqual((binding.res_id, binding.external_parent_id), (blue.id, "5000"))
        self.assertEqual(self.match(5100).product_id.default_code, "CAP-1")
        self.assertEqual(self.match(5100).product_id.product_tmpl_id.product_variant_count, 1)
        self.env["storefront.export.stock"]._index_products(self.channel)
        states = self.Match.search([("channel_id", "=", self.channel.id)]).mapped("state")
        self.assertEqual(set(states), {"matched"})

    def test_the_review_opens_from_the_channel_with_its_counts(self):
        self.add(product(4001, "REV-1"), product(4002, "REV-2"))
        known, local = self.create_products("REV-1", "LOCAL-ONLY")
        self.env["storefront.export.stock"]._index_products(self.channel)
        self.channel.invalidate_recordset()
        counts = (
            self.channel.catalogue_matched_count,
            self.channel.catalogue_missing_count,
            self.channel.catalogue_conflict_count,
        )
        self.assertEqual(counts, (1, 1, 0))
        action = self.channel.action_open_catalogue_match()
        listed = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(listed.mapped("store_id"), ["4001", "4002"])
        action = self.channel.action_open_unlisted_products()
        unlisted = self.env[action["res_model"]].search(action["domain"])
        self.assertIn(local, unlisted)
        self.assertNotIn(known, unlisted)
