"""Import applications from a spreadsheet into a cohort: the Django side of
``mutuality.spreadsheets``."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from mutuality.accounts.services import user_get_or_create
from mutuality.audit.models import audit
from mutuality.matching.bands import seniority_level
from mutuality.organisations.models import Organisation, Place
from mutuality.programmes.models import Cohort, Side
from mutuality.spreadsheets import CANONICAL_COLUMNS, CheckResult, Lookups, Sheet, check_rows

from . import services
from .models import Application, ImportMapping


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
