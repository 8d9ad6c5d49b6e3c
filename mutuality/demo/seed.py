"""The invented integrated care system that the demo and the browser tests use.

Everything here is made up: places, organisations and people (names from Faker's en_GB
provider, seeded so every run invents the same people). Each step uses get-or-create on a
natural key, so running the seed again adds nothing twice. Later features add steps to
``STEPS``; each step receives the :class:`DemoSystem` built so far.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from faker import Faker

from mutuality.accounts.services import user_get_or_create
from mutuality.applications import services as applications
from mutuality.applications.models import (
    AboutMeSection,
    Application,
    ApplicationQuestion,
    EqualityMonitoring,
)
from mutuality.organisations.models import Organisation, Place
from mutuality.partnerships.models import Meeting, Partnership, SupportRequest
from mutuality.polls import services as polls
from mutuality.polls.models import CareerOutcome, Quote, Response, Wave
from mutuality.programmes.models import (
    Cohort,
    CohortOrganisation,
    CohortRole,
    FocusArea,
    Participation,
    Programme,
    Side,
)
from mutuality.timeline import services as timeline
from mutuality.timeline.models import Attendance, Invitation

RISING_TOPICS = [
    "Career progression and promotion",
    "Racism and discrimination at work",
    "Leading teams",
    "Board and committee work",
    "Digital inclusion",
    "Building networks across organisations",
]

PLACES = ["Northmere", "Wyndale", "Harrowfield", "Castlebrook"]

# (name, short name, kind, place or None for system-wide, email domain)
ORGANISATIONS = [
    ("Northmere and Wyndale Integrated Care Board", "the ICB", "icb", None, "nwicb.example"),
    (
        "Northmere Teaching Hospitals NHS Foundation Trust",
        "Northmere Hospitals",
        "nhs_trust",
        "Northmere",
        "northmere-hospitals.example",
    ),
    (
        "Wyndale and Harrowfield Community Health NHS Trust",
        "Community Health",
        "nhs_trust",
        "Wyndale",
        "wh-community.example",
    ),
    (
        "Castlebrook Mental Health NHS Foundation Trust",
        "Castlebrook MH",
        "nhs_trust",
        "Castlebrook",
        "castlebrook-mh.example",
    ),
    (
        "Harrowfield Primary Care Collaborative",
        "Harrowfield PCC",
        "primary_care",
        "Harrowfield",
        "harrowfield-pcc.example",
    ),
    (
        "Northmere City Council",
        "City Council",
        "local_authority",
        "Northmere",
        "northmere-council.example",
    ),
    (
        "Wyndale County Council",
        "County Council",
        "local_authority",
        "Wyndale",
        "wyndale-council.example",
    ),
    ("Castlebrook Voluntary Action", "CVA", "vcse", "Castlebrook", "castlebrook-va.example"),
    (
        "Harrowfield Carers Together",
        "Carers Together",
        "vcse",
        "Harrowfield",
        "carers-together.example",
    ),
    ("Brookside Home Support", "Brookside", "social_care", "Wyndale", "brookside-care.example"),
]

# (job title, band or grade): what people on each side of these programmes usually hold.
ASPIRING_ROLES = [
    ("Staff Nurse", "Band 5"),
    ("Healthcare Support Worker", "Band 3"),
    ("Project Officer", "Band 5"),
    ("Occupational Therapist", "Band 6"),
    ("Senior Finance Analyst", "Band 7"),
    ("Team Leader", "Band 6"),
    ("Ward Sister", "Band 7"),
    ("Social Worker", "LG7"),
    ("Community Development Worker", "Other"),
    ("Pharmacy Technician", "Band 5"),
    ("Business Intelligence Analyst", "Band 6"),
    ("Physiotherapist", "Band 6"),
    ("Care Coordinator", "Band 4"),
    ("HR Advisor", "Band 6"),
    ("Commissioning Officer", "Band 7"),
]
ESTABLISHED_ROLES = [
    ("Director of Nursing", "VSM"),
    ("Deputy Chief Operating Officer", "Band 9"),
    ("Head of Workforce", "Band 8c"),
    ("Associate Director of Finance", "Band 8d"),
    ("Chief Executive", "Other"),
    ("Assistant Director of Adult Social Care", "Assistant director"),
    ("Medical Director", "VSM"),
    ("Director of Strategy", "VSM"),
    ("Head of Commissioning", "Band 8c"),
    ("Chief People Officer", "VSM"),
    ("Director of Public Health", "Director"),
    ("Associate Director of Quality", "Band 8d"),
]


@dataclass
class DemoSystem:
    faker: Faker
    today: date
    places: dict[str, Place] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    domains: dict[str, str] = field(default_factory=dict)
    people: dict[str, object] = field(default_factory=dict)
    programmes: dict[str, Programme] = field(default_factory=dict)
    cohorts: dict[str, Cohort] = field(default_factory=dict)
    used_names: set[str] = field(default_factory=set)

    def person(self, key: str, org_name: str, *, staff: bool = False, mfa: bool = False):
        """An invented person, the same one every run for the same key."""
        if key in self.people:
            return self.people[key]
        while True:
            first, last = self.faker.first_name(), self.faker.last_name()
            if f"{first} {last}" not in self.used_names:
                self.used_names.add(f"{first} {last}")
                break
        email = f"{first}.{last}".lower().replace("'", "").replace(" ", "-")
        email = f"{email}@{self.domains[org_name]}"
        user, _ = user_get_or_create(
            email=email, first_name=first, last_name=last, is_staff=staff, is_superuser=staff
        )
        if (
            mfa
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            TOTP.activate(user, generate_totp_secret())
        self.people[key] = user
        return user


def seed_places_and_organisations(system: DemoSystem) -> None:
    for name in PLACES:
        system.places[name], _ = Place.objects.get_or_create(name=name)
    for name, short, kind, place, domain in ORGANISATIONS:
        org, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={"short_name": short, "kind": kind, "place": system.places.get(place)},
        )
        system.organisations[name] = org
        system.domains[name] = domain


def _org(system: DemoSystem, index: int) -> str:
    return ORGANISATIONS[index][0]


def seed_team(system: DemoSystem) -> None:
    system.person("office-1", _org(system, 0), staff=True, mfa=True)
    system.person("office-2", _org(system, 0), staff=True, mfa=True)
    system.person("faculty-1", _org(system, 0), mfa=True)
    system.person("faculty-2", _org(system, 3), mfa=True)
    system.person("faculty-3", _org(system, 7), mfa=True)
    for i, org_index in enumerate([1, 5, 6, 2]):
        system.person(f"steering-{i + 1}", _org(system, org_index))


def _programme(system: DemoSystem, key: str, *, focus: list[str], **fields) -> Programme:
    programme, _ = Programme.objects.get_or_create(name=fields.pop("name"), defaults=fields)
    programme.focus_areas.add(*FocusArea.objects.filter(name__in=focus))
    system.programmes[key] = programme
    return programme


def _cohort(system, key, programme, *, name, orgs, team, **dates) -> Cohort:
    cohort, created = Cohort.objects.get_or_create(programme=programme, name=name, defaults=dates)
    for org_index, places in orgs:
        CohortOrganisation.objects.get_or_create(
            cohort=cohort,
            organisation=system.organisations[_org(system, org_index)],
            defaults={"places": places},
        )
    for person_key, role in team:
        CohortRole.objects.get_or_create(cohort=cohort, user=system.people[person_key], role=role)
    system.cohorts[key] = cohort
    return cohort


def _participants(system, cohort_key: str, pairs: int, org_indexes: list[int]) -> None:
    """Invent ``pairs`` people on each side, spread across the given organisations, each
    established leader from a different organisation to the aspiring leader beside them."""
    cohort = system.cohorts[cohort_key]
    for i in range(pairs):
        for side, roles, offset in (
            (Side.ASPIRING, ASPIRING_ROLES, 0),
            (Side.ESTABLISHED, ESTABLISHED_ROLES, 1),
        ):
            org_name = _org(system, org_indexes[(i + offset) % len(org_indexes)])
            user = system.person(f"{cohort_key}-{side}-{i}", org_name)
            job_title, band = roles[i % len(roles)]
            Participation.objects.get_or_create(
                cohort=cohort,
                user=user,
                defaults={
                    "side": side,
                    "organisation": system.organisations[org_name],
                    "job_title": job_title,
                    "band": band,
                    "status": Participation.Status.COMPLETED
                    if cohort.status == Cohort.Status.CLOSED
                    else Participation.Status.ACTIVE,
                },
            )


def seed_programmes(system: DemoSystem) -> None:
    pm, fac, steer = (
        CohortRole.Role.PROGRAMME_MANAGER,
        CohortRole.Role.FACULTY,
        CohortRole.Role.STEERING,
    )
    rising = _programme(
        system,
        "rising",
        name="Rising Together reciprocal mentoring",
        slug="rising-together",
        kind=Programme.Kind.RECIPROCAL,
        summary=(
            "Pairs ethnically diverse colleagues who want to progress with senior leaders from "
            "another organisation, so both learn how race shapes working life here."
        ),
        eligibility=(
            "Aspiring leaders: staff at band 5 to 8a who are from a Black, Asian or other "
            "minority ethnic background. Established leaders: band 8c and above, or directors."
        ),
        time_commitment="about an hour a month for nine months, and four half-day learning labs",
        matches_on_lived_experience=True,
        focus=["Race and ethnicity"],
    )
    ApplicationQuestion.objects.get_or_create(
        programme=rising,
        text="What would make this partnership a success for you?",
        defaults={"required": True, "order": 1},
    )
    _cohort(
        system,
        "rising-2027",
        rising,
        name="2027 cohort",
        status=Cohort.Status.RECRUITING,
        # Relative to today, so the demo always has a cohort taking applications.
        applications_open_on=system.today - timedelta(days=20),
        applications_close_on=system.today + timedelta(days=26),
        starts_on=system.today + timedelta(days=57),
        ends_on=system.today + timedelta(days=57 + 284),
        topics=RISING_TOPICS,
        expected_meetings=9,
        orgs=[(0, 10), (1, 10)],
        team=[("office-1", pm), ("faculty-1", fac), ("steering-1", steer), ("steering-2", steer)],
    )

    minds = _programme(
        system,
        "minds",
        name="Different Minds neurodiversity mentoring pilot",
        slug="different-minds",
        kind=Programme.Kind.RECIPROCAL,
        summary=(
            "A small pilot pairing neurodivergent colleagues with senior leaders, to make "
            "our workplaces work better for people who think differently."
        ),
        eligibility=(
            "Aspiring leaders: staff who identify as neurodivergent, with or without a "
            "diagnosis. Established leaders: senior managers and directors."
        ),
        time_commitment="an hour a month for eight months, and three learning labs",
        focus=["Neurodiversity", "Disability"],
    )
    _cohort(
        system,
        "minds-pilot",
        minds,
        name="Pilot",
        status=Cohort.Status.RUNNING,
        applications_open_on=system.today - timedelta(days=265),
        applications_close_on=system.today - timedelta(days=219),
        starts_on=system.today - timedelta(days=174),
        ends_on=system.today + timedelta(days=68),
        expected_meetings=8,
        orgs=[(0, 4), (2, 3), (7, 3)],
        team=[("office-2", pm), ("faculty-2", fac), ("steering-3", steer)],
    )
    _participants(system, "minds-pilot", 5, [0, 2, 7])

    inclusive = _programme(
        system,
        "inclusive",
        name="Inclusive Cultures system programme",
        slug="inclusive-cultures",
        kind=Programme.Kind.RECIPROCAL,
        summary=(
            "A system-wide programme in which people with lived experience of exclusion and "
            "senior leaders learn from each other and carry what they learn into policy."
        ),
        eligibility=(
            "Anyone working in a partner organisation; established leaders at director level."
        ),
        time_commitment="an hour a month for seven months, with learning labs and reviews",
        focus=["Intersectional", "Social mobility and lived experience of disadvantage"],
    )
    _cohort(
        system,
        "inclusive-2025",
        inclusive,
        name="2025 cohort",
        status=Cohort.Status.CLOSED,
        applications_open_on=system.today - timedelta(days=782),
        applications_close_on=system.today - timedelta(days=723),
        starts_on=system.today - timedelta(days=678),
        ends_on=system.today - timedelta(days=387),
        expected_meetings=7,
        orgs=[(0, 8), (1, 8), (3, 6), (5, 6), (8, 6)],
        team=[
            ("office-1", pm),
            ("faculty-1", fac),
            ("faculty-3", fac),
            ("steering-1", steer),
            ("steering-4", steer),
        ],
    )
    _participants(system, "inclusive-2025", 17, [0, 1, 3, 5, 8])


# (key, side, where the application has got to)
RISING_APPLICANTS = [
    ("a1", Side.ASPIRING, "draft"),
    ("a2", Side.ASPIRING, "awaiting_manager"),
    ("a3", Side.ESTABLISHED, "awaiting_manager"),
    ("a4", Side.ASPIRING, "manager_approved"),
    ("a5", Side.ESTABLISHED, "manager_approved"),
    ("a6", Side.ASPIRING, "accept"),
    ("a7", Side.ASPIRING, "accept"),
    ("a8", Side.ESTABLISHED, "accept"),
    ("a9", Side.ESTABLISHED, "accept"),
    ("a10", Side.ASPIRING, "waitlist"),
    ("a11", Side.ASPIRING, "decline"),
    ("a12", Side.ESTABLISHED, "withdrawn"),
    # Enough accepted people on each side to make matching worth looking at, with one
    # more aspiring than established leader so someone is left over and told why.
    ("a13", Side.ASPIRING, "accept"),
    ("a14", Side.ASPIRING, "accept"),
    ("a15", Side.ASPIRING, "accept"),
    ("a16", Side.ESTABLISHED, "accept"),
    ("a17", Side.ESTABLISHED, "accept"),
]
HOPES = [
    "Confidence to apply for my next role, and to understand how senior decisions get made.",
    "To learn how to get heard in meetings where I am the only person who looks like me.",
    "Practical advice on leading a team through change, and a wider network.",
    "To understand the barriers colleagues face that I never see from where I sit.",
]
BRINGS = [
    "Fifteen years on the wards and a lot of experience of patients' families.",
    "Data skills and an eye for where services are not reaching people.",
    "Board experience and knowledge of how the system's money flows.",
    "Running large teams, and having got some of it wrong along the way.",
]
ABOUT_ME = {
    AboutMeSection.Key.COMMUNICATION: "I prefer a short email before we meet, then video.",
    AboutMeSection.Key.WORKING: "I like to think out loud and come back to things later.",
    AboutMeSection.Key.HELPS: "An agenda in advance, and cameras optional.",
    AboutMeSection.Key.BRING: "Honesty, curiosity and a sense of humour.",
}


def seed_applications(system: DemoSystem) -> None:
    """The recruiting cohort has applications at every stage, made through the same
    services the pages use (so the outbox holds the line managers' emails)."""
    cohort = system.cohorts["rising-2027"]
    organisations = [system.organisations[_org(system, 0)], system.organisations[_org(system, 1)]]
    office = system.people["office-1"]
    for index, (key, side, stage) in enumerate(RISING_APPLICANTS):
        org = organisations[index % 2]
        person = system.person(f"rising-{key}", org.name)
        # Draw from Faker before deciding to skip, so every run invents the same people.
        manager = system.faker.first_name().lower()
        if Application.objects.filter(cohort=cohort, applicant=person).exists():
            continue
        roles = ASPIRING_ROLES if side == Side.ASPIRING else ESTABLISHED_ROLES
        job_title, band = roles[index % len(roles)]
        application = applications.application_start(cohort=cohort, applicant=person, side=side)
        question = cohort.programme.questions.first()
        application.organisation = org
        application.job_title = job_title
        # The application form offers a list of bands; "Other" people chose the nearest.
        if band == "Other":
            band = "Band 6" if side == Side.ASPIRING else "Chief executive"
        application.band = band
        application.profession = "Nursing" if "Nurse" in job_title else "Management"
        application.place = org.place
        application.line_manager_email = f"{manager}.manager@{system.domains[org.name]}"
        application.aspirations = HOPES[index % len(HOPES)]
        application.experience = BRINGS[index % len(BRINGS)]
        application.topics = RISING_TOPICS[index % 3 :: 2]
        application.availability = ["tue-morning", "thu-afternoon", "wed-evening"][: 1 + index % 3]
        application.meeting_modes = ["video", "in_person"][: 1 + index % 2]
        application.extra_answers = {str(question.pk): "Leaving with a plan I believe in."}
        application.eligibility_confirmed = True
        application.save()
        profile = applications.about_me_get_or_create(user=person)
        for section_key, text in ABOUT_ME.items():
            # Invented people who chose to share these sections (nothing is shared by default).
            AboutMeSection.objects.filter(profile=profile, key=section_key).update(
                text=text, partner_may_see=True, faculty_may_see=True
            )
        EqualityMonitoring.objects.get_or_create(cohort=cohort, user=person)
        if stage == "draft":
            continue
        applications.application_submit(application=application)
        if stage == "awaiting_manager":
            continue
        if stage == "withdrawn":
            applications.application_withdraw(application=application)
            continue
        approval = application.approvals.get(decision="pending", superseded=False)
        applications.approval_decide(approval=approval, approve=True, comment="Happy to support.")
        if stage in applications.DECISIONS:
            applications.applications_decide(
                applications=[application],
                decision=stage,
                reason={
                    "accept": "A strong application: we look forward to working with you.",
                    "waitlist": "We have more applications than places from your organisation.",
                    "decline": "The programme is for staff at band 5 to 8a this year.",
                }[stage],
                by=office,
            )
            applications.decisions_send(cohort=application.cohort, by=office, pks=[application.pk])


def _pair(cohort, aspiring_user, established_user, **fields) -> Partnership:
    partnership, _ = Partnership.objects.get_or_create(
        cohort=cohort,
        aspiring=cohort.participations.get(user=aspiring_user),
        established=cohort.participations.get(user=established_user),
        defaults=fields,
    )
    return partnership


def _meetings(partnership, days_ago: list[int], today: date) -> None:
    for n, ago in enumerate(days_ago):
        Meeting.objects.get_or_create(
            partnership=partnership,
            met_on=today - timedelta(days=ago),
            defaults={
                "logged_by": (partnership.aspiring if n % 2 else partnership.established).user,
                "mode": ["video", "in_person", "phone"][n % 3],
                "minutes": 60,
                "confirmed_at": timezone.now(),
            },
        )


def seed_partnerships(system: DemoSystem) -> None:
    """The running pilot has pairs in every state, with meeting histories; the closed
    cohort's pairs all completed."""
    today = system.today
    cohort = system.cohorts["minds-pilot"]
    people = [
        (system.people[f"minds-pilot-aspiring-{i}"], system.people[f"minds-pilot-established-{i}"])
        for i in range(5)
    ]
    for pair_people in people:
        for person in pair_people:
            profile = applications.about_me_get_or_create(user=person)
            for section_key, text in ABOUT_ME.items():
                AboutMeSection.objects.filter(profile=profile, key=section_key, text="").update(
                    text=text, partner_may_see=True, faculty_may_see=True
                )
    started = timezone.now() - timedelta(days=170)
    agreed = {"aspiring_agreed_at": started, "established_agreed_at": started}
    active = _pair(cohort, *people[0], status=Partnership.Status.ACTIVE, **agreed)
    _meetings(active, [160, 130, 100, 70, 40, 12], today)
    at_risk = _pair(cohort, *people[1], status=Partnership.Status.ACTIVE, **agreed)
    _meetings(at_risk, [150, 110, 80], today)
    asking = _pair(cohort, *people[2], status=Partnership.Status.ACTIVE, **agreed)
    _meetings(asking, [140, 95, 45], today)  # quiet: a reminder is due
    if not asking.support_requests.exists():
        SupportRequest.objects.create(
            partnership=asking,
            raised_by=people[2][0],
            kind=SupportRequest.Kind.NOT_GETTING_ON,
            text="We keep rescheduling and I am not sure it is working for either of us.",
        )
    ended = _pair(
        cohort, *people[3], status=Partnership.Status.ENDED, ended_at=started + timedelta(days=60),
        end_reason=Partnership.EndReason.LEFT, end_note="Took a post outside the system.",
        **agreed,
    )  # fmt: skip
    _meetings(ended, [160, 125], today)
    # The partner left behind was paired again with someone from the waiting list.
    newcomer = system.person("minds-pilot-established-extra", _org(system, 7))
    Participation.objects.get_or_create(
        cohort=cohort, user=newcomer,
        defaults={"side": Side.ESTABLISHED, "organisation": system.organisations[_org(system, 7)],
                  "job_title": "Chief Executive", "band": "Chief executive"},
    )  # fmt: skip
    Participation.objects.filter(cohort=cohort, user=people[3][1]).update(
        status=Participation.Status.WITHDRAWN, left_on=started + timedelta(days=60)
    )
    # Rematched recently: both have agreed the ground rules, and they have not met yet.
    _pair(cohort, people[3][0], newcomer, status=Partnership.Status.AGREED,
          replaces=ended, **agreed)  # fmt: skip
    _pair(
        cohort, *people[4], status=Partnership.Status.INTRODUCED,
        aspiring_agreed_at=started,
    )  # fmt: skip

    closed = system.cohorts["inclusive-2025"]
    for i in range(17):
        pair = _pair(
            closed,
            system.people[f"inclusive-2025-aspiring-{i}"],
            system.people[f"inclusive-2025-established-{i}"],
            status=Partnership.Status.COMPLETED,
            aspiring_agreed_at=started,
            established_agreed_at=started,
        )
        # Meetings spread over the whole year: twelve of the seventeen pairs met more often
        # than the seven meetings the programme asks for; five met five times.
        end = (today - closed.ends_on).days
        length = (closed.ends_on - closed.starts_on).days
        times = 5 if i % 4 == 0 else 8 + i % 2
        gap = length // times
        _meetings(pair, [end + 7 + (i % 7) + gap * k for k in range(times)], today)


def seed_timelines(system: DemoSystem) -> None:
    """Each cohort's sessions fit its stage: the recruiting cohort's are all ahead; the
    running pilot has some behind it with registers taken (one person has missed two
    mandatory labs); the closed cohort's are complete."""
    now = timezone.now()
    for key in ("rising-2027", "minds-pilot", "inclusive-2025"):
        cohort = system.cohorts[key]
        sessions = timeline.timeline_lay_out(cohort=cohort)
        people = list(cohort.participations.exclude(status=Participation.Status.WITHDRAWN))
        for index, session in enumerate(sessions):
            session.venue = session.venue or "Northmere Civic Centre, Room 2"
            session.accessibility = "Step-free access, hearing loop, a quiet room on request."
            session.facilitator = system.people["faculty-1"]
            session.save()
            for person in people:
                Invitation.objects.get_or_create(session=session, user=person.user)
            if session.starts_at >= now:
                continue
            for n, person in enumerate(people):
                # The first person missed two mandatory labs; a few others missed one thing.
                present = not (
                    (n == 0 and session.mandatory and index in (1, 3)) or (n == 3 and index == 2)
                )
                Attendance.objects.get_or_create(
                    session=session, user=person.user, defaults={"present": present}
                )
            if not session.materials.exists():
                session.materials.create(
                    title=f"Slides from {session.title}",
                    link="https://example.org/mutuality-demo-materials",
                )


# Words the programme team chose to share from the closed cohort's final poll (invented).
SHARED_WORDS = [
    "I stopped waiting to be noticed and started asking for the work I wanted.",
    "Hearing what a normal week is like for my partner changed how I chair meetings.",
    "We disagreed about a lot, and that was the most useful part.",
    "I now put reasonable adjustments on the agenda myself instead of waiting to be asked.",
]
# How far each kind of question moves between the start and the end of the programme, on
# the five-point scale (the demo's invented story: confidence and readiness move most).
DRIFT = {
    "navigating-organisation": 1.6,
    "lived-experience": 1.2,
    "power-privilege": 1.4,
    "trust-senior-leaders": 0.8,
    "ready-for-promotion": 1.5,
    "renewed-energy": 1.3,
    "supporting-equity": 1.5,
    "being-heard": 1.0,
}


def _answers(rng, wave: Wave, side: str, progress: float) -> dict:
    """Invented answers for one person: ``progress`` runs from 0 (baseline) to 1 (final)."""
    answers = {}
    for question in polls.questions_for(wave, side):
        lift = DRIFT.get(question.key, 1.0) * progress
        if question.kind == "likert5":
            answers[question.key] = max(1, min(5, round(rng.gauss(2.7 + lift, 0.8))))
        elif question.kind == "scale10":
            answers[question.key] = max(0, min(10, round(rng.gauss(6.5 + 2.4 * progress, 1.4))))
        elif question.kind == "yesno":
            answers[question.key] = rng.random() < 0.2 + 0.45 * progress
        elif question.kind == "single":
            answers[question.key] = rng.choice(question.options)
        elif question.kind == "multiple":
            answers[question.key] = sorted(rng.sample(question.options, 2))
    return answers


def seed_polls(system: DemoSystem) -> None:
    """The closed cohort answered its baseline, mid-point, final and six-month polls and has
    career moves and shared words; the running pilot answered its baseline and mid-point."""
    import random

    rng = random.Random(20261122)
    plan = {
        "inclusive-2025": {"baseline": 0.0, "midpoint": 0.55, "final": 1.0, "follow_up_6": 1.0},
        "minds-pilot": {"baseline": 0.0, "midpoint": 0.5},
    }
    for key, stages in plan.items():
        cohort = system.cohorts[key]
        if not cohort.waves.exists():
            polls.lay_out_waves(cohort=cohort)
            if cohort.status == Cohort.Status.RUNNING:
                # Something to answer in the tour: the running cohort's next poll is open now.
                upcoming = cohort.waves.filter(opens_on__gt=system.today).first()
                if upcoming is not None:
                    upcoming.opens_on = system.today - timedelta(days=2)
                    upcoming.closes_on = system.today + timedelta(days=14)
                    upcoming.save(update_fields=["opens_on", "closes_on"])
        people = list(cohort.participations.exclude(status=Participation.Status.WITHDRAWN))
        for wave in cohort.waves.filter(stage__in=stages):
            for n, person in enumerate(people):
                if (n * 7 + len(wave.stage)) % 11 == 0 and wave.stage != "baseline":
                    continue  # a few people skip a poll, as people do
                Response.objects.get_or_create(
                    wave=wave,
                    participation=person,
                    defaults={"answers": _answers(rng, wave, person.side, stages[wave.stage])},
                )
    closed = system.cohorts["inclusive-2025"]
    final = closed.waves.get(stage="final")
    text_key = next(q.key for q in final.instrument.questions.all() if q.kind == "text")
    for words, response in zip(SHARED_WORDS, final.responses.order_by("pk"), strict=False):
        response.answers[text_key] = words
        response.save(update_fields=["answers"])
        Quote.objects.get_or_create(
            response=response,
            question_key=text_key,
            defaults={"wave": final, "text": words, "marked_by": system.people["office-1"]},
        )
    aspiring = list(closed.participations.filter(side=Side.ASPIRING).order_by("pk"))
    moves = (
        [(CareerOutcome.Kind.PROMOTION, i, 200 + 15 * i) for i in range(9)]
        + [(CareerOutcome.Kind.APPLIED, i, 260 + 9 * i) for i in range(4, 16)]
        + [(CareerOutcome.Kind.ACTING_UP, i, 320) for i in range(10, 13)]
        + [(CareerOutcome.Kind.SECONDMENT, 16, 300)]
    )
    for kind, index, days_ago in moves:
        CareerOutcome.objects.get_or_create(
            participation=aspiring[index],
            kind=kind,
            defaults={"happened_on": system.today - timedelta(days=days_ago)},
        )
    # Polls that have closed are frozen, as the daily task does; only these reach a report.
    polls.freeze_closed_waves(today=system.today)


def seed_schemes(system: DemoSystem) -> None:
    """The other pairing schemes the strategy names, on the same screens in their own words:
    a shadowing scheme and new-starter buddying, each running with pairs, and a talent pool
    whose accepted applicants are ready to be matched across organisations."""
    pm, fac, steer = (
        CohortRole.Role.PROGRAMME_MANAGER,
        CohortRole.Role.FACULTY,
        CohortRole.Role.STEERING,
    )
    today = system.today
    schemes = [
        (
            "shadowing",
            {
                "name": "Stepping into my shoes",
                "slug": "stepping-into-my-shoes",
                "kind": Programme.Kind.SHADOWING,
                "summary": "Spend three days alongside a colleague in a role you rarely see, in "
                "another organisation, and host them back.",
                "eligibility": "Anyone, with their line manager's agreement.",
                "time_commitment": "three shadowing days and two conversations over four months",
                "focus": ["Intersectional"],
            },
        ),
        (
            "buddies",
            {
                "name": "New starter buddies",
                "slug": "new-starter-buddies",
                "kind": Programme.Kind.BUDDYING,
                "summary": "Everyone who joins gets a buddy from another team for their first six "
                "months; buddies include alumni of our mentoring programmes.",
                "eligibility": "New starters in their first month; buddies with a year's service.",
                "time_commitment": "half an hour every two weeks for six months",
                "focus": ["Social mobility and lived experience of disadvantage"],
            },
        ),
        (
            "talent",
            {
                "name": "Northmere and Wyndale talent pool",
                "slug": "talent-pool",
                "kind": Programme.Kind.TRADITIONAL,
                "aspiring_label": "talent pool member",
                "established_label": "sponsor",
                "summary": "People ready for their next role are matched with a senior sponsor in "
                "another organisation who champions them.",
                "eligibility": "Staff at band 7 to 8b with their line manager's support.",
                "time_commitment": "an hour a month for a year",
                "focus": ["Race and ethnicity"],
            },
        ),
    ]
    for key, fields in schemes:
        _programme(system, key, **fields)
    _cohort(
        system, "shadowing-2026", system.programmes["shadowing"], name="Autumn 2026",
        status=Cohort.Status.RUNNING,
        applications_open_on=today - timedelta(days=120),
        applications_close_on=today - timedelta(days=90),
        starts_on=today - timedelta(days=60), ends_on=today + timedelta(days=60),
        expected_meetings=4, orgs=[(0, 4), (3, 4), (8, 4)],
        team=[("office-2", pm), ("faculty-2", fac), ("steering-2", steer)],
    )  # fmt: skip
    _participants(system, "shadowing-2026", 6, [0, 3, 8])
    _cohort(
        system, "buddies-2026", system.programmes["buddies"], name="2026 starters",
        status=Cohort.Status.RUNNING,
        applications_open_on=today - timedelta(days=200),
        applications_close_on=today - timedelta(days=20),
        starts_on=today - timedelta(days=150), ends_on=today + timedelta(days=30),
        expected_meetings=12, orgs=[(0, 6), (1, 6)],
        team=[("office-1", pm), ("faculty-3", fac)],
    )  # fmt: skip
    # New starters are buddied by alumni of the closed mentoring cohort who offered to help.
    buddies, closed = system.cohorts["buddies-2026"], system.cohorts["inclusive-2025"]
    for i in range(6):
        org_name = _org(system, i % 2)
        starter = system.person(f"buddies-2026-aspiring-{i}", org_name)
        job_title, band = ASPIRING_ROLES[(i + 3) % len(ASPIRING_ROLES)]
        Participation.objects.get_or_create(
            cohort=buddies, user=starter,
            defaults={"side": Side.ASPIRING, "organisation": system.organisations[org_name],
                      "job_title": job_title, "band": band},
        )  # fmt: skip
        alumnus = system.people[f"inclusive-2025-aspiring-{i}"]
        was = closed.participations.get(user=alumnus)
        if not was.willing_to_buddy:
            was.willing_to_buddy = True
            was.save(update_fields=["willing_to_buddy"])
        Participation.objects.get_or_create(
            cohort=buddies, user=alumnus,
            defaults={"side": Side.ESTABLISHED, "organisation": was.organisation,
                      "job_title": was.job_title, "band": was.band},
        )  # fmt: skip
        system.people[f"buddies-2026-established-{i}"] = alumnus
    _cohort(
        system, "talent-2027", system.programmes["talent"], name="2027 pool",
        status=Cohort.Status.RECRUITING,
        applications_open_on=today - timedelta(days=50),
        applications_close_on=today + timedelta(days=5),
        starts_on=today + timedelta(days=30), ends_on=today + timedelta(days=395),
        expected_meetings=12, orgs=[(0, 6), (1, 6), (3, 6), (5, 6)],
        team=[("office-2", pm), ("faculty-1", fac), ("steering-3", steer)],
    )  # fmt: skip
    started = timezone.now() - timedelta(days=55)
    for key in ("shadowing-2026", "buddies-2026"):
        cohort = system.cohorts[key]
        for i in range(6):
            pair = _pair(
                cohort,
                system.people[f"{key}-aspiring-{i}"],
                system.people[f"{key}-established-{i}"],
                status=Partnership.Status.AGREED,
                aspiring_agreed_at=started,
                established_agreed_at=started,
            )
            _meetings(pair, [50 - 14 * k for k in range(1 + i % 3)], system.today)
    _accepted_applicants(system, "talent-2027", 7)


def _accepted_applicants(system: DemoSystem, cohort_key: str, per_side: int) -> None:
    """Accepted applicants on both sides, ready for the team to match, made through the same
    services the application pages use."""
    cohort = system.cohorts[cohort_key]
    orgs = [system.organisations[_org(system, i)] for i in (0, 1, 3, 5)]
    office = system.people["office-2"]
    for index in range(2 * per_side):
        side = Side.ASPIRING if index % 2 == 0 else Side.ESTABLISHED
        org = orgs[index % len(orgs)]
        person = system.person(f"{cohort_key}-{index}", org.name)
        manager = system.faker.first_name().lower()
        if Application.objects.filter(cohort=cohort, applicant=person).exists():
            continue
        roles = ASPIRING_ROLES if side == Side.ASPIRING else ESTABLISHED_ROLES
        job_title, band = roles[index % len(roles)]
        application = applications.application_start(cohort=cohort, applicant=person, side=side)
        application.organisation = org
        application.job_title = job_title
        application.band = (
            ("Band 7" if side == Side.ASPIRING else "Band 9") if band == "Other" else band
        )
        application.place = org.place
        application.line_manager_email = f"{manager}.manager@{system.domains[org.name]}"
        application.aspirations = HOPES[index % len(HOPES)]
        application.experience = BRINGS[index % len(BRINGS)]
        application.topics = RISING_TOPICS[index % 3 :: 2]
        application.availability = ["tue-morning", "thu-afternoon", "wed-evening"][: 1 + index % 3]
        application.meeting_modes = ["video", "in_person"][: 1 + index % 2]
        application.eligibility_confirmed = True
        application.save()
        applications.about_me_get_or_create(user=person)
        applications.application_submit(application=application)
        approval = application.approvals.get(decision="pending", superseded=False)
        applications.approval_decide(approval=approval, approve=True, comment="Ready for it.")
        applications.applications_decide(
            applications=[application], decision="accept", reason="Welcome to the pool.",
            by=office,
        )  # fmt: skip
        applications.decisions_send(cohort=application.cohort, by=office, pks=[application.pk])


# Themes faculty and participants sent (invented, in our own words): (cohort, text, source,
# tags, status). Published ones are grouped; one waits for moderation with a name in it.
THEMES = [
    (
        "inclusive-2025",
        "Flexible working requests are refused without a conversation about what could work.",
        "lab",
        ["Flexible working"],
        "published",
    ),
    (
        "inclusive-2025",
        "Part-time colleagues feel that asking for flexibility ends their chances of promotion.",
        "workshop",
        ["Flexible working", "Recruitment and promotion"],
        "published",
    ),
    (
        "inclusive-2025",
        "Whether flexible working is agreed depends on which manager you have.",
        "partnership",
        ["Flexible working", "Line management"],
        "published",
    ),
    (
        "inclusive-2025",
        "Interview panels rarely include anyone from a minority ethnic background.",
        "lab",
        ["Recruitment and promotion"],
        "published",
    ),
    (
        "inclusive-2025",
        "Promotion panels are not diverse, and candidates notice.",
        "workshop",
        ["Recruitment and promotion", "Racism and discrimination"],
        "published",
    ),
    (
        "inclusive-2025",
        "Recruitment asks for experience that only some people were ever offered.",
        "supervision",
        ["Recruitment and promotion"],
        "published",
    ),
    (
        "inclusive-2025",
        "Meetings are booked back to back, so nobody has time to think or to "
        "include people who are new.",
        "lab",
        ["Meetings culture"],
        "published",
    ),
    (
        "inclusive-2025",
        "Reasonable adjustments have to be asked for again after every change of manager.",
        "partnership",
        ["Reasonable adjustments", "Line management"],
        "published",
    ),
    (
        "minds-pilot",
        "Open-plan offices make it hard for some neurodivergent colleagues to do their best work.",
        "lab",
        ["Reasonable adjustments"],
        "published",
    ),
    (
        "minds-pilot",
        "Agendas sent the night before exclude people who need time to prepare.",
        "supervision",
        ["Meetings culture", "Reasonable adjustments"],
        "published",
    ),
    (
        "minds-pilot",
        "Aaron on ward 7 was told his adjustments were a favour, not a right.",
        "partnership",
        ["Reasonable adjustments"],
        "submitted",
    ),
    (
        "minds-pilot",
        "Training days clash with school holidays every year.",
        "workshop",
        ["Flexible working"],
        "submitted",
    ),
]


def seed_steering(system: DemoSystem) -> None:
    """The invented People Strategy, programmes linked to its initiatives, themes at every
    stage of moderation, accepted groups, and steering-group actions (one overdue)."""
    from mutuality.steering import services as steering
    from mutuality.steering.models import Cluster, SteeringAction, Theme
    from mutuality.strategy.models import Initiative
    from mutuality.strategy.services import current_strategy, strategy_import
    from mutuality.strategyfile import demo_strategy

    if current_strategy() is None:
        strategy_import(parsed=demo_strategy())
    links = {
        "reciprocal-mentoring": ["rising", "inclusive", "minds"],
        "shadowing": ["shadowing"],
        "new-starter-buddies": ["buddies"],
        "talent-pool": ["talent"],
    }
    for key, programme_keys in links.items():
        Initiative.objects.get(key=key).programmes.add(
            *(system.programmes[k] for k in programme_keys)
        )
    office = system.people["office-1"]
    authors = ["faculty-1", "faculty-3"]
    for n, (cohort_key, text, source, tags, status) in enumerate(THEMES):
        cohort = system.cohorts[cohort_key]
        steering.tags_add_defaults(cohort=cohort)
        if Theme.objects.filter(cohort=cohort, text=text).exists():
            continue
        participants = list(cohort.participations.order_by("pk"))
        author = (
            participants[n % len(participants)].user
            if source == "partnership"
            else system.people[authors[n % 2]]
        )
        theme = steering.theme_submit(
            cohort=cohort, by=author, text=text, source=source,
            tags=cohort.theme_tags.filter(name__in=tags),
        )  # fmt: skip
        if status == "published":
            steering.theme_publish(
                theme=theme,
                by=office,
                shared_text=text,
                tags=cohort.theme_tags.filter(name__in=tags),
            )
    # The moderator grouped the shared themes by what they are mainly about (the clustering
    # engine suggests groups on the page; a demo this small is grouped by hand).
    for cohort_key, text, _source, tags, status in THEMES:
        if status != "published":
            continue
        cohort = system.cohorts[cohort_key]
        cluster, _ = Cluster.objects.get_or_create(
            cohort=cohort, label=tags[0], defaults={"accepted": True}
        )
        Theme.objects.filter(cohort=cohort, text=text, cluster__isnull=True).update(cluster=cluster)
    inclusive = system.programmes["inclusive"]
    if inclusive.steering_actions.exists():
        return
    today = system.today
    flexible = Cluster.objects.filter(cohort__programme=inclusive, label="Flexible working").first()
    recruitment = Cluster.objects.filter(
        cohort__programme=inclusive, label="Recruitment and promotion"
    ).first()
    actions = [
        ("Publish every partner's flexible working decisions and the reasons for refusals",
         "Director of People", 1, today - timedelta(days=21), "at_risk", "", flexible,
         ["flexible-by-default"]),
        ("Put a trained, diverse panel member on every band 8a and above interview", "Chief People "
         "Officer", 0, today + timedelta(days=45), "on_track", "", recruitment,
         ["fair-recruitment", "reciprocal-mentoring"]),
        ("Carry reasonable adjustments across changes of manager with a workplace passport",
         "Head of Workforce", 3, today - timedelta(days=60), "done",
         "Passport in use in three partners since the spring; 140 colleagues hold one.", None,
         ["staff-passport"]),
        ("Ask every partner board to hear one reciprocal mentoring pair each year",
         "Director of Corporate Affairs", 5, today + timedelta(days=120), "not_started", "", None,
         ["reciprocal-mentoring"]),
    ]  # fmt: skip
    for title, role, org_index, due, status, evidence, cluster, keys in actions:
        action = SteeringAction.objects.create(
            programme=inclusive, title=title, owner_role=role,
            owner_organisation=system.organisations[_org(system, org_index)],
            due_on=due, status=status, evidence=evidence, created_by=office,
        )  # fmt: skip
        if cluster:
            action.clusters.add(cluster)
        action.initiatives.add(*Initiative.objects.filter(key__in=keys))
    first = inclusive.steering_actions.get(status="at_risk")
    first.updates.create(
        text="Two partners have shared their decisions; the rest asked for more time.",
        status="at_risk",
        by=system.people["steering-1"],
    )


def seed_confirmed_addresses(system: DemoSystem) -> None:
    """The invented people have signed in before, so their email addresses are confirmed,
    as signing in by an emailed code does. Without this, someone tried through the demo
    people page is told to confirm their address before adding an authenticator app."""
    EmailAddress.objects.filter(verified=False, email__endswith=".example").update(verified=True)


STEPS: list[Callable[[DemoSystem], None]] = [
    seed_places_and_organisations,
    seed_team,
    seed_programmes,
    seed_applications,
    seed_partnerships,
    seed_timelines,
    seed_polls,
    seed_schemes,
    seed_steering,
    seed_confirmed_addresses,
]


@transaction.atomic
def seed(today: date | None = None) -> DemoSystem:
    faker = Faker("en_GB")
    faker.seed_instance(20261122)
    system = DemoSystem(faker=faker, today=today or date.today())
    for step in STEPS:
        step(system)
    return system


def sign_in_help(system: DemoSystem) -> list[str]:
    office = system.people["office-1"]
    auth = Authenticator.objects.get(user=office, type=Authenticator.Type.TOTP)
    secret = get_mfa_adapter().decrypt(auth.data["secret"])
    base = settings.BASE_URL
    return [
        f"Demo ready at {base}",
        f"Quickest: open {base}/demo/people/ and choose someone to sign in as.",
        f"Or sign in by code as the programme manager {office.email}: the code arrives in "
        f"{base}/demo/outbox/ and the authenticator code is shown on the people page",
        f"(authenticator secret for an app of your own: {secret}).",
    ]
