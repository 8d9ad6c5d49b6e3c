"""Version tokens for cached figures: a token per cohort, replaced whenever that cohort's
data changes, and one for the reference data (programmes, organisations, places, poll
questions) that names the figures' rows.

A cached figure's key includes the tokens it depends on, so a change makes a new key and the
old entry is never read again. Tokens live in Django's default cache beside the figures; an
evicted token is simply made again (the next read rebuilds). Every app may call
:func:`cohort_data_changed`: model saves and deletes are caught by signals
(``mutuality/evaluation/signals.py``); code that changes rows with ``QuerySet.update()``
calls it itself. See docs/decisions/0016-cache-heavy-figures-by-data-version.md.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.db import transaction

PREFIX = "mutuality:data"
_REFERENCE_KEY = f"{PREFIX}:reference"


def _token() -> str:
    return secrets.token_hex(8)


def _cohort_key(cohort_id: int) -> str:
    return f"{PREFIX}:cohort:{cohort_id}"


def _version(key: str) -> str:
    token = cache.get(key)
    if token is None:
        # add(): when two processes make the first token at once, both end up using one.
        cache.add(key, _token(), timeout=None)
        token = cache.get(key) or _token()
    return token


def cohort_version(cohort_id: int) -> str:
    return _version(_cohort_key(cohort_id))


def reference_version() -> str:
    return _version(_REFERENCE_KEY)


def _replace_now_and_after_commit(key: str) -> None:
    # Now, so this transaction reads its own changes afresh; and again after commit, because
    # another process may have read the first new token and cached rows not yet committed.
    cache.set(key, _token(), timeout=None)
    transaction.on_commit(lambda: cache.set(key, _token(), timeout=None))


def cohort_data_changed(cohort_id: int | None) -> None:
    """Call after changing a cohort's rows in a way that sends no model signal."""
    if cohort_id is not None:
        _replace_now_and_after_commit(_cohort_key(cohort_id))


def reference_data_changed() -> None:
    _replace_now_and_after_commit(_REFERENCE_KEY)
