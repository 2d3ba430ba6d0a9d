"""Flow rules in the import: read in the engine row's transaction, once per order and stage.

A row's work commits or rolls back as a whole, so a retried row runs its rules
again on a clean slate: their effects happen once. The stages after the first
are marked on the order, so a later row of the same order does not run them twice.
"""

from odoo import _, api, models

from .storefront_flow_action import FlowSkipped


class StorefrontImportOrder(models.AbstractModel):
    _inherit = "storefront.import.order"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _process_log(self, log):
        """Leave the object out (nothing created, the row done) when a skip rule says so."""
        if not log.channel_id._flow_may_skip():
            return super()._process_log(log)
        try:
            with self.env.cr.savepoint():
                return super()._process_log(log)
        except FlowSkipped as skip:
            log.write({"flow_rule_ids": [(4, rule.id) for rule in skip.rules]})
            log.response_summary = _(
                "Skipped by flow rule %(rule)s: %(reason)s",
                rule=skip.rules[:1].name,
                reason=skip.reason,
            )
            return None

    @api.model
    def _flow_received(self, order, values, log):
        """Hook of the order creation, before its total is checked: the received stage."""
        if values.get("payment_method"):
            order.storefront_payment_method = str(values["payment_method"])
        self._flow_run(order, "order_received", log)

    @api.model
    def _flow_run(self, order, stage, log):
        """Run the channel's active rules of ``stage`` on ``order``, once."""
        channel = order.storefront_channel_id
        rules = channel._flow_rules(stage)
        if not rules or order._storefront_flow_ran(stage):
            return order.browse()
        if any(rules.mapped("risk_level")) and not order.storefront_risk_facts:
            self._flow_score(order)
        facts = rules._order_facts(order)
        fired = rules.browse()
        notes = []
        warehouse = None
        for rule in rules:
            if rule._mismatch(order, facts):
                continue
            fired |= rule
            for action in rule.action_ids:
                if action.action_type == "skip":
                    raise FlowSkipped(action.reason, fired)
                note = action._apply(order, log)
                if note:
                    notes.append(note)
                if action.action_type == "route_warehouse" and not note:
                    warehouse = action.warehouse_id
            if rule.stop:
                break
        if warehouse and order.warehouse_id != warehouse:
            # A salesperson set after the route recomputes the warehouse: the route wins.
            order.warehouse_id = warehouse
        order._storefront_flow_record(fired, stage, notes)
        if log and fired:
            log.write({"flow_rule_ids": [(4, rule.id) for rule in fired]})
            if notes:
                log.response_summary = "\n".join(filter(None, [log.response_summary, *notes]))
        return fired

    @api.model
    def _flow_score(self, order):
        """Score the order's risk for the rules that read it (the hold comes later)."""
        self.env["storefront.order.risk"]._risk_score(order)

    @api.model
    def _flow_draft(self, channel, obj, values):
        """The quotation the import would create, for a simulation (rolled back by the caller).

        Named, so no sequence number is spent; not confirmed, no rule applied.
        """
        return self._new_order(
            channel,
            obj,
            values,
            name=_("Simulation"),
            storefront_payment_method=values.get("payment_method") or False,
        )

    # ------------------------------------------------------------------
    # What the rules change in the import
    # ------------------------------------------------------------------

    @api.model
    def _apply_status(self, order, obj, values, log):
        """The paid stage's rules, then the confirmation policy a rule may have set."""
        if order.state == "cancel" or not order.storefront_channel_id._flow_rules():
            return super()._apply_status(order, obj, values, log)
        status = values.get("status") or "draft"
        Payment = self.env["storefront.order.payment"]
        if status == "confirm" and Payment._fully_captured(order, obj, values):
            status = "paid"
        if status == "paid":
            self._flow_run(order, "order_paid", log)
        policy = order.storefront_confirm_policy
        if order.state in ("draft", "sent") and status not in ("cancel", "refunded"):
            waiting = None
            if policy == "never":
                waiting = _("Order %s is confirmed by hand (flow rule).", order.name)
            elif policy == "paid" and status != "paid":
                waiting = _("Order %s is confirmed when it is paid (flow rule).", order.name)
            if waiting:
                log.response_summary = "\n".join(filter(None, [log.response_summary, waiting]))
                return order
            if policy == "now" and status not in ("confirm", "paid"):
                values = dict(values, status="confirm")
        order = super()._apply_status(order, obj, values, log)
        if (
            order.storefront_invoice_policy == "confirm"
            and order.state == "sale"
            and not order.invoice_ids
        ):
            order._create_invoices().action_post()
        return order

    @api.model
    def _cancel(self, order, values):
        order = super()._cancel(order, values)
        if order and order.state == "cancel":
            self._flow_run(order, "order_cancelled", None)
        return order


class StorefrontOrderRisk(models.AbstractModel):
    _inherit = "storefront.order.risk"

    @api.model
    def _risk_history(self, order):
        """Read once per order and transaction: the rules and the hold share it."""
        cache = self.env.cr.cache.setdefault("storefront_risk_history", {})
        if order.id not in cache:
            cache[order.id] = super()._risk_history(order)
        return cache[order.id]

    @api.model
    def _storefront_risk_hold(self, order, obj, values, log):
        """A rule's hold keeps the order, with the rule's reason on the row."""
        if order.storefront_held and order.storefront_hold_reason:
            log.response_summary = _(
                "Order %(order)s held for review: %(reason)s",
                order=order.name,
                reason=order.storefront_hold_reason,
            )
            return True
        return super()._storefront_risk_hold(order, obj, values, log)


class StorefrontOrderPayment(models.AbstractModel):
    _inherit = "storefront.order.payment"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _fully_invoiceable(self, order):
        """An order a rule invoices on delivery or by hand gets its payment in advance."""
        if order.storefront_invoice_policy in ("delivery", "never"):
            return False
        return super()._fully_invoiceable(order)
