"""The catalogue index of a channel and its match review."""

from odoo import _, api, fields, models

from .storefront_catalogue_index import PUSH_STOCK


class StorefrontChannel(models.Model):
    _inherit = "storefront.channel"  # pylint: disable=consider-merging-classes-inherited

    catalogue_index_ids = fields.One2many("storefront.catalogue.index", "channel_id")
    catalogue_index_note = fields.Char(compute="_compute_catalogue_counts")
    catalogue_matched_count = fields.Integer(compute="_compute_catalogue_counts")
    catalogue_missing_count = fields.Integer(compute="_compute_catalogue_counts")
    catalogue_conflict_count = fields.Integer(compute="_compute_catalogue_counts")

    @api.depends("catalogue_index_ids.state", "catalogue_index_ids.next_page")
    def _compute_catalogue_counts(self):
        Match = self.env["storefront.catalogue.match"].sudo()
        counts = {
            (channel.id, state): count
            for channel, state, count in Match._read_group(
                [("channel_id", "in", self.ids)], ["channel_id", "state"], ["__count"]
            )
        }
        for channel in self:
            channel.catalogue_matched_count = counts.get((channel.id, "matched"), 0)
            channel.catalogue_missing_count = counts.get((channel.id, "missing_in_odoo"), 0)
            channel.catalogue_conflict_count = counts.get((channel.id, "conflict"), 0)
            channel.catalogue_index_note = channel._catalogue_index_note()

    def _catalogue_index_note(self):
        run = self.sudo().catalogue_index_ids[:1]
        if not run:
            return False
        if run.state == "running":
            return _(
                "Catalogue index: %(done)s of %(total)s pages.",
                done=run.next_page,
                total=run.pages_total or "?",
            )
        if run.state == "done":
            return _(
                "Catalogue indexed on %(date)s: %(count)s store products, %(pages)s pages.",
                date=fields.Datetime.to_string(run.date_done),
                count=run.entries,
                pages=run.next_page,
            )
        return False

    def action_index_catalogue(self, push_stock=False):
        """Index the store's catalogue in the processing cron, page by page.

        ``push_stock`` (see PUSH_STOCK) queues every published product's stock
        once the index is complete. A channel indexes one pass at a time: a
        request during a pass joins it.
        """
        for channel in self:
            channel._start_catalogue_index(push_stock)
        return True

    def _start_catalogue_index(self, push_stock=False):
        self.ensure_one()
        Index = self.env["storefront.catalogue.index"].sudo()
        run = Index.search([("channel_id", "=", self.id), ("state", "=", "running")], limit=1)
        if not run:
            run = Index.create({"channel_id": self.id, "push_stock": push_stock})
            run._queue_page(0)
        elif push_stock:
            ranks = [False] + [code for code, _label in PUSH_STOCK]
            if ranks.index(push_stock) > ranks.index(run.push_stock):
                run.push_stock = push_stock
        return run

    def action_open_catalogue_match(self):
        """The match review of this channel: the store's products and their Odoo products."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Catalogue match: %s", self.name),
            "res_model": "storefront.catalogue.match",
            "view_mode": "list,form",
            "domain": [("channel_id", "=", self.id)],
            "context": {"search_default_filter_review": 1},
        }

    def action_open_unlisted_products(self):
        """Odoo products of the channel's company that no store product is bound to."""
        self.ensure_one()
        bound = self.env["storefront.binding"].sudo()._lookup(self, "product.product")
        return {
            "type": "ir.actions.act_window",
            "name": _("Not on %s", self.name),
            "res_model": "product.product",
            "view_mode": "list,form",
            "domain": [
                ("id", "not in", bound.mapped("res_id")),
                ("sale_ok", "=", True),
                ("company_id", "in", (False, self.company_id.id)),
            ],
        }
