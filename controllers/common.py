"""What the addon's machine-to-machine routes share."""

from odoo import http


def public_route(path, method):
    """A public HTTP route for a store or a scraper: no CSRF token, no session cookie."""
    return http.route(
        path, type="http", auth="public", csrf=False, save_session=False, methods=[method]
    )
