"""A cohort in numbers: who applied and who takes part, and equality monitoring, only ever
as aggregates that have passed the disclosure rules (``mutuality.disclosure``)."""

from dataclasses import dataclass

from mutuality.applications.models import Application, EqualityMonitoring
from mutuality.disclosure import (
    DisclosurePolicy,
    Table,
    disclose_breakdown,
    disclose_count,
    disclose_filtered_count,
)
from mutuality.disclosure.cells import Cell

from .models import Cohort

MONITORING_QUESTIONS = [
    ("ethnicity", "Ethnic group"),
    ("disability", "Disability"),
    ("neurodivergent", "Neurodivergence"),
    ("sexual_orientation", "Sexual orientation"),
    ("trans", "Trans status"),
    ("religion", "Religion or belief"),
    ("age", "Age"),
    ("carer", "Caring responsibilities"),
]


@dataclass(frozen=True)
class Section:
    heading: str
    total: Cell
    tables: list[tuple[str, Table]]
    empty: bool


def policy_for(cohort: Cohort) -> DisclosurePolicy:
    return DisclosurePolicy(min_group_size=max(cohort.min_group_size, 10))


def taking_part(cohort: Cohort, policy: DisclosurePolicy | None = None) -> tuple[Cell, Cell]:
    """Who took part, defined once for every page: everyone who started the programme
    (every participation, including people who later left), and separately how many left.
    Both are counts of people, shown under the count rule."""
    policy = policy or policy_for(cohort)
    everyone = cohort.participations.count()
    left = cohort.participations.filter(status="withdrawn").count()
    return disclose_count(everyone, policy), disclose_count(left, policy)


def _labelled(records: list[dict], key: str, labels: dict[str, str]) -> list[dict]:
    return [{**r, key: labels.get(r[key], r[key] or "Not answered")} for r in records]


def cohort_numbers(cohort: Cohort) -> list[Section]:
    policy = policy_for(cohort)
    sides = cohort.programme.side_labels
    applied = [
        {
            "side": sides[a.side].capitalize(),
            "organisation": a.organisation.name if a.organisation else "Not given",
            "outcome": a.get_status_display(),
        }
        for a in Application.objects.filter(cohort=cohort)
        .exclude(status=Application.Status.DRAFT)
        .select_related("organisation")
    ]
    taking_part = [
        {
            "side": sides[p.side].capitalize(),
            "organisation": p.organisation.name,
            "place": p.organisation.place.name if p.organisation.place else "Whole system",
        }
        for p in cohort.participations.select_related("organisation__place")
    ]
    monitoring_fields = [name for name, _ in MONITORING_QUESTIONS]
    monitoring = []
    for answers in EqualityMonitoring.objects.filter(cohort=cohort).values(*monitoring_fields):
        record = {}
        for name, _ in MONITORING_QUESTIONS:
            choices = dict(EqualityMonitoring._meta.get_field(name).choices)
            record[name] = choices.get(answers[name], "Not answered")
        monitoring.append(record)

    def section(heading, records, breakdowns) -> Section:
        return Section(
            heading,
            disclose_filtered_count(records, {}, policy),
            [
                (title, disclose_breakdown(records, {}, key, policy, kind=title.lower()))
                for key, title in breakdowns
            ],
            empty=not records,
        )

    return [
        section(
            "Applications",
            applied,
            [("side", "Side"), ("organisation", "Organisation"), ("outcome", "Outcome")],
        ),
        section(
            "Took part (started the programme, including people who left)",
            taking_part,
            [("side", "Side"), ("organisation", "Organisation"), ("place", "Place")],
        ),
        section("Equality monitoring of applicants", monitoring, MONITORING_QUESTIONS),
    ]
