from . import storefront_mapping_preview
