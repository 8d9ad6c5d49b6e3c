from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from mutuality.accounts.mfa import SECRET_FIELDS, reseal, transform_data


class Command(BaseCommand):
    help = (
        "Re-encrypt every authenticator app secret and recovery-code seed with the first key "
        "in MUTUALITY_MFA_KEYS. Put the new key first, run this, then remove the old key."
    )

    def handle(self, *args, **options):
        count = 0
        with transaction.atomic():
            rows = Authenticator.objects.select_for_update().filter(type__in=list(SECRET_FIELDS))
            for authenticator in rows:
                authenticator.data = transform_data(authenticator.type, authenticator.data, reseal)
                authenticator.save(update_fields=["data"])
                count += 1
        self.stdout.write(f"Re-encrypted {count} authenticators with the newest key.")
