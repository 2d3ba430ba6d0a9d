from . import test_flow_rules
