from . import (
    test_company_matching,
    test_history_import,
    test_order_intent,
    test_order_status,
)
