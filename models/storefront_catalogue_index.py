"""The catalogue index: the store's products read page by page and matched."""

from odoo import _, api, fields, models

INDEX_EVENT = "catalogue.index"
PUSH_STOCK = [("changed", "Changed quantities"), ("all", "Every quantity")]


class StorefrontCatalogueIndex(models.Model):
    """One pass over the store's catalogue.

    Each page is matched (see storefront.catalogue.match) and committed on its
    own: a 10,000 product store is a hundred short rows, and a page cut by
    the deadline or a dead worker is the only one read again. When the last
    page is in, what the store no longer lists leaves the match review and,
    for "Push stock now", every published product is queued.
    """

    _name = "storefront.catalogue.index"
    _inherit = "storefront.page.run"
    _description = "Storefront catalogue index"
    _order = "id desc"
    _page_event = INDEX_EVENT
    _page_prefix = "catalogue-page"

    pages_total = fields.Integer(help="Pages of the store's catalogue, when the store says.")
    entries = fields.Integer(string="Store products", help="Products and variants read.")
    bound = fields.Integer(string="New bindings")
    push_stock = fields.Selection(
        PUSH_STOCK, help="Queue the stock of every published product once the index is complete."
    )
    date_done = fields.Datetime(readonly=True)

    @api.depends("channel_id", "create_date")
    def _compute_display_name(self):
        for run in self:
            run.display_name = _("Catalogue index %s", run.create_date or "")

    def _read_page(self, page, queue_next=True):
        """Match page ``page`` of the catalogue; queue the next page or finish."""
        adapter = self.channel_id._adapter()
        entries, complete, total = adapter.catalogue_page(page)
        bound = self.env["storefront.catalogue.match"]._record_page(self, entries)
        values = {
            "next_page": page + 1,
            "entries": self.entries + len(entries),
            "bound": self.bound + bound,
            "pages_total": total or (page + 1 if complete else self.pages_total),
        }
        self.write(values)
        if complete or not entries:
            self._finish()
        elif queue_next:
            self._queue_page(page + 1)
        return len(entries)

    def _finish(self):
        """The whole catalogue is in: drop what the store no longer lists, push stock."""
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        self.env["storefront.catalogue.match"].sudo().search(
            [("channel_id", "=", self.channel_id.id), ("index_id", "!=", self.id)]
        ).unlink()
        if self.push_stock:
            self.env["storefront.export.stock"]._push_all(
                self.channel_id, force=self.push_stock == "all"
            )

    def _read_all(self):
        """Read every page now, in this transaction (small stores); return the new bindings."""
        self.ensure_one()
        while self.state == "running":
            self._read_page(self.next_page, queue_next=False)
        return self.bound


class StorefrontImportCatalogue(models.AbstractModel):
    _name = "storefront.import.catalogue"
    _inherit = "storefront.import.page"
    _description = "Storefront catalogue page"
    _run_model = "storefront.catalogue.index"
