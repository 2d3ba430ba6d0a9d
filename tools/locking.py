"""Row locks for workers that may update one record at once."""

from odoo.tools import SQL


def lock_for_update(records):
    """Lock ``records`` before updating them, without waiting and without an ERROR line.

    When another worker holds one of them, or changed it since this
    transaction's snapshot, PostgreSQL refuses at once (lock not available,
    serialization failure): the sync row fails with a transient error and its
    retry sees the other worker's work. Left to the ORM's flush, the same
    conflict is logged by Odoo as an ERROR "bad query".
    """
    if not records.ids:
        return
    records.env.cr.execute(
        SQL(
            "SELECT 1 FROM %s WHERE id IN %s FOR NO KEY UPDATE NOWAIT",
            SQL.identifier(records._table),
            tuple(records.ids),
        ),
        log_exceptions=False,
    )
