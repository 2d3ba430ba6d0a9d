from . import test_history_import
