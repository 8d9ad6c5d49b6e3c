"""How many wrong sign-in codes are allowed, counted in the shared cache so every worker
sees the same count.

Every wrong code counts, whether emailed or from an authenticator app: against the account
(``MUTUALITY_WRONG_CODES_PER_ACCOUNT``, 10 by default, per five minutes) and against the
client's address (``MUTUALITY_WRONG_CODES_PER_ADDRESS``). Once either is reached, no code
is even checked, right or wrong, until the five minutes have passed or the programme
office lifts the lockout from the admin. The address is read behind the configured number
of trusted proxies (allauth's client address), so people behind one proxy do not share it.

The counting itself is allauth's rate limiter, which keeps timestamps in Django's cache.
"""

import time

from allauth.core.internal import ratelimit
from django.conf import settings
from django.core.cache import cache

APP = "mutuality.accounts"
WINDOW = "5m"


def _config() -> dict[str, str]:
    return {
        "wrong_code_account": f"{settings.MUTUALITY_WRONG_CODES_PER_ACCOUNT}/{WINDOW}/key",
        "wrong_code_address": f"{settings.MUTUALITY_WRONG_CODES_PER_ADDRESS}/{WINDOW}/ip",
    }


def account_key(*, user=None, email: str = "") -> str:
    """Counts belong to the account; for an address with no account, to the address."""
    if user is not None and user.pk:
        return f"user:{user.pk}"
    return f"email:{email.strip().lower()}"


def take_a_try(request, *, key: str):
    """Counts one try against the account and the address, before the code is checked
    (so two workers answering at once cannot both slip past the limit). Returns ``None``
    when either limit is used up; otherwise something whose ``rollback()`` un-counts the
    try, for when the code turns out right."""
    config = _config()
    by_account = ratelimit.consume(
        request, app=APP, action="wrong_code_account", config=config, key=key
    )
    if not by_account:
        return None
    by_address = ratelimit.consume(request, app=APP, action="wrong_code_address", config=config)
    if not by_address:
        by_account.rollback()
        return None
    return ratelimit.RateLimitUsage(usage=[*by_account.usage, *by_address.usage])


def lift_lockout(user) -> None:
    """Let ``user`` try codes again at once: clears their wrong-code count and allauth's
    own per-account counts (codes asked for, authenticator attempts)."""
    from allauth.account import app_settings as account_settings

    keys = [
        (APP, "wrong_code_account", _config(), account_key(user=user)),
        (APP, "wrong_code_account", _config(), account_key(email=user.email)),
        (
            "allauth.account",
            "login_failed",
            account_settings.RATE_LIMITS,
            f"mfa-auth-user-{user.pk}",
        ),
        ("allauth.account", "request_login_code", account_settings.RATE_LIMITS, user.email.lower()),
    ]
    for app, action, config, key in keys:
        for rate in ratelimit.get_rates(app=app, action=action, config=config):
            if rate.per == "key":
                cache.delete(
                    ratelimit.get_cache_key(None, app=app, action=action, rate=rate, key=key)
                )


def is_locked_out(user) -> bool:
    """Whether ``user`` has used up their wrong codes (for the admin's list)."""
    for rate in ratelimit.get_rates(app=APP, action="wrong_code_account", config=_config()):
        cache_key = ratelimit.get_cache_key(
            None, app=APP, action="wrong_code_account", rate=rate, key=account_key(user=user)
        )
        history, now = cache.get(cache_key, []), time.time()
        if len([at for at in history if at > now - rate.duration]) >= rate.amount:
            return True
    return False
