from . import test_shape
