"""A large invented system for measuring pages: many cohorts, thousands of people, a year of
meetings, sessions, registers and polls in each cohort.

``invent_system(cohorts=50, people=2000)`` is what ``bench/pages.py`` and ``bench/web.py``
measure; ``invent_cohort`` makes one cohort of any size, so tests can compare the same page
for a small and a large cohort (``tests/test_query_budgets.py``). Everything is made with
``bulk_create`` from a fixed seed; every name and address is invented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from mutuality.accounts.models import User
from mutuality.applications.models import AboutMe, AboutMeSection, Application, EqualityMonitoring
from mutuality.matchruns.models import (
    MatchRun,
    ProposedPair,
    PublishedPartnership,
    UnmatchedPerson,
)
from mutuality.organisations.models import Organisation, Place
from mutuality.partnerships.models import Meeting, Partnership, SupervisionNote, SupportRequest
from mutuality.polls.models import CareerOutcome, Response, Wave
from mutuality.polls.services import default_instrument, questions_for, wave_freeze
from mutuality.programmes.models import (
    Cohort,
    CohortOrganisation,
    CohortRole,
    Participation,
    Programme,
    Side,
)
from mutuality.steering.models import ActionUpdate, SteeringAction, Theme
from mutuality.timeline.models import Attendance, Invitation, Session

PLACES = ["Northmere", "Wyndale", "Harrowfield", "Castlebrook"]
KINDS = [
    Organisation.Kind.ICB,
    Organisation.Kind.NHS_TRUST,
    Organisation.Kind.NHS_TRUST,
    Organisation.Kind.LOCAL_AUTHORITY,
    Organisation.Kind.VCSE,
    Organisation.Kind.PRIMARY_CARE,
    Organisation.Kind.SOCIAL_CARE,
]
SESSIONS = [
    ("preparatory", "Preparatory workshop", True),
    ("learning_lab", "Learning lab: power and privilege", True),
    ("learning_lab", "Learning lab: courageous conversations", True),
    ("surgery", "Check-in surgery", False),
    ("learning_lab", "Learning lab: inclusive decisions", True),
    ("group_supervision", "Group supervision", False),
    ("mid_review", "Mid-point review", True),
    ("workshop", "Workshop: allyship in practice", False),
    ("final_review", "Final review", True),
    ("graduation", "Graduation", False),
]
THEMES = [
    "Staff from minority groups are rarely asked to chair meetings.",
    "Interview panels seldom include anyone from outside the team.",
    "Adjustments are agreed but then forgotten when managers change.",
    "People hear about acting-up roles through who they know.",
]
STAGES = (("baseline", "Baseline poll", 0.0), ("midpoint", "Mid-point poll", 0.5))
ETHNICITIES = ["asian", "black", "mixed", "white", "other"]


@dataclass
class InventedCohort:
    cohort: Cohort
    programme_manager: User
    faculty: User
    steering: User
    participants: list[Participation] = field(default_factory=list)
    partnerships: list[Partnership] = field(default_factory=list)


def organisations() -> list[Organisation]:
    """Ten organisations across the four places (made once, then reused)."""
    places = [Place.objects.get_or_create(name=name)[0] for name in PLACES]
    return [
        Organisation.objects.get_or_create(
            name=f"{places[n % len(places)].name} {KINDS[n % len(KINDS)].label} {n + 1}",
            defaults={"kind": KINDS[n % len(KINDS)], "place": places[n % len(places)]},
        )[0]
        for n in range(10)
    ]


def _answers(rng: random.Random, wave: Wave, side: str, progress: float) -> dict:
    answers = {}
    for q in questions_for(wave, side):
        if q.kind == "likert5":
            answers[q.key] = max(1, min(5, round(rng.gauss(2.7 + 1.4 * progress, 0.8))))
        elif q.kind == "scale10":
            answers[q.key] = max(0, min(10, round(rng.gauss(6.5 + 2.4 * progress, 1.4))))
        elif q.kind == "yesno":
            answers[q.key] = rng.random() < 0.2 + 0.45 * progress
        elif q.kind == "single":
            answers[q.key] = rng.choice(q.options)
        elif q.kind == "multiple":
            answers[q.key] = sorted(rng.sample(q.options, min(2, len(q.options))))
    return answers


def _user(tag: str, first: str, last: str) -> User:
    # "!" is the mark of an unusable password, as Django sets it: people sign in by code.
    email = f"{tag}@invented.example"
    return User(email=email, first_name=first, last_name=last, password="!")  # noqa: S106


@transaction.atomic
def invent_cohort(
    programme: Programme,
    *,
    name: str,
    people: int,
    seed: int = 1,
    status: str = Cohort.Status.RUNNING,
    orgs: list[Organisation] | None = None,
    today: date | None = None,
) -> InventedCohort:
    """One cohort of ``people`` participants (half on each side) in its eleventh month:
    applications (with some still waiting, waitlisted or declined), about-me profiles,
    equality monitoring, a published match run, pairs with a meeting about every five weeks,
    ten sessions with invitations and registers, closed baseline and mid-point polls, themes
    and career moves; a programme manager, a faculty member and a steering group member."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    orgs = orgs or organisations()
    pairs = max(1, people // 2)
    starts = today - timedelta(days=330)
    ends = (
        today + timedelta(days=35) if status != Cohort.Status.CLOSED else today - timedelta(days=5)
    )
    cohort = Cohort.objects.create(
        programme=programme, name=name, status=status,
        applications_open_on=starts - timedelta(days=90),
        applications_close_on=starts - timedelta(days=50), starts_on=starts, ends_on=ends,
    )  # fmt: skip
    CohortOrganisation.objects.bulk_create(
        CohortOrganisation(cohort=cohort, organisation=org) for org in orgs
    )
    tag = f"c{cohort.pk}"
    team = User.objects.bulk_create(
        [
            _user(f"{tag}-manager", "Morgan", f"Manager{cohort.pk}"),
            _user(f"{tag}-faculty", "Frankie", f"Faculty{cohort.pk}"),
            _user(f"{tag}-steering", "Sasha", f"Steering{cohort.pk}"),
        ]
    )
    CohortRole.objects.bulk_create(
        CohortRole(cohort=cohort, user=user, role=role)
        for user, role in zip(team, CohortRole.Role.values, strict=True)
    )
    extra = max(2, people // 5)  # applicants not taking part
    users = User.objects.bulk_create(
        _user(f"{tag}-p{i}", f"Person{i}", f"Cohort{cohort.pk}") for i in range(2 * pairs + extra)
    )
    side_of = [Side.ASPIRING if i % 2 == 0 else Side.ESTABLISHED for i in range(len(users))]
    org_of = [orgs[(i // 2 + i % 2 * 3) % len(orgs)] for i in range(len(users))]
    submitted = timezone.now() - timedelta(days=400)
    others = [
        Application.Status.AWAITING_MANAGER,
        Application.Status.MANAGER_APPROVED,
        Application.Status.WAITLISTED,
        Application.Status.DECLINED,
        Application.Status.WITHDRAWN,
    ]
    applications = Application.objects.bulk_create(
        Application(
            cohort=cohort,
            applicant=user,
            side=side_of[i],
            status=Application.Status.ACCEPTED if i < 2 * pairs else others[i % len(others)],
            organisation=org_of[i],
            place=org_of[i].place,
            job_title="Service Manager",
            band=rng.choice(["Band 6", "Band 7", "Band 8a"])
            if side_of[i] == Side.ASPIRING
            else rng.choice(["Band 8c", "Band 9", "VSM"]),
            seniority_level=4 if side_of[i] == Side.ASPIRING else 9,
            line_manager_email=f"{tag}-manager-of-{i}@invented.example",
            aspirations="To lead across organisations with confidence.",
            experience="Years of leading teams in the system.",
            availability=["tue-morning"],
            meeting_modes=["video"],
            eligibility_confirmed=True,
            submitted_at=submitted,
        )  # fmt: skip
        for i, user in enumerate(users)
    )
    profiles = AboutMe.objects.bulk_create(AboutMe(user=user) for user in users)
    AboutMeSection.objects.bulk_create(
        AboutMeSection(profile=profile, key=key, text="I like to think out loud.")
        for profile in profiles
        for key in AboutMeSection.Key.values[:2]
    )
    EqualityMonitoring.objects.bulk_create(
        EqualityMonitoring(cohort=cohort, user=user, ethnicity=rng.choice(ETHNICITIES))
        for user in users
    )
    parts = Participation.objects.bulk_create(
        Participation(
            cohort=cohort,
            user=users[i],
            side=side_of[i],
            organisation=org_of[i],
            job_title="Service Manager",
            band=applications[i].band,
        )  # fmt: skip
        for i in range(2 * pairs)
    )
    run = MatchRun.objects.create(
        cohort=cohort, number=1, status=MatchRun.Status.PUBLISHED, created_by=team[0],
        people=2 * pairs, total=0.6 * pairs, finished_at=submitted, published_at=submitted,
        published_by=team[0],
    )  # fmt: skip
    ProposedPair.objects.bulk_create(
        ProposedPair(
            run=run,
            aspiring=applications[2 * i],
            established=applications[2 * i + 1],
            score=0.6,
            reasons=["You both chose the same topics."],
        )  # fmt: skip
        for i in range(pairs)
    )
    UnmatchedPerson.objects.bulk_create(
        UnmatchedPerson(run=run, application=app, reason="Nobody left on the other side.")
        for app in applications[2 * pairs : 2 * pairs + 1]
    )
    partnerships = Partnership.objects.bulk_create(
        Partnership(
            cohort=cohort,
            aspiring=parts[2 * i],
            established=parts[2 * i + 1],
            score=0.6,
            reasons=["You both chose the same topics."],
            status=Partnership.Status.ENDED if i % 10 == 9 else Partnership.Status.ACTIVE,
            end_reason=Partnership.EndReason.LEFT if i % 10 == 9 else "",
            aspiring_agreed_at=submitted,
            established_agreed_at=submitted,
        )  # fmt: skip
        for i in range(pairs)
    )
    PublishedPartnership.objects.bulk_create(
        PublishedPartnership(run=run, partnership=p) for p in partnerships
    )
    confirmed = timezone.now()
    Meeting.objects.bulk_create(
        Meeting(
            partnership=p,
            logged_by=p.aspiring.user if k % 2 else p.established.user,
            met_on=starts + timedelta(days=14 + 35 * k + rng.randint(0, 10)),
            minutes=60,
            mode=("video", "in_person", "phone")[k % 3],
            confirmed_at=confirmed,
        )
        for p in partnerships
        for k in range(rng.choice((6, 7, 8, 9)))
    )
    SupportRequest.objects.bulk_create(
        SupportRequest(partnership=p, raised_by=p.aspiring.user, kind="quiet", text="Quiet.")
        for p in partnerships[::7]
    )
    SupervisionNote.objects.bulk_create(
        SupervisionNote(partnership=p, author=team[1], text="Talked about next steps.")
        for p in partnerships[::5]
    )
    zone = timezone.get_default_timezone()
    sessions = Session.objects.bulk_create(
        Session(
            cohort=cohort,
            kind=kind,
            title=title,
            mandatory=mandatory,
            sequence=n,
            facilitator=team[1],
            starts_at=datetime.combine(
                starts + timedelta(days=33 * n), datetime.min.time(), tzinfo=zone
            )
            + timedelta(hours=10),
        )  # fmt: skip
        for n, (kind, title, mandatory) in enumerate(SESSIONS)
    )
    Invitation.objects.bulk_create(
        Invitation(session=s, user=p.user, reply="attending" if rng.random() < 0.8 else "")
        for s in sessions
        for p in parts
    )
    Attendance.objects.bulk_create(
        Attendance(session=s, user=p.user, present=rng.random() < 0.86, taken_by=team[1])
        for s in sessions
        if s.starts_at.date() < today
        for p in parts
    )
    instrument = default_instrument()
    closed = status == Cohort.Status.CLOSED
    for stage, title, progress in STAGES + ((("final", "Final poll", 0.9),) if closed else ()):
        opens = starts + timedelta(days=int(300 * progress))
        wave = Wave.objects.create(
            cohort=cohort, instrument=instrument, stage=stage, title=title,
            opens_on=opens, closes_on=opens + timedelta(days=21),
        )  # fmt: skip
        Response.objects.bulk_create(
            Response(wave=wave, participation=p, answers=_answers(rng, wave, p.side, progress))
            for p in parts
            if rng.random() < 0.9
        )
    CareerOutcome.objects.bulk_create(
        CareerOutcome(
            participation=p,
            kind="promotion",
            happened_on=today - timedelta(days=30),
            person_agreed=True,
        )  # fmt: skip
        for p in parts[::6]
    )
    Theme.objects.bulk_create(
        Theme(
            cohort=cohort,
            text=THEMES[n % len(THEMES)],
            source=Theme.Source.LAB,
            submitted_by=parts[n % len(parts)].user,
            status=Theme.Status.PUBLISHED if n % 3 else Theme.Status.SUBMITTED,
            shared_text=THEMES[n % len(THEMES)] if n % 3 else "",
            moderated_by=team[0] if n % 3 else None,
        )  # fmt: skip
        for n in range(max(3, people // 10))
    )
    # Polls that have closed are frozen, as the daily command does, so reports read them.
    for wave in cohort.waves.all():
        wave_freeze(wave=wave)
    return InventedCohort(cohort, *team, participants=parts, partnerships=partnerships)


@transaction.atomic
def invent_actions(programme: Programme, orgs: list[Organisation], count: int = 6) -> None:
    """The steering group's actions log of a programme, each with two updates."""
    today = timezone.localdate()
    actions = SteeringAction.objects.bulk_create(
        SteeringAction(
            programme=programme,
            title=f"Action {n + 1}: open up acting-up roles",
            owner_organisation=orgs[n % len(orgs)],
            owner_role="Director of people",
            due_on=today + timedelta(days=30 * (n - 2)),
            status=SteeringAction.Status.values[n % len(SteeringAction.Status.values)],
        )  # fmt: skip
        for n in range(count)
    )
    ActionUpdate.objects.bulk_create(
        ActionUpdate(action=a, text="Progress reported.", status=a.status)
        for a in actions
        for _ in range(2)
    )


def invent_system(cohorts: int = 50, people: int = 2000, seed: int = 7) -> list[InventedCohort]:
    """``cohorts`` cohorts sharing ``people`` participants between them, in programmes of
    five cohorts each; cohort sizes vary from about a quarter to twice the mean, with one
    regional cohort of about four times it; one cohort in five is closed."""
    rng = random.Random(seed)
    orgs = organisations()
    weights = [rng.uniform(0.25, 2.0) for _ in range(cohorts)]
    if cohorts > 5:
        weights[-2] = 5.0  # one regional cohort, four or five times the usual size
    sizes = [max(4, round(people * w / sum(weights))) for w in weights]
    made = []
    programme = None
    for n, size in enumerate(sizes):
        if n % 5 == 0:
            programme = Programme.objects.create(
                name=f"Invented programme {n // 5 + 1}",
                slug=f"invented-programme-{n // 5 + 1}",
                summary="Reciprocal mentoring across the system.",
            )
            invent_actions(programme, orgs)
        made.append(
            invent_cohort(
                programme,
                name=f"Cohort {n + 1}",
                people=size,
                seed=seed + n,
                status=Cohort.Status.CLOSED if n % 5 == 4 else Cohort.Status.RUNNING,
                orgs=orgs,
            )
        )
    return made


def pages(
    invented: InventedCohort,
    office: User,
    participant: User | None = None,
    partnership: Partnership | None = None,
) -> list[tuple[str, User, str]]:
    """Every list and dashboard page of one cohort, each with someone allowed to see it:
    (label, who, path). ``office`` is a programme office account with an authenticator;
    the participant's pages are the first participant's unless ``participant`` and their
    ``partnership`` are given."""
    from django.urls import reverse

    cohort = invented.cohort
    pk = cohort.pk
    slug = cohort.programme.slug
    participant = participant or invented.participants[0].user
    partnership = partnership or invented.partnerships[0]
    session = cohort.sessions.order_by("starts_at").first()
    pm, faculty, steering = invented.programme_manager, invented.faculty, invented.steering
    return [
        ("staff home", office, reverse("home")),
        ("programme manager's home", pm, reverse("home")),
        ("participant's home", participant, reverse("home")),
        ("programmes", office, reverse("programmes:list")),
        ("programme", pm, reverse("programmes:detail", args=[slug])),
        ("cohort", pm, reverse("programmes:cohort", args=[pk])),
        ("cohort in numbers", steering, reverse("programmes:numbers", args=[pk])),
        ("programme team", pm, reverse("programmes:team", args=[pk])),
        ("applications list", pm, reverse("applications:review", args=[pk])),
        ("matching page", pm, reverse("matchruns:home", args=[pk])),
        ("match run", pm, reverse("matchruns:run", args=[pk, 1])),
        ("team dashboard", faculty, reverse("partnerships:dashboard", args=[pk])),
        ("pair", faculty, reverse("partnerships:pair", args=[pk, partnership.pk])),
        ("partnership hub", participant, reverse("partnerships:hub", args=[partnership.pk])),
        ("attendance grid", faculty, reverse("timeline:cohort", args=[pk])),
        ("session register", faculty, reverse("timeline:session", args=[pk, session.pk])),
        ("my sessions", participant, reverse("timeline:mine", args=[pk])),
        ("polls", pm, reverse("polls:cohort", args=[pk])),
        ("career moves", pm, reverse("polls:outcomes", args=[pk])),
        ("my polls", participant, reverse("polls:mine", args=[pk])),
        ("themes to check", pm, reverse("steering:moderation", args=[pk])),
        ("theme groups", pm, reverse("steering:clusters", args=[pk])),
        ("steering view", steering, reverse("steering:programme", args=[slug])),
        ("report", steering, reverse("evaluation:cohort", args=[pk])),
        ("programme comparison", steering, reverse("evaluation:programme", args=[slug])),
        ("reports", steering, reverse("evaluation:system")),
        ("people strategy", steering, reverse("strategy:dashboard")),
        ("organisations", office, reverse("organisations:list")),
    ]
