from . import test_tracking_versions
