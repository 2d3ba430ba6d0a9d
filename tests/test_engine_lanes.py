"""A processing run wakes the other lanes at once, so other cron workers join in."""

from .. import const
from .common import FakeHandler
from .engine_common import CommittedCase


class TestLaneWakeUps(CommittedCase):
    products = 0

    def lane_triggers(self, lane_ids):
        with self.registry.cursor() as cr:
            cr.execute("SELECT cron_id FROM ir_cron_trigger WHERE cron_id = ANY(%s)", [lane_ids])
            return {row[0] for row in cr.fetchall()}

    def test_other_lanes_are_woken_while_the_first_row_runs(self):
        with self.registry.cursor() as cr:
            env = self.env_of(cr)
            channel = env["storefront.channel"].browse(self.channel_id)
            env["storefront.sync.log"]._enqueue(channel, "in", "order.created", {"lanes": 1})
            first, *others = (env.ref(xmlid).id for xmlid in const.PROCESS_CRONS)
            env["ir.cron.trigger"].search([("cron_id", "in", others)]).unlink()
            _cron, progress = env["ir.cron"].browse(first)._add_progress()
        self.addCleanup(self.clear_triggers, others)
        seen = []
        with self.handler(
            FakeHandler(side_effect=lambda log: seen.append(self.lane_triggers(others)))
        ):
            with self.registry.cursor() as cr:
                self.env_of(cr)["storefront.sync.log"].with_context(
                    ir_cron_progress_id=progress.id, cron_id=first
                )._cron_process()
        self.assertEqual(seen, [set(others)], "another worker sees the wake-ups during the row")

    def clear_triggers(self, lane_ids):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM ir_cron_trigger WHERE cron_id = ANY(%s)", [lane_ids])
