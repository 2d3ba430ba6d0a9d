"""History orders: old business recorded as it happened, without touching today's stock."""

from odoo import _, api, fields, models

from .storefront_history_import import history_event


class StorefrontImportOrder(models.AbstractModel):
    _inherit = "storefront.import.order"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _process_log(self, log):
        """A history order is imported once; an order already imported is left as it is."""
        if log.event_type != history_event("order"):
            return super()._process_log(log)
        # The history import stored the order's id: no second mapping of the order.
        order = log.external_id and self.env["storefront.binding"]._to_internal(
            log.channel_id, "sale.order", log.external_id
        )
        if order:
            log.response_summary = _("Already imported: the history import leaves it as it is.")
            return order
        importer = self.with_context(storefront_history=True)
        return super(StorefrontImportOrder, importer)._process_log(log)

    @api.model
    def _apply_status(self, order, obj, values, log):
        """An order the store already shipped or completed comes in as done business.

        Confirmed (and invoiced and paid when the store says paid) without a
        delivery: no stock rule runs, so nothing is reserved or moved, and its
        lines count as delivered. Open history orders come in like live ones.
        """
        channel = order.storefront_channel_id
        if not (
            self.env.context.get("storefront_history")
            and channel._adapter_class().order_fulfilled(obj, values)
        ):
            return super()._apply_status(order, obj, values, log)
        importer = self.with_context(skip_procurement=True, storefront_history_done=True)
        done_order = order.with_context(skip_procurement=True)
        result = super(StorefrontImportOrder, importer)._apply_status(done_order, obj, values, log)
        if order.state == "sale":
            self._mark_delivered(order)
        return result

    @api.model
    def _mark_delivered(self, order):
        """The store delivered it: every line counts as delivered, with no stock move."""
        for line in order.order_line.filtered(lambda line: line.product_id and not line.move_ids):
            if line.qty_delivered != line.product_uom_qty:
                line.qty_delivered = line.product_uom_qty


class StorefrontOrderPayment(models.AbstractModel):
    _inherit = "storefront.order.payment"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _invoice_and_pay(self, order, obj, values):
        """A history order done on the store is delivered before it is invoiced."""
        if self.env.context.get("storefront_history_done"):
            self.env["storefront.import.order"]._mark_delivered(order)
        return super()._invoice_and_pay(order, obj, values)

    @api.model
    def _accounting_date(self, order):
        """Done business is invoiced and paid on its order's date (Odoo moves an
        invoice dated in a locked period to the first open date)."""
        if self.env.context.get("storefront_history_done"):
            return fields.Date.context_today(self, order.date_order)
        return super()._accounting_date(order)
