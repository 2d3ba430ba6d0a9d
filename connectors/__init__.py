"""The storefront platforms: REST clients and one adapter per platform (no ORM)."""

# Importing an adapter module registers its platform.
from . import adapter_clarity, adapter_woocommerce, adapter_xcart, adapter_xcart_legacy, errors
from .base import ADAPTERS, StorefrontAdapter, get_adapter_class, platform_selection

__all__ = [
    "ADAPTERS",
    "StorefrontAdapter",
    "adapter_clarity",
    "adapter_woocommerce",
    "adapter_xcart",
    "adapter_xcart_legacy",
    "errors",
    "get_adapter_class",
    "platform_selection",
]
