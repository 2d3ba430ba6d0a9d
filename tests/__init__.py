from . import test_channel_company, test_translations
