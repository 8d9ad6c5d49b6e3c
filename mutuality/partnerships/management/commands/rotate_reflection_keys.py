from django.core.management.base import BaseCommand
from django.db import transaction

from mutuality.partnerships.crypto import reseal
from mutuality.partnerships.models import Reflection


class Command(BaseCommand):
    help = (
        "Re-encrypt every private reflection with the first key in MUTUALITY_REFLECTION_KEYS. "
        "Put the new key first, run this, then remove the old key."
    )

    def handle(self, *args, **options):
        count = 0
        with transaction.atomic():
            for reflection in Reflection.objects.select_for_update().only("pk", "ciphertext"):
                reflection.ciphertext = reseal(reflection.ciphertext)
                reflection.save(update_fields=["ciphertext"])
                count += 1
        self.stdout.write(f"Re-encrypted {count} reflections with the newest key.")
