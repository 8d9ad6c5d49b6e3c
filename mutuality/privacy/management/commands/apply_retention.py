from django.core.management.base import BaseCommand

from mutuality.privacy.services import apply_retention


class Command(BaseCommand):
    help = (
        "Erase the personal data of everyone whose cohorts have all passed their programme's "
        "retention period. Run it daily; --dry-run only says who would be erased."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be erased; change nothing."
        )

    def handle(self, *args, dry_run: bool, **options):
        run = apply_retention(dry_run=dry_run)
        # Account numbers only: this output ends up in logs, which must not hold names.
        ids = ", ".join(str(pk) for pk in run.erased) or "none"
        verb = "Would erase" if dry_run else "Erased"
        self.stdout.write(f"{verb} {len(run.erased)} people (accounts: {ids}).")
        if run.kept:
            self.stdout.write(
                f"Kept for now: {len(run.kept)} people due in one cohort but still in a later "
                "cohort, or in the programme office."
            )
