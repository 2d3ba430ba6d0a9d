"""The dashboard and the metrics read storefront.sync.count: the index of every row
by creation date, which served their scans of the log, only slows its writes now."""


def migrate(cr, version):
    cr.execute("DROP INDEX IF EXISTS storefront_sync_log_create_date_idx")
