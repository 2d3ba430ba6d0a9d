from . import test_woocommerce_store
