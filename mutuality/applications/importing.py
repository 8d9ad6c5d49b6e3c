"""Import applications from a spreadsheet into a cohort: the Django side of
``mutuality.spreadsheets``."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from mutuality.accounts.services import user_get_or_create
from mutuality.audit.models import audit
from mutuality.core import jobs
from mutuality.matching.bands import seniority_level
from mutuality.organisations.models import Organisation, Place
from mutuality.programmes.models import Cohort, Side
from mutuality.spreadsheets import (
    CANONICAL_COLUMNS,
    CheckResult,
    Lookups,
    Sheet,
    check_rows,
    read_sheet,
)

from . import services
from .models import Application, ImportMapping, ImportUpload


def lookups_for(cohort: Cohort, value_map: dict | None = None) -> Lookups:
    organisations: dict[str, int] = {}
    taking_part = cohort.organisations.all()
    source = taking_part if taking_part.exists() else Organisation.objects.all()
    for org in source:
        organisations[org.name.lower()] = org.pk
        if org.short_name:
            organisations.setdefault(org.short_name.lower(), org.pk)
    side_words = {}
    for side in Side.values:
        label = cohort.programme.side_label(side).lower()
        side_words.update({side: side, label: side, f"{label}s": side})
    places = list(Place.objects.order_by("name"))
    return Lookups(
        organisations=organisations,
        places={place.name.lower(): place.pk for place in places},
        place_names=[place.name for place in places],
        value_map=value_map or {},
        topics=cohort.topics,
        side_words=side_words,
        band_level=seniority_level,
    )


def saved_mapping(cohort: Cohort) -> dict[str, str]:
    mapping = ImportMapping.objects.filter(cohort=cohort).first()
    return dict(mapping.columns) if mapping else {}


def check(
    cohort: Cohort, sheet: Sheet, mapping: dict[str, str], value_map: dict | None = None
) -> CheckResult:
    """``value_map``: for an optional column's unknown values, the known value each stands
    for or None to leave it blank (see ``mutuality.spreadsheets.MAPPABLE``)."""
    return check_rows(sheet, mapping, lookups_for(cohort, value_map))


@dataclass(frozen=True)
class ImportOutcome:
    created: int
    updated: int


@transaction.atomic
def commit(
    *,
    cohort: Cohort,
    sheet: Sheet,
    mapping: dict[str, str],
    by,
    managers_already_approved: bool,
    value_map: dict | None = None,
) -> ImportOutcome:
    """Write every row or none. Re-importing the same file updates people by email."""
    result = check(cohort, sheet, mapping, value_map)
    if not result.ok:
        raise ValueError("The file has problems; check it again before importing.")
    ImportMapping.objects.update_or_create(
        cohort=cohort, defaults={"columns": {k: v for k, v in mapping.items() if v}}
    )
    created = updated = 0
    for record in result.records:
        values = record.values
        user, _ = user_get_or_create(
            email=values["email"], first_name=values["first_name"], last_name=values["last_name"]
        )
        if (values["first_name"], values["last_name"]) != (user.first_name, user.last_name):
            user.first_name, user.last_name = values["first_name"], values["last_name"]
            user.save(update_fields=["first_name", "last_name"])
        fields = {
            "side": values["side"],
            "organisation_id": values["organisation"],
            "place_id": values["place"],
            **{
                name: values[name]
                for name in CANONICAL_COLUMNS
                if name not in {"email", "first_name", "last_name", "side", "organisation", "place"}
            },
        }
        application = Application.objects.filter(cohort=cohort, applicant=user).first()
        if application is None:
            application = Application(
                cohort=cohort,
                applicant=user,
                imported=True,
                eligibility_confirmed=True,
                submitted_at=timezone.now(),
                status=Application.Status.AWAITING_MANAGER,
                **fields,
            )
            application.save()
            services.about_me_get_or_create(user=user)
            if managers_already_approved:
                services.approval_record(
                    application=application,
                    by=by,
                    approved=True,
                    reason="Approved before the import, as the programme team confirmed.",
                )
            else:
                services.issue_manager_request(application)
            created += 1
        else:
            for name, value in fields.items():
                setattr(application, name, value)
            application.save()
            updated += 1
    audit(
        actor=by,
        action="applications.imported",
        target=cohort,
        created=created,
        updated=updated,
    )
    return ImportOutcome(created=created, updated=updated)


# The import as a background job (ADR 0015): the page uploads and checks while the person
# waits, the task worker saves. Each function below is the only place its write happens.


@transaction.atomic
def upload_store(*, cohort: Cohort, by, filename: str, content: bytes) -> ImportUpload:
    """Keep an uploaded spreadsheet to check; this person's earlier drafts for the cohort
    go (an import already queued or running is left to finish)."""
    ImportUpload.objects.filter(
        cohort=cohort, uploaded_by=by, status=ImportUpload.Status.DRAFT
    ).delete()
    return ImportUpload.objects.create(
        cohort=cohort, uploaded_by=by, filename=filename, content=content
    )


# A queued job's progress, as if no worker had ever touched it.
NOT_STARTED = {
    "stage": "",
    "percent": 0,
    "error": "",
    "started_at": None,
    "heartbeat_at": None,
    "finished_at": None,
}


@transaction.atomic
def import_queue(
    *,
    upload: ImportUpload,
    mapping: dict[str, str],
    value_map: dict,
    managers_already_approved: bool,
    rows: int,
) -> bool:
    """Hand a checked file to the task worker. False if it was queued already (a second
    click, or another tab): it is never imported twice at once."""
    queued = ImportUpload.objects.filter(
        pk=upload.pk, status__in=[ImportUpload.Status.DRAFT, ImportUpload.Status.FAILED]
    ).update(
        status=ImportUpload.Status.QUEUED,
        mapping=mapping,
        value_map=value_map,
        managers_already_approved=managers_already_approved,
        rows=rows,
        **NOT_STARTED,
    )
    if queued:
        _enqueue(upload.pk)
    return bool(queued)


def _enqueue(upload_id: int) -> None:
    from .tasks import import_applications

    transaction.on_commit(lambda: import_applications.enqueue(import_id=upload_id))


@transaction.atomic
def import_retry(*, upload: ImportUpload) -> bool:
    """Queue a failed import again, or one whose worker died (stalled). Nothing of it was
    saved: the rows are saved in one transaction, which a dead worker never committed."""
    upload.refresh_from_db()
    if not (upload.status == ImportUpload.Status.FAILED or upload.stalled):
        return False
    queued = ImportUpload.objects.filter(pk=upload.pk, status=upload.status).update(
        status=ImportUpload.Status.QUEUED,
        **NOT_STARTED,
    )
    if queued:
        _enqueue(upload.pk)
    return bool(queued)


def problems_text(result: CheckResult, *, limit: int = 5) -> str:
    """The first few problems, each with its row and column, for a failed import's page."""
    lines = [str(problem) for problem in result.problems[:limit]]
    more = len(result.problems) - limit
    if more > 0:
        lines.append(f"And {more} more.")
    return (
        f"Nothing was imported: the file has {len(result.problems)} problems now "
        "(the organisations or places may have changed since it was checked). " + " ".join(lines)
    )


