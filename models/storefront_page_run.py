"""A listing of the store read page by page, each page a committed step."""

from odoo import api, fields, models


class StorefrontPageRun(models.AbstractModel):
    """A run over a store listing (history import, catalogue index).

    Each page is one sync log row: its handler reads the page, records what it
    found and queues the next page's row, all in one transaction. A worker
    stopped mid-page (deadline, time limit, kill) leaves that row to be retried:
    the run resumes at the page it was reading, never from the first. A row
    whose page was already committed does nothing.
    """

    _name = "storefront.page.run"
    _description = "Storefront paged listing"
    _order = "id desc"
    # Event of the page rows (its entity names the handler) and prefix of their keys.
    _page_event = None
    _page_prefix = None

    channel_id = fields.Many2one("storefront.channel", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="channel_id.company_id", store=True)
    state = fields.Selection(
        [("running", "Running"), ("done", "Listed"), ("cancelled", "Cancelled")],
        default="running",
        required=True,
    )
    next_page = fields.Integer(help="Pages of the store's listing read so far.")

    def _queue_page(self, page):
        self.ensure_one()
        Log = self.env["storefront.sync.log"].sudo()
        Log._enqueue(
            self.channel_id,
            "in",
            self._page_event,
            {"run": self.id, "page": page},
            dedup_key=f"{self._page_prefix}:{self.id}:{page}",
        )
        Log._wake()

    def _run_page(self, page):
        """Read page ``page`` unless the run stopped or already committed it."""
        self.ensure_one()
        if self.state != "running" or page != self.next_page:
            return 0
        return self._read_page(page)

    def _read_page(self, page):
        """Hook: read page ``page``, record it, set ``next_page`` and queue the next page."""
        raise NotImplementedError


class StorefrontImportPage(models.AbstractModel):
    """The processing cron's handler of the page rows of a paged run."""

    _name = "storefront.import.page"
    _description = "Storefront listing page"
    _run_model = None

    @api.model
    def _process_log(self, log):
        """Read one page of a run; return the run."""
        payload = log.payload or {}
        run = self.env[self._run_model].browse(payload.get("run")).exists()
        if run:
            run._run_page(int(payload.get("page") or 0))
        return run
