from . import (
    test_woocommerce_import,
    test_woocommerce_sandbox,
    test_woocommerce_store,
    test_woocommerce_webhook,
)
