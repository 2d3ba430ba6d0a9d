from . import (
    storefront_flow_simulation,
    storefront_history_wizard,
    storefront_mapping_preview,
    storefront_mapping_suggest,
    storefront_mapping_suggest_line,
    storefront_setup_wizard,
)
