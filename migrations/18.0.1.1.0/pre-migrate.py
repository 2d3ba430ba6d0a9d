"""X-Cart channels on the legacy API version become ``xcart_legacy`` channels."""


def migrate(cr, version):
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'storefront_channel' AND column_name = 'xcart_api_version'
        """
    )
    if cr.fetchone():
        cr.execute(
            """
            UPDATE storefront_channel SET platform = 'xcart_legacy'
             WHERE platform = 'xcart' AND xcart_api_version = 'legacy'
            """
        )
