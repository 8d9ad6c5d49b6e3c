from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mutuality.applications import importing
from mutuality.programmes.models import Cohort
from mutuality.spreadsheets import (
    CANONICAL_COLUMNS,
    MAPPABLE,
    FileProblem,
    guess_mapping,
    read_sheet,
)


class Command(BaseCommand):
    help = (
        "Check a spreadsheet of applications for a cohort and, with --commit, import it: all "
        "rows or none. Problems are reported by row and column, as on the web page."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A .csv or .xlsx file.")
        parser.add_argument("--cohort", type=int, required=True, help="The cohort's id.")
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="FIELD=HEADING",
            help="Which heading holds a field, e.g. --column 'email=Work email'. Repeatable.",
        )
        parser.add_argument(
            "--value",
            action="append",
            default=[],
            metavar="FIELD:VALUE=KNOWN",
            help=(
                "What an unknown place or topic stands for, e.g. --value 'place:Luton=Northmere'; "
                "nothing after '=' leaves it blank. Repeatable."
            ),
        )
        parser.add_argument(
            "--commit", action="store_true", help="Import if there are no problems."
        )
        parser.add_argument(
            "--managers-approved",
            action="store_true",
            help="Record line managers' approval instead of emailing them.",
        )
        parser.add_argument("--by", help="Email of the programme office member doing this.")

    def handle(
        self, *args, file: Path, cohort: int, column, value, commit, managers_approved, by, **kw
    ):
        try:
            cohort_obj = Cohort.objects.select_related("programme").get(pk=cohort)
        except Cohort.DoesNotExist:
            raise CommandError(f"There is no cohort {cohort}.") from None
        try:
            sheet = read_sheet(file.name, file.read_bytes())
        except (FileProblem, OSError) as problem:
            raise CommandError(str(problem)) from None
        mapping = {**guess_mapping(sheet.headings), **importing.saved_mapping(cohort_obj)}
        for item in column:
            field, _, heading = item.partition("=")
            if field not in CANONICAL_COLUMNS:
                raise CommandError(
                    f"'{field}' is not a field. Fields: {', '.join(CANONICAL_COLUMNS)}"
                )
            mapping[field] = heading
        value_map: dict[str, dict[str, str | None]] = {}
        for item in value:
            source, _, known = item.partition("=")
            field, _, written = source.partition(":")
            if field not in MAPPABLE or not written:
                raise CommandError(f"Write --value as FIELD:VALUE=KNOWN, FIELD one of {MAPPABLE}.")
            value_map.setdefault(field, {})[written.strip().lower()] = known.strip() or None
        result = importing.check(cohort_obj, sheet, mapping, value_map)
        for group in result.groups:
            self.stderr.write(str(group))
        if not result.ok:
            raise CommandError(f"{len(result.problems)} problems; nothing was imported.")
        self.stdout.write(f"All {len(result.records)} rows are ready.")
        if not commit:
            self.stdout.write("Dry run: nothing was saved. Add --commit to import.")
            return
        actor = get_user_model().objects.filter(email=by).first() if by else None
        outcome = importing.commit(
            cohort=cohort_obj,
            sheet=sheet,
            mapping=mapping,
            by=actor,
            managers_already_approved=managers_approved,
            value_map=value_map,
        )
        self.stdout.write(
            f"Imported {outcome.created} new applications; updated {outcome.updated}."
        )
