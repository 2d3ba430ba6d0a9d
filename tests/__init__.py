from . import (
    test_company_isolation,
    test_customer_login_email,
    test_engine_auth_race,
    test_engine_prefork_limits,
    test_engine_rate_limit,
    test_guest_partner_race,
    test_risk_whitelist_guest,
    test_stock_push_order,
    test_tracking_versions,
)
