"""Private reflections are encrypted at rest with keys from the environment.

``MUTUALITY_REFLECTION_KEYS`` lists Fernet keys, newest first: new text is sealed with the
first; any of them can open old text, so a key can be rotated by putting a new one first,
running ``manage.py rotate_reflection_keys`` and then removing the old one.

Each ciphertext is bound to its own row: what is encrypted (and so authenticated by
Fernet's HMAC) is the text together with the row's name, ``reflection:<id>``, and opening
checks that name. A ciphertext copied into another row, by anyone with write access to the
database, therefore does not open there. Bound tokens carry the prefix ``r1:``; tokens
without it (from before binding) are refused: the migration that bound them ran once.
"""

import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "r1:"
UNREADABLE = "[This reflection cannot be read with the current keys.]"


def _keys() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.REFLECTION_KEYS])


def row_name(pk: int) -> str:
    return f"reflection:{pk}"


def seal(text: str, *, row: str) -> str:
    payload = json.dumps({"row": row, "text": text}, ensure_ascii=False)
    return PREFIX + _keys().encrypt(payload.encode()).decode()


def unseal(token: str, *, row: str) -> str:
    """The text, or a plain notice when it cannot be opened here; never ciphertext."""
    if not token.startswith(PREFIX):
        return UNREADABLE
    try:
        payload = json.loads(_keys().decrypt(token.removeprefix(PREFIX).encode()))
    except (InvalidToken, ValueError):
        return UNREADABLE
    if not isinstance(payload, dict) or payload.get("row") != row:
        return UNREADABLE
    return payload["text"]


def reseal(token: str) -> str:
    """The same bound text under the newest key (the binding is inside, so it stays)."""
    return PREFIX + _keys().rotate(token.removeprefix(PREFIX).encode()).decode()


def bind_legacy(token: str, *, row: str) -> str:
    """A token from before binding, opened and sealed again bound to ``row``; a token
    already bound is returned as it is. Only the data migration uses this."""
    if token.startswith(PREFIX):
        return token
    text = _keys().decrypt(token.encode()).decode()
    return seal(text, row=row)
