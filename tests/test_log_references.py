"""The sync log's rows are deleted in batches: whatever references them is indexed."""

from odoo.tests import TransactionCase

# One row per channel: read whole, an index would not help.
SMALL_TABLES = {"storefront_channel"}


class TestLogReferences(TransactionCase):
    def test_every_large_table_referencing_the_log_has_an_index_on_the_column(self):
        transient = {model._table for model in self.env.registry.values() if model._transient}
        self.env.cr.execute(
            """
            SELECT con.conrelid::regclass::text, att.attname,
                   EXISTS (SELECT FROM pg_index ind
                            WHERE ind.indrelid = con.conrelid
                              AND ind.indkey[0] = con.conkey[1])
              FROM pg_constraint con
              JOIN pg_attribute att
                ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
             WHERE con.contype = 'f'
               AND con.confrelid = 'storefront_sync_log'::regclass
            """
        )
        references = self.env.cr.fetchall()
        self.assertIn(("sale_order", "storefront_risk_log_id"), [ref[:2] for ref in references])
        for table, column, indexed in references:
            if table not in transient | SMALL_TABLES:
                with self.subTest(table=table, column=column):
                    self.assertTrue(indexed, f"{table}.{column} references the log unindexed")
