from . import test_address_names, test_tour_checklist
