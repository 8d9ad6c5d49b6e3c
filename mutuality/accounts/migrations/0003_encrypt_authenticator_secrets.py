"""Seal the authenticator app secrets and recovery-code seeds stored in clear before
MUTUALITY_MFA_KEYS existed (see mutuality/accounts/mfa.py). Rows already sealed are left
alone, so running it twice changes nothing."""

from django.db import migrations


def seal_clear_secrets(apps, schema_editor):
    from mutuality.accounts.mfa import SECRET_FIELDS, is_sealed, seal, transform_data

    def seal_if_clear(value):
        return value if is_sealed(value) else seal(value)

    authenticator_model = apps.get_model("mfa", "Authenticator")
    for authenticator in authenticator_model.objects.filter(type__in=list(SECRET_FIELDS)):
        data = transform_data(authenticator.type, authenticator.data, seal_if_clear)
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def open_sealed_secrets(apps, schema_editor):
    from mutuality.accounts.mfa import SECRET_FIELDS, is_sealed, transform_data, unseal

    def open_if_sealed(value):
        return unseal(value) if is_sealed(value) else value

    authenticator_model = apps.get_model("mfa", "Authenticator")
    for authenticator in authenticator_model.objects.filter(type__in=list(SECRET_FIELDS)):
        authenticator.data = transform_data(authenticator.type, authenticator.data, open_if_sealed)
        authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_shared_cache_table"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(seal_clear_secrets, open_sealed_secrets)]
