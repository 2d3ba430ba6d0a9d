"""Storefront simulators serving the documented APIs on 127.0.0.1, for tests and the demo."""

from .clarity import ClaritySandbox
from .server import RecordedRequest, SandboxServer
from .webhook import deliver_webhook, envelope, sign_webhook, webhook_headers
from .woocommerce import WooCommerceSandbox
from .xcart import XCartSandbox
