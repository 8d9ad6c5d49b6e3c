"""Authenticator app secrets and recovery-code seeds are encrypted at rest.

django-allauth stores them in ``Authenticator.data`` and passes each through its MFA
adapter's ``encrypt``/``decrypt``. Here those seal them with Fernet keys from
``MUTUALITY_MFA_KEYS`` (newest first, like the reflection keys): anyone holding a database
dump or a backup, or browsing the tables, cannot make someone's codes.

Sealed values carry a prefix, so the data migration that sealed the rows made before this
can tell sealed from clear, and a value planted in clear is refused rather than trusted.
Rotate by putting a new key first, running ``manage.py rotate_mfa_keys``, then dropping
the old key.
"""

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "fernet:"
# Where allauth keeps secrets in Authenticator.data, by authenticator type.
SECRET_FIELDS = {"totp": ("secret",), "recovery_codes": ("seed",)}
SECRET_LISTS = {"recovery_codes": ("migrated_codes",)}


class UnreadableSecret(Exception):
    """A stored authenticator secret that the current keys cannot open."""


def _keys() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.MFA_KEYS])


def is_sealed(value: str) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def seal(text: str) -> str:
    return PREFIX + _keys().encrypt(text.encode()).decode()


def unseal(value: str) -> str:
    if not is_sealed(value):
        raise UnreadableSecret("An authenticator secret is stored unencrypted; refusing it.")
    try:
        return _keys().decrypt(value.removeprefix(PREFIX).encode()).decode()
    except InvalidToken:
        raise UnreadableSecret(
            "An authenticator secret cannot be opened with MUTUALITY_MFA_KEYS: was a key "
            "removed before running rotate_mfa_keys?"
        ) from None


def reseal(value: str) -> str:
    return PREFIX + _keys().rotate(value.removeprefix(PREFIX).encode()).decode()


def transform_data(kind: str, data: dict, change) -> dict:
    """``data`` with every secret of an authenticator of ``kind`` passed through
    ``change`` (to seal clear rows, or to reseal with the newest key)."""
    data = dict(data)
    for field in SECRET_FIELDS.get(kind, ()):
        if field in data:
            data[field] = change(data[field])
    for field in SECRET_LISTS.get(kind, ()):
        if isinstance(data.get(field), list):
            data[field] = [change(value) for value in data[field]]
    return data


class MFAAdapter(DefaultMFAAdapter):
    # The service's own words for what allauth would say in its ("two-factor authentication").
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "add_email_blocked": "You cannot add an email address while you use an authenticator "
        "app. Ask the programme office to change it.",
        "cannot_delete_authenticator": "Your role needs an authenticator app, so you cannot "
        "remove it.",
        "cannot_generate_recovery_codes": "Add an authenticator app first. You get recovery "
        "codes with it.",
        "unverified_email": "Before you add an authenticator app, confirm your email address: "
        "sign out, then sign in again with a code we email to you.",
    }

    def encrypt(self, text: str) -> str:
        return seal(text)

    def decrypt(self, encrypted_text: str) -> str:
        return unseal(encrypted_text)
