from odoo import _, fields, models
from odoo.exceptions import UserError


class StorefrontSyncLog(models.Model):
    """Which flow rules a row fired, and a dry run of the rules on its object."""

    _inherit = "storefront.sync.log"  # pylint: disable=consider-merging-classes-inherited

    flow_rule_ids = fields.Many2many(
        "storefront.flow.rule",
        "storefront_sync_log_flow_rule_rel",
        "log_id",
        "rule_id",
        string="Flow rules fired",
        readonly=True,
    )

    def action_test_rules(self):
        """Simulate the channel's rules on this row's order, writing nothing.

        Returns the action showing the simulation; its ``simulation`` key holds
        the result as a dict (mapping, risk, each rule matched or why not).
        """
        self.ensure_one()
        if self.direction != "in" or not self.event_type.startswith("order."):
            raise UserError(_("Flow rules read inbound orders: this row is %s.", self.event_type))
        Simulation = self.env["storefront.flow.simulation"]
        result = Simulation._simulate(self.channel_id, self._get_object())
        return Simulation._show(self.channel_id, result, log=self)
