from . import test_engine_prefork_limits, test_tracking_versions
