from . import storefront_import_noop
