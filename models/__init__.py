# Mixins first: the models below inherit them. The platform files add their
# connection fields to storefront.connection (the channel and the setup wizard).
from . import storefront_connection, storefront_page_run, storefront_sync_status_mixin

# isort: split
from . import storefront_channel_clarity, storefront_channel_woocommerce, storefront_channel_xcart

# isort: split
from . import (
    ir_cron,
    res_company,
    sale_order,
    stock_picking,
    stock_quant,
    storefront_binding,
    storefront_channel,
    storefront_export_order,
    storefront_export_shipment,
    storefront_export_stock,
    storefront_field_mapping,
    storefront_import_customer,
    storefront_import_order,
    storefront_import_product,
    storefront_import_refund,
    storefront_stock_dirty,
    storefront_sync_log,
    storefront_sync_log_engine,
    storefront_sync_log_outcome,
    storefront_value_map,
    storefront_value_map_line,
)

# isort: split
from . import (
    account_move,
    account_payment,
    discuss_channel,
    product_product,
    product_template,
    product_template_attribute_value,
    res_config_settings,
    res_partner,
    sale_order_risk,
    storefront_alert,
    storefront_api_stat,
    storefront_catalogue_index,
    storefront_catalogue_match,
    storefront_catalogue_match_actions,
    storefront_channel_catalogue,
    storefront_channel_dashboard,
    storefront_channel_history,
    storefront_channel_intake,
    storefront_channel_mapping_sample,
    storefront_channel_outbound,
    storefront_channel_polling,
    storefront_channel_risk,
    storefront_channel_setup,
    storefront_channel_webhook_registration,
    storefront_export_customer,
    storefront_export_payment,
    storefront_export_product,
    storefront_export_stock_batch,
    storefront_field_mapping_sample,
    storefront_history_import,
    storefront_import_history,
    storefront_import_order_money,
    storefront_import_order_refunds,
    storefront_import_order_status,
    storefront_mapping_rejection,
    storefront_metrics,
    storefront_order_intent,
    storefront_order_payment,
    storefront_order_risk,
    storefront_outbound_queue,
    storefront_rate_slot,
    storefront_sync_count,
)

# Extensions of the order import and of its payment and risk models.
# isort: split
from . import (
    sale_order_flow,
    stock_picking_flow,
    storefront_channel_flow,
    storefront_flow_action,
    storefront_flow_rule,
    storefront_import_order_flow,
    storefront_import_order_history,
    storefront_sync_log_flow,
)
