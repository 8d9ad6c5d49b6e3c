"""Replace a cohort's data version whenever a row its report reads is saved or deleted
(see :mod:`mutuality.datacache`)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from mutuality.datacache import cohort_data_changed, reference_data_changed


def _parent_cohort(model, pk, path: str) -> int | None:
    if pk is None:
        return None
    return model.objects.filter(pk=pk).values_list(path, flat=True).first()


def connect() -> None:
    from mutuality.organisations.models import Organisation, Place
    from mutuality.partnerships.models import Meeting, Partnership
    from mutuality.polls.models import (
        CareerOutcome,
        Instrument,
        Question,
        Quote,
        Response,
        Wave,
        WaveResults,
    )
    from mutuality.programmes.models import Cohort, Participation, Programme
    from mutuality.timeline.models import Attendance, Session

    # Each model with the way from one of its rows to the cohort it belongs to.
    cohort_of = {
        Cohort: lambda row: row.pk,
        Participation: lambda row: row.cohort_id,
        Partnership: lambda row: row.cohort_id,
        Session: lambda row: row.cohort_id,
        Wave: lambda row: row.cohort_id,
        Meeting: lambda row: _parent_cohort(Partnership, row.partnership_id, "cohort_id"),
        Attendance: lambda row: _parent_cohort(Session, row.session_id, "cohort_id"),
        Response: lambda row: _parent_cohort(Wave, row.wave_id, "cohort_id"),
        # Frozen results are what the report reads of polls (ADR 0010).
        WaveResults: lambda row: _parent_cohort(Wave, row.wave_id, "cohort_id"),
        Quote: lambda row: _parent_cohort(Wave, row.wave_id, "cohort_id"),
        CareerOutcome: lambda row: _parent_cohort(Participation, row.participation_id, "cohort_id"),
    }

    def cohort_row_changed(sender, instance, **kwargs):
        cohort_data_changed(cohort_of[sender](instance))

    def reference_row_changed(sender, instance, **kwargs):
        reference_data_changed()

    for model in cohort_of:
        post_save.connect(cohort_row_changed, sender=model, dispatch_uid=f"report-{model.__name__}")
        post_delete.connect(
            cohort_row_changed, sender=model, dispatch_uid=f"report-del-{model.__name__}"
        )
    for model in (Programme, Organisation, Place, Instrument, Question):
        post_save.connect(
            reference_row_changed, sender=model, dispatch_uid=f"report-ref-{model.__name__}"
        )
        post_delete.connect(
            reference_row_changed, sender=model, dispatch_uid=f"report-ref-del-{model.__name__}"
        )
