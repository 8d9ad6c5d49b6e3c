from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mutuality.core.backups import KEYS_NOTE, BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one .tar.gz archive. "
        "The reflection keys are not in it: back them up separately."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "archive",
            nargs="?",
            help="Where to write it (default: $MUTUALITY_DATA_DIR/backups/mutuality-<time>.tar.gz)",
        )

    def handle(self, *, archive: str | None, **options) -> None:
        if archive:
            destination = Path(archive)
        else:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            destination = Path(settings.DATA_DIR) / "backups" / f"mutuality-{stamp}.tar.gz"
        try:
            manifest = backup(destination)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up the {manifest['database']} database and {manifest['media_files']} "
            f"uploaded files to {destination}"
        )
        self.stderr.write(KEYS_NOTE)
