"""Data of the connector: event names, states, defaults and limits."""

DIRECTIONS = [("in", "Storefront to Odoo"), ("out", "Odoo to storefront")]

# Upper bounds of the duration histogram of the sync log (metrics and dashboard p95).
DURATION_BUCKETS_MS = (50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000)

LOG_STATES = [
    ("pending", "Pending"),
    ("running", "Running"),
    ("done", "Done"),
    ("failed", "Failed"),
    ("dead", "Dead"),
    ("cancelled", "Cancelled"),
]

ERROR_CLASSES = [
    ("transient", "Transient"),
    ("validation", "Validation"),
    ("business", "Business"),
    ("auth", "Authentication"),
]

HEALTH_STATES = [("ok", "OK"), ("auth_failed", "Authentication failed"), ("paused", "Paused")]

# Canonical inbound events, and the aliases storefront add-ons send for them.
INBOUND_EVENTS = [
    "order.created",
    "order.updated",
    "order.cancelled",
    "customer.created",
    "customer.updated",
    "product.created",
    "product.updated",
    "refund.created",
]
EVENT_ALIASES = {
    "order placed": "order.created",
    "order created": "order.created",
    "order updated": "order.updated",
    "order changed": "order.updated",
    "order cancelled": "order.cancelled",
    "order canceled": "order.cancelled",
    "customer created": "customer.created",
    "customer updated": "customer.updated",
    "profile created": "customer.created",
    "profile updated": "customer.updated",
    "product created": "product.created",
    "product updated": "product.updated",
    "refund created": "refund.created",
    "order refunded": "refund.created",
}

# The channel's flow toggle that lets each inbound entity in (webhooks and polling).
INBOUND_FLOWS = {
    "order": "import_orders",
    "refund": "import_orders",
    "customer": "import_customers",
    "product": "import_products",
}

# Handler models, by (direction, entity): an addon adds a flow by defining the model.
HANDLER_MODEL_PREFIX = {"in": "storefront.import.", "out": "storefront.export."}

MAPPING_ENTITIES = [
    ("order", "Order"),
    ("order_line", "Order line"),
    ("customer", "Customer"),
    ("address", "Address"),
    ("product", "Product"),
]

MAPPING_TRANSFORMS = [
    ("direct", "Direct"),
    ("str", "Text"),
    ("int", "Integer"),
    ("float", "Decimal"),
    ("bool", "Boolean"),
    ("date", "Date"),
    ("datetime", "Date and time"),
    ("value_map", "Value map"),
    ("template", "Template"),
    ("split", "Split"),
    ("constant", "Constant"),
]

# Engine limits and defaults.
DEFAULT_BATCH_SIZE = 50
DEFAULT_LEASE_SECONDS = 300
# A processing run claims rows for this share of the cron time limit, and a row it
# started may call the storefront up to this share; a lease outlives the limit by
# the margin. Without a limit: the fixed budgets below.
RUN_BUDGET_SHARE = 1 / 3
ROW_DEADLINE_SHARE = 0.8
LEASE_MARGIN_SECONDS = 30
# Tries to write a channel's health when lanes race to record the same failure.
HEALTH_WRITE_TRIES = 3
RUN_BUDGET_SECONDS = 120
ROW_DEADLINE_SECONDS = 120
# Rows claimed per claim transaction: one, so that a worker killed mid-row holds
# one row; the claim rotates over the channels that have due work.
CLAIM_SIZE = 1
# Cron jobs running the processing method: Odoo runs one job in one worker at a
# time, so each lane lets one more cron worker process the queue.
# The service account the crons run as (see README.rst, "Service account").
INTEGRATION_USER = "storefront_connector.user_storefront_integration"
PROCESS_CRONS = (
    "storefront_connector.ir_cron_storefront_process",
    "storefront_connector.ir_cron_storefront_process_2",
    "storefront_connector.ir_cron_storefront_process_3",
    "storefront_connector.ir_cron_storefront_process_4",
)
DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_RETRY_BASE_SECONDS = 30
DEFAULT_RETRY_CAP_SECONDS = 3600
DEFAULT_SIGNATURE_TOLERANCE = 300
DEFAULT_PAYLOAD_LIMIT = 1024 * 1024
# Polling: objects per page and pages per entity and poll (a poll never runs long).
POLL_PAGE_SIZE = 100
POLL_MAX_PAGES = 20
# Share of the cron time limit a poll run may use (each channel commits on its own).
POLL_BUDGET_SHARE = 1 / 3
# Event under which a polled object enters the inbox, by entity.
POLL_EVENTS = {
    "order": "order.updated",
    "customer": "customer.updated",
    "product": "product.updated",
}
DEFAULT_RETENTION_DAYS = 30
RETENTION_BATCH_SIZE = 1000
ERROR_MESSAGE_LIMIT = 2000
DEFAULT_SECRET_GRACE_HOURS = 24
