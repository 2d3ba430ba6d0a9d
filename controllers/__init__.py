from . import metrics, storefront_connector
