"""Reads about a cohort that join several apps: what moving it to its next stage will do,
and the "cohort in numbers" page (applications, who takes part, equality monitoring), only
ever as aggregates that have passed the disclosure rules (``mutuality.disclosure``)."""

from dataclasses import dataclass

from django.utils import timezone

from mutuality.applications.models import Application, EqualityMonitoring
from mutuality.disclosure import Table, disclose_breakdown, disclose_filtered_count
from mutuality.disclosure.cells import Cell
from mutuality.programmes.models import Cohort
from mutuality.programmes.numbers import policy_for, took_part

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
        for p in took_part([cohort]).select_related("organisation__place")
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


def cohort_advance_effects(cohort: Cohort) -> list[str]:
    """What moving ``cohort`` to its next stage will do, in plain words, for the page that
    asks the team to confirm it."""
    today = timezone.localdate()
    effects: list[str] = []
    nxt = cohort.next_status
    if nxt == Cohort.Status.RECRUITING:
        effects.append(
            f"The cohort will take applications from {cohort.applications_open_on:%-d %B %Y} "
            f"to {cohort.applications_close_on:%-d %B %Y}. The home page lists it for anyone "
            "who signs in."
        )
    elif nxt == Cohort.Status.MATCHING:
        applications = cohort.applications.all()
        early = (cohort.applications_close_on - today).days
        if early > 0:
            effects.append(
                f"Applications close today, {early} day{'s' if early != 1 else ''} before the "
                f"planned closing date of {cohort.applications_close_on:%-d %B %Y}."
            )
        else:
            effects.append("No more applications can be sent or changed.")
        drafts = applications.filter(status=Application.Status.DRAFT).count()
        if drafts:
            effects.append(
                f"{drafts} {'person has' if drafts == 1 else 'people have'} started an "
                "application and not sent it; they will not be able to send it."
            )
        waiting = applications.filter(status=Application.Status.AWAITING_MANAGER).count()
        if waiting:
            effects.append(
                f"{waiting} application{'s are' if waiting != 1 else ' is'} still waiting for "
                "a line manager."
            )
        unsent = applications.filter(
            status__in=Application.DECIDED, decision_sent_at__isnull=True
        ).count()
        if unsent:
            effects.append(
                f"{unsent} decision{'s are' if unsent != 1 else ' is'} saved but not sent: "
                "only people whose acceptance has been sent can be matched."
            )
        effects.append("Nobody is emailed.")
    elif nxt == Cohort.Status.RUNNING:
        effects.append(
            "The cohort's year starts: partners log meetings, polls and sessions run. Nobody "
            "is emailed."
        )
        if not cohort.partnerships.exists():
            effects.append("No match run has been published: nobody has a learning partner yet.")
    elif nxt == Cohort.Status.CLOSED:
        live = cohort.partnerships.exclude(status__in=["ended", "completed"]).count()
        early = (cohort.ends_on - today).days
        if early > 0:
            effects.append(
                f"The cohort closes today, {early} day{'s' if early != 1 else ''} before its "
                f"planned end date of {cohort.ends_on:%-d %B %Y}."
            )
        if live:
            effects.append(
                f"The {live} partnership{'s' if live != 1 else ''} still going "
                f"{'are' if live != 1 else 'is'} marked completed. This cannot be undone."
            )
        else:
            effects.append("No partnership is still going, so none is changed.")
        polls = [wave for wave in cohort.waves.filter(closed_at__isnull=True) if wave.is_open()]
        if polls:
            effects.append(
                f"{'The open poll closes' if len(polls) == 1 else f'{len(polls)} open polls close'}"
                " now: nobody can answer or change their answers after this."
            )
    return effects
