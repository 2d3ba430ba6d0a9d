from . import test_address_names
