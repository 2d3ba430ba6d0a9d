from . import storefront_mapping_preview, storefront_setup_wizard
