from . import (
    sale_order,
    storefront_binding,
    storefront_channel,
    storefront_field_mapping,
    storefront_import_customer,
    storefront_import_order,
    storefront_import_product,
    storefront_import_refund,
    storefront_sync_log,
    storefront_value_map,
    storefront_value_map_line,
)