def import_run(*, import_id: int) -> ImportOutcome | None:
    """What the task worker does: check every row again, then save them all or none.

    Progress is written outside the saving transaction (a page polling the job sees it, and
    the worker's heartbeat never waits for the transaction's locks). None if another worker
    has the import, or it failed."""
    if not jobs.claim(ImportUpload, import_id):
        return None
    with jobs.running(ImportUpload, import_id):
        upload = ImportUpload.objects.select_related("cohort__programme", "uploaded_by").get(
            pk=import_id
        )
        jobs.report(ImportUpload, import_id, stage="checking", percent=5)
        sheet = read_sheet(upload.filename, bytes(upload.content))
        result = check(upload.cohort, sheet, upload.mapping, upload.value_map)
        if not result.ok:
            jobs.fail(ImportUpload, import_id, error=problems_text(result))
            return None
        jobs.report(ImportUpload, import_id, stage="saving", percent=20)
        outcome = commit(
            cohort=upload.cohort,
            sheet=sheet,
            mapping=upload.mapping,
            by=upload.uploaded_by,
            managers_already_approved=upload.managers_already_approved,
            value_map=upload.value_map,
        )
        # Imported: the file itself (personal data) is no longer needed.
        ImportUpload.objects.filter(pk=import_id, status=ImportUpload.Status.RUNNING).update(
            status=ImportUpload.Status.DONE,
            stage="",
            percent=100,
            created=outcome.created,
            updated=outcome.updated,
            content=b"",
            finished_at=timezone.now(),
        )
    return outcome
