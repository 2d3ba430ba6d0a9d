from . import (
    storefront_binding,
    storefront_channel,
    storefront_field_mapping,
    storefront_sync_log,
    storefront_value_map,
    storefront_value_map_line,
)
