"""An X-Cart channel taking signed webhooks over real HTTP, for the flow and hold tests."""

import copy

from odoo import Command

from .common import ReleaseChecks, load_sample, storable
from .webhook_common import WebhookCase, signed_headers, wrap

QUEUED = {"id": 1, "code": "Q", "name": "Queued"}
AUTHORIZED = {"id": 2, "code": "A", "name": "Authorized"}
PAID = {"id": 4, "code": "P", "name": "Paid"}


class FlowCase(ReleaseChecks, WebhookCase):
    """An X-Cart channel taking signed webhooks, with the taxes that match its sample."""

    channel_values = {"name": "Flow X-Cart", "import_products": False}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tax = cls.env["account.tax"].create(
            {"name": "Sales tax 3.00 per unit", "amount": 3.0, "amount_type": "fixed"}
        )
        cls.hazmat = cls.env["product.category"].create({"name": "Hazmat"})
        taxes = [Command.set(tax.ids)]
        cls.tshirt = storable(cls.env, "T-shirt", "TSHIRT-BLK-M", list_price=19.99, taxes_id=taxes)
        cls.mug = storable(cls.env, "Mug", "MUG-0042", list_price=69.99, taxes_id=taxes)
        cls.ship = cls.env["product.product"].create(
            {"name": "Shipping", "type": "service", "taxes_id": False}
        )
        cls.bank = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.channel.write({"delivery_product_id": cls.ship.id, "payment_journal_id": cls.bank.id})
        cls.env["storefront.field.mapping"].create(
            {
                "channel_id": cls.channel.id,
                "platform": "xcart",
                "entity": "order",
                "sequence": 500,
                "target_field": "payment_method",
                "source_path": "payment_method",
                "transform": "str",
            }
        )
        cls.sample = load_sample("xcart55_order.json")
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.vienna = cls.env["stock.warehouse"].create({"name": "Vienna", "code": "VIE"})

    def order_payload(self, number=10452, **changes):
        order = copy.deepcopy(self.sample)
        order.update(id=number, order_number=str(number), **changes)
        return order

    def deliver(self, data, event="order.created"):
        """POST a signed webhook, then let the processing cron run; return the row."""
        body = wrap(data, event)
        response = self.post(body, signed_headers(body))
        self.assertEqual(response.status_code, 202, response.text)
        log = self.Log.browse(response.json()["log_id"])
        self.process()
        return log

    def process(self):
        """Run the processing cron as a cron worker would, between two requests.

        Outside the HTTP test mode: the engine then runs each row in a savepoint
        of the test transaction instead of a cursor of its own.
        """
        registry = self.env.registry
        readonly = registry.test_readonly_enabled
        registry.leave_test_mode()
        try:
            self.Log._cron_process()
        finally:
            registry.enter_test_mode(self.cr, readonly)

    def order_of(self, log):
        self.assertEqual(log.state, "done", log.error_message)
        return self.env["sale.order"].browse(log.res_id)

    def rule(self, name, actions, **values):
        return self.env["storefront.flow.rule"].create(
            {
                "channel_id": self.channel.id,
                "name": name,
                "action_ids": [Command.create(action) for action in actions],
                **values,
            }
        )

    def hold_hazmat(self):
        """Hold the orders of hazmat products (the mug is one) for review."""
        self.mug.categ_id = self.hazmat
        self.rule(
            "Hazmat review",
            [{"action_type": "hold", "reason": "Hazmat goods: check the carrier first."}],
            categ_ids=[Command.set(self.hazmat.ids)],
        )

    def from_vienna(self, name, *countries, **values):
        """A rule routing the orders to ``countries`` (xml ids) to the Vienna warehouse."""
        return self.rule(
            name,
            [{"action_type": "route_warehouse", "warehouse_id": self.vienna.id}],
            country_ids=[Command.set([self.env.ref(country).id for country in countries])],
            **values,
        )

    def deliver_in_full(self, order):
        """Validate the order's delivery in full; return the picking."""
        picking = order.picking_ids
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        return picking

    def big_orders_need_approval(self):
        """A rule holding orders of 100 and more for the sales managers; return the group."""
        managers = self.env.ref("sales_team.group_sale_manager")
        self.rule(
            "Big orders",
            [{"action_type": "require_approval", "group_id": managers.id}],
            amount_min=100,
        )
        return managers
