from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import SQL

SYNC_STATES = [
    ("none", "Not needed"),
    ("pending", "Pending"),
    ("synced", "Synced"),
    ("failed", "Failed"),
]
# Worst first: a record shows the worst state of its outbound rows.
PRIORITY = {"failed": 3, "pending": 2, "synced": 1, "none": 0}
# The outbound row states that make each status (cancelled rows make none).
ROW_STATES = {"failed": ("failed", "dead"), "pending": ("pending", "running"), "synced": ("done",)}


class StorefrontSyncStatusMixin(models.AbstractModel):
    """The storefront sync status of a record, from the outbound rows about it."""

    _name = "storefront.sync.status.mixin"
    _description = "Storefront sync status"

    storefront_sync_state = fields.Selection(
        SYNC_STATES,
        string="Storefront sync",
        compute="_compute_storefront_sync",
        search="_search_storefront_sync_state",
    )
    storefront_sync_message = fields.Char(
        string="Storefront sync error", compute="_compute_storefront_sync"
    )
    storefront_log_count = fields.Integer(compute="_compute_storefront_sync")

    def _storefront_log_refs(self):
        """{record: [(model, id), ...]}: the records whose rows make this one's status."""
        return {record: [(record._name, record.id)] for record in self}

    @api.model
    def _storefront_states(self, model, ids):
        """{id: (state, last error, row count)} of outbound rows about ``model`` records."""
        if not ids:
            return {}
        self.env["storefront.sync.log"].flush_model()
        self.env.cr.execute(
            """
            SELECT res_id,
                   CASE WHEN bool_or(state IN ('failed', 'dead')) THEN 'failed'
                        WHEN bool_or(state IN ('pending', 'running')) THEN 'pending'
                        ELSE 'synced' END,
                   (array_agg(error_message ORDER BY id DESC)
                        FILTER (WHERE state IN ('failed', 'dead')))[1],
                   count(*)
              FROM storefront_sync_log
             WHERE direction = 'out' AND state != 'cancelled'
               AND res_model = %s AND res_id = ANY(%s)
             GROUP BY res_id
            """,
            (model, list(ids)),
        )
        return {
            res_id: (state, error, count) for res_id, state, error, count in self.env.cr.fetchall()
        }

    def _compute_storefront_sync(self):
        refs = self._storefront_log_refs()
        by_model = {}
        for pairs in refs.values():
            for model, res_id in pairs:
                by_model.setdefault(model, set()).add(res_id)
        states = {
            (model, res_id): value
            for model, ids in by_model.items()
            for res_id, value in self._storefront_states(model, ids).items()
        }
        for record in self:
            found = [states[pair] for pair in refs.get(record, []) if pair in states]
            worst = max(found, key=lambda value: PRIORITY[value[0]], default=("none", False, 0))
            record.storefront_sync_state = worst[0]
            record.storefront_sync_message = worst[1] if worst[0] == "failed" else False
            record.storefront_log_count = sum(value[2] for value in found)

    def _search_storefront_sync_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise NotImplementedError(_("Unsupported search on the storefront sync status."))
        wanted = {value} if isinstance(value, str) else set(value or ())
        if operator in ("!=", "not in"):
            wanted = set(PRIORITY) - wanted
        wanted &= set(PRIORITY)
        if wanted == set(PRIORITY):
            return expression.TRUE_DOMAIN
        return expression.OR(
            [
                [("id", "in", SQL("(%s)", self._storefront_state_sql(state)))]
                for state in sorted(wanted)
            ]
        )

    def _storefront_state_sql(self, state):
        """SQL of the ids of the records of status ``state``: those with an outbound row
        of that status and none of a worse one ("none": any record without a row)."""
        worse = [
            row_state
            for status, row_states in ROW_STATES.items()
            if PRIORITY[status] > PRIORITY[state]
            for row_state in row_states
        ]
        if state == "none":
            found = SQL("SELECT id FROM %s", SQL.identifier(self._table))
        else:
            found = self._storefront_rows_sql(ROW_STATES[state])
        if not worse:
            return found
        # NOT EXISTS rather than NOT IN: an anti-join, however many records have rows.
        return SQL(
            "SELECT found.id FROM (%s) found WHERE NOT EXISTS "
            "(SELECT FROM (%s) worse WHERE worse.id = found.id)",
            found,
            self._storefront_rows_sql(worse),
        )

    def _storefront_rows_sql(self, states):
        """Hook: SQL of the ids of the records with an outbound row in one of ``states``
        (flushed first); a model whose status counts other records' rows too (see
        ``_storefront_log_refs``) adds theirs.

        Read from the log's index on the outbound rows by model and state.
        """
        self.env["storefront.sync.log"].flush_model(["direction", "res_model", "res_id", "state"])
        return SQL(
            "SELECT res_id AS id FROM storefront_sync_log WHERE direction = 'out' "
            "AND res_model = %s AND state IN %s AND res_id IS NOT NULL",
            self._name,
            tuple(states),
        )

    def _storefront_logs(self):
        refs = [pair for pairs in self._storefront_log_refs().values() for pair in pairs]
        domain = [("direction", "=", "out")]
        clauses = [
            ["&", ("res_model", "=", model), ("res_id", "=", res_id)] for model, res_id in refs
        ]
        if not clauses:
            return self.env["storefront.sync.log"]
        domain += ["|"] * (len(clauses) - 1) + [term for clause in clauses for term in clause]
        return self.env["storefront.sync.log"].search(domain)

    def action_view_storefront_logs(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "storefront_connector.storefront_sync_log_action"
        )
        action["domain"] = [("id", "in", self._storefront_logs().ids)]
        action["context"] = {}
        return action

    def action_storefront_retry(self):
        """Requeue the failed and dead rows of these records (Storefront Users only)."""
        if not self.env.user.has_group("storefront_connector.group_storefront_user"):
            raise AccessError(_("Retrying a storefront sync needs the Storefront User group."))
        self._storefront_logs().filtered(
            lambda log: log.state in ("failed", "dead")
        ).action_requeue()
        return True
