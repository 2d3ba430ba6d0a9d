"""Pure helpers of the sync engine: the run's time budget and outcome hygiene."""

import math
import random
import threading
import time
import weakref

from .. import const

# Start of the current run, per cron job cursor: Odoo calls a cron's method again
# with the same cursor while it reports remaining work, so the budget is shared
# by those calls.
_run_starts = weakref.WeakKeyDictionary()
# Start of the cron worker's current wake-up, per thread. A wake-up runs every
# ready job (the processing lanes included) under ONE watchdog window of the
# worker: a budget per job would let a single worker running several lanes in
# turn outlive its time limit and be killed mid-row.
_wake = threading.local()


def cron_time_limit(config):
    """Seconds a cron job may run before the worker is killed, or None without limit.

    ``--limit-time-real-cron`` when set, else ``--limit-time-real`` (Odoo's rule);
    0 means no limit.
    """
    limit = config.get("limit_time_real_cron")
    if limit is None or limit < 0:
        limit = config.get("limit_time_real")
    return limit if limit and limit > 0 else None


def run_budget(limit):
    """``(claim budget, row deadline, lease)`` in seconds for a run under ``limit``.

    The run claims rows during the claim budget; a row already started may use
    the time up to the row deadline (its storefront calls are cut there), which
    leaves a margin before the worker's time limit. The lease outlives the limit:
    a row is reclaimed only once its worker is surely gone.
    """
    if not limit:
        return (
            const.RUN_BUDGET_SECONDS,
            const.RUN_BUDGET_SECONDS + const.ROW_DEADLINE_SECONDS,
            const.DEFAULT_LEASE_SECONDS,
        )
    return (
        limit * const.RUN_BUDGET_SHARE,
        limit * const.ROW_DEADLINE_SHARE,
        limit + const.LEASE_MARGIN_SECONDS,
    )


def as_integration(records, company=None):
    """``records`` as the Storefront Integration user, in ``company`` when given.

    The crons run as that user; a row's handler writes with its rights and
    record rules, within its channel's company, never as the superuser.
    Without that user (deleted), the caller's user stands.
    """
    user = records.env.ref(const.INTEGRATION_USER, raise_if_not_found=False)
    if user and (records.env.uid != user.id or records.env.su):
        records = records.with_user(user)
    return records.with_company(company) if company else records


def note_cron_wake(cron_cr):
    """Record the start of a wake-up of the cron worker running this thread.

    Called before each job; ``cron_cr`` is the cursor Odoo keeps for all the
    jobs of one wake-up, so only its first job starts the clock.
    """
    known = getattr(_wake, "cr", None)
    if known is None or known() is not cron_cr:
        _wake.cr = weakref.ref(cron_cr)
        _wake.start = time.monotonic()
        _wake.cpu = time.process_time()


def run_start(cr, in_cron):
    """Monotonic start of the run.

    In a cron worker: the start of its wake-up, shared by every job it runs
    then. Else the start of the cron job (shared by its calls), or now.
    """
    now = time.monotonic()
    if not in_cron:
        return now
    known = getattr(_wake, "cr", None)
    wake_cr = known() if known is not None else None
    if wake_cr is not None and not wake_cr.closed:
        return _wake.start
    try:
        return _run_starts.setdefault(cr, now)
    except TypeError:  # a cursor that cannot be weakly referenced
        return now


def cpu_budget(config):
    """CPU seconds a run may use before it stops claiming, or None without a CPU limit.

    Only a prefork worker is killed past ``--limit-time-cpu`` (counted from each
    wake-up); the run leaves the rest of the allowance to the row in progress.
    """
    limit = config.get("limit_time_cpu")
    if not config.get("workers") or not limit or limit <= 0:
        return None
    return limit * const.RUN_BUDGET_SHARE


def cpu_start(in_cron):
    """The process CPU time at the start of the run (of the wake-up in a cron worker)."""
    known = getattr(_wake, "cr", None)
    wake_cr = known() if known is not None else None
    if in_cron and wake_cr is not None and not wake_cr.closed:
        return _wake.cpu
    return time.process_time()


def backoff_delay(attempt, base, cap, rng=random):
    """Full-jitter exponential backoff: uniform(0, min(cap, base * 2**(attempt-1)))."""
    return rng.uniform(0, min(cap, base * 2 ** max(attempt - 1, 0)))


def clean_text(value, limit=const.ERROR_MESSAGE_LIMIT):
    """A text PostgreSQL stores: no NUL character, at most ``limit`` characters."""
    if value is None or value is False:
        return value
    text = str(value).replace("\x00", "")
    if len(text) > limit:
        text = text[: max(limit - 1, 0)] + "…"
    return text


def clamp_retry_after(value, cap):
    """Seconds from a Retry-After value, within [0, cap]; None when unparseable."""
    if value is None or isinstance(value, bool):
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if math.isnan(seconds):
        return None
    return min(max(seconds, 0.0), max(float(cap or 0), 0.0))
