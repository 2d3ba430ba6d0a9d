from . import controllers, models, wizards


def uninstall_hook(env):
    """Drop the sync log counters' trigger function, which no table owns."""
    env.cr.execute("DROP FUNCTION IF EXISTS storefront_sync_count_delta() CASCADE")
