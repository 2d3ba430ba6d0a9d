"""REST clients of the storefront platforms: plain Python, no ORM."""

from . import errors


def get_client(platform, api_version=None, **kwargs):
    """Return the client of ``platform`` (and API version) built with ``kwargs``."""
    if platform == "xcart":
        from .xcart import XCartClient, XCartLegacyClient

        return (XCartLegacyClient if api_version == "legacy" else XCartClient)(**kwargs)
    if platform == "clarity":
        from .clarity import ClarityClient

        return ClarityClient(**kwargs)
    raise errors.ValidationError(f"Unknown storefront platform {platform!r}.")
