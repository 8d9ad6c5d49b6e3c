"""Private reflections are encrypted at rest with keys from the environment.

``MUTUALITY_REFLECTION_KEYS`` lists Fernet keys, newest first: new text is sealed with the
first; any of them can open old text, so a key can be rotated by putting a new one first,
running ``manage.py rotate_reflection_keys`` and then removing the old one.
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def _keys() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.REFLECTION_KEYS])


def seal(text: str) -> str:
    return _keys().encrypt(text.encode()).decode()


def unseal(token: str) -> str:
    try:
        return _keys().decrypt(token.encode()).decode()
    except InvalidToken:
        # Never guess and never show ciphertext: say plainly it cannot be read.
        return "[This reflection cannot be read with the current keys.]"


def reseal(token: str) -> str:
    return _keys().rotate(token.encode()).decode()
