from . import storefront_connector
