from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mutuality.core.backups import KEYS_NOTE, BackupError, read_manifest, restore


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with those in an archive made by "
        "manage.py backup. Stop the web app and the task workers first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", help="The .tar.gz archive made by manage.py backup")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before replacing everything"
        )

    def handle(self, *, archive: str, yes: bool, **options) -> None:
        source = Path(archive)
        if not source.is_file():
            raise CommandError(f"There is no file at {source}.")
        try:
            manifest = read_manifest(source)
            if not yes:
                answer = input(
                    f"Replace this service's database and uploaded files with the backup "
                    f"made at {manifest['made_at']}? Type yes to go on: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Nothing was changed.")
            restore(source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the database and {manifest['media_files']} uploaded files from {source}. "
            "Run manage.py migrate if this version of the code is newer than the backup."
        )
        self.stderr.write(KEYS_NOTE)
