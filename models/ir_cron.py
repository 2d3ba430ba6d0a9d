from odoo import models

from ..tools import engine


class IrCron(models.Model):
    _inherit = "ir.cron"

    @classmethod
    def _process_job(cls, db, cron_cr, job):
        """Start the engine's clock at the first job of a cron worker's wake-up.

        Every job of one wake-up runs under the same watchdog window: the
        processing lanes and the polling cron share one time budget in it.
        """
        engine.note_cron_wake(cron_cr)
        return super()._process_job(db, cron_cr, job)
