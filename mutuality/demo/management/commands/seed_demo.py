from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mutuality.demo.seed import seed, sign_in_help


class Command(BaseCommand):
    help = "Build the invented integrated care system used by the demo. Safe to run again."

    def handle(self, *args, **options):
        if not settings.DEMO:
            raise CommandError("seed_demo only runs in demo mode (MUTUALITY_DEMO=true).")
        system = seed()
        self.stdout.write(
            f"Demo system: {len(system.organisations)} organisations, "
            f"{len(system.programmes)} programmes, {len(system.people)} invented people."
        )
        for line in sign_in_help(system):
            self.stdout.write(line)
