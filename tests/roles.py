"""The role matrix: for every view of the project, what each kind of person gets.

``project_views()`` lists every URL pattern whose view lives in the ``mutuality`` package;
``test_roles.py`` fails if one of them is missing from ``MATRIX``, so a new view cannot land
without saying who may use it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

PEOPLE = [
    "anonymous",
    "applicant",
    "office",
    "programme_manager",
    "faculty",
    "steering",
    "aspiring",
    "established",
    "other_participant",
    "other_pair",
    "other_faculty",
    "line_manager",
]
LOGIN = "login"  # redirected to sign in
ONWARD = "onward"  # redirected onwards (not to sign in): a POST that worked, or a shortcut


def project_views() -> set[str]:
    """Names ("namespace:name") of every URL pattern served by Mutuality's own views."""
    names: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace or namespace
                if entry.namespace and namespace:
                    inner = f"{namespace}:{entry.namespace}"
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern):
                module = getattr(entry.callback, "__module__", "")
                if module.startswith("mutuality.") and entry.name:
                    names.add(f"{namespace}:{entry.name}" if namespace else entry.name)

    walk(get_resolver().url_patterns, None)
    return names


def who(default, **overrides) -> dict[str, object]:
    expected = dict.fromkeys(PEOPLE, default)
    expected.update(overrides)
    return expected


@dataclass(frozen=True)
class Case:
    expected: dict[str, object]
    args: Callable = lambda cast: []
    method: str = "get"


def _cohort(cast):
    return [cast.cohort.pk]


def _programme(cast):
    return [cast.cohort.programme.slug]


def _question(cast):
    from mutuality.applications.models import ApplicationQuestion

    question, _ = ApplicationQuestion.objects.get_or_create(
        programme=cast.cohort.programme, text="Why now?"
    )
    return [cast.cohort.programme.slug, question.pk]


def _role(cast):
    return [cast.cohort.pk, cast.cohort.roles.get(user=cast.faculty).pk]


def _link(cast):
    return [cast.cohort.pk, cast.cohort.cohort_organisations.first().pk]


def _organisation(cast):
    return [cast.cohort.cohort_organisations.first().organisation_id]


def _place(cast):
    return [cast.cohort.cohort_organisations.first().organisation.place_id]


def _application(cast):
    return [cast.application.pk]


def _application_section(cast):
    return [cast.application.pk, "role"]


def _review(cast):
    return [cast.cohort.pk, cast.application.pk]


def _token(cast):
    return [cast.approval_token]


def _upload(cast):
    from mutuality.applications.models import ImportUpload

    upload = ImportUpload.objects.create(
        cohort=cast.cohort,
        uploaded_by=cast.office,
        filename="applications.csv",
        content=b"email,first_name\nsam@trust.example,Sam\n",
    )
    return [cast.cohort.pk, upload.pk]


def _finished_upload(cast):
    """An import the task worker has finished with (it failed, so it may be tried again)."""
    from mutuality.applications.models import ImportUpload

    cohort_pk, upload_pk = _upload(cast)
    ImportUpload.objects.filter(pk=upload_pk).update(status="failed", error="It stopped.")
    return [cohort_pk, upload_pk]


def _unpaired(cast) -> None:
    """Two accepted people without a partner: the cast's own pairs are published already,
    so a run needs someone left to match (late joiners)."""
    from .factories import UserFactory, accept_and_send, submitted_application

    accept_and_send(
        [
            submitted_application(cast.cohort, UserFactory(), "aspiring"),
            submitted_application(cast.cohort, UserFactory(), "established", band="Band 8b"),
        ],
        cast.office,
    )


def _match_run(cast):
    from mutuality.matchruns.services import run_create

    _unpaired(cast)
    return [cast.cohort.pk, run_create(cohort=cast.cohort, by=cast.office).number]


def _match_pair(cast):
    from mutuality.matchruns.services import run_create

    _unpaired(cast)
    run = run_create(cohort=cast.cohort, by=cast.office)
    return [cast.cohort.pk, run.number, run.pairs.first().pk]


def _two_runs(cast):
    from mutuality.matchruns.services import run_create

    _unpaired(cast)
    first = run_create(cohort=cast.cohort, by=cast.office)
    second = run_create(cohort=cast.cohort, by=cast.office)
    return [cast.cohort.pk, first.number, second.number]


def _partnership(cast):
    return [cast.partnership.pk]


def _partnership_agree(cast):
    return [cast.partnership.pk, "agree"]


def _planned(cast):
    from django.utils import timezone

    from mutuality.partnerships.models import PlannedMeeting

    PlannedMeeting.objects.create(
        partnership=cast.partnership, starts_at=timezone.now(), mode="video"
    )
    return [cast.partnership.pk]


def _pair(cast):
    return [cast.cohort.pk, cast.partnership.pk]


def _ended_pair(cast):
    from mutuality.partnerships.services import partnership_end

    partnership_end(partnership=cast.partnership, by=cast.office, reason="other", note="")
    return [cast.cohort.pk, cast.partnership.pk]


def _support(cast):
    from mutuality.partnerships.models import SupportRequest

    request = SupportRequest.objects.create(
        partnership=cast.partnership, raised_by=cast.aspiring, kind="quiet"
    )
    return [cast.cohort.pk, cast.partnership.pk, request.pk]


def _session(cast):
    from datetime import timedelta

    from django.utils import timezone

    from mutuality.timeline.models import Session
    from mutuality.timeline.services import session_invite

    session = Session.objects.create(
        cohort=cast.cohort, kind="learning_lab", title="Learning lab", venue="Room 1",
        starts_at=timezone.now() + timedelta(days=7), mandatory=True,
    )  # fmt: skip
    session_invite(session=session)
    return [cast.cohort.pk, session.pk]


def _material(cast):
    from django.core.files.base import ContentFile

    from mutuality.timeline.models import Material, Session

    cohort_pk, session_pk = _session(cast)
    material = Material(session=Session.objects.get(pk=session_pk), title="Slides")
    material.file.save("slides.txt", ContentFile(b"Lab slides"), save=True)
    return [cohort_pk, material.pk]


def _slot(cast):
    from django.utils import timezone

    from mutuality.timeline.models import SupervisionSlot

    slot = SupervisionSlot.objects.create(
        cohort=cast.cohort, faculty=cast.faculty, starts_at=timezone.now()
    )
    return [cast.cohort.pk, slot.pk]


def _outbox_message(cast):
    from mutuality.demo.models import OutboxMessage

    return [OutboxMessage.objects.create(to="a@b.example", subject="Hello", body="Hi").pk]


def _open_wave(cast):
    from datetime import timedelta

    from django.utils import timezone

    from mutuality.polls.models import Wave
    from mutuality.polls.services import default_instrument

    today = timezone.localdate()
    wave = Wave.objects.create(
        cohort=cast.cohort, instrument=default_instrument(), stage="baseline",
        title="Baseline poll", opens_on=today, closes_on=today + timedelta(days=14),
    )  # fmt: skip
    return [cast.cohort.pk, wave.pk]


def _own_outcome(cast):
    from django.utils import timezone

    from mutuality.polls.models import CareerOutcome

    participation = cast.cohort.participations.get(user=cast.aspiring)
    outcome = CareerOutcome.objects.create(
        participation=participation, kind="promotion", happened_on=timezone.localdate()
    )
    return [cast.cohort.pk, outcome.pk]


def _report_file(cast):
    from mutuality.evaluation.models import ReportFile

    report_file = ReportFile.objects.create(
        cohort=cast.cohort, requested_by=cast.office, status="done", filename="r.pdf"
    )
    return [report_file.pk]


def _theme(cast):
    from mutuality.steering.services import theme_submit

    theme = theme_submit(
        cohort=cast.cohort, by=cast.faculty, text="Meetings start late.", source="lab"
    )
    return [cast.cohort.pk, theme.pk]


def _steering_action(cast):
    from mutuality.organisations.models import Organisation
    from mutuality.steering.models import SteeringAction

    action = SteeringAction.objects.create(
        programme=cast.cohort.programme, title="Start on time",
        owner_organisation=Organisation.objects.first(), owner_role="Director of People",
        due_on="2027-01-31",
    )  # fmt: skip
    return [cast.cohort.programme.slug, action.pk]


def _strategy_export(cast):
    from mutuality.strategy.services import strategy_import
    from mutuality.strategyfile import demo_strategy

    strategy_import(parsed=demo_strategy())
    return ["yaml"]


EVERYONE = who(200)
SIGNED_IN = who(200, anonymous=LOGIN)
OFFICE_ONLY = who(403, anonymous=LOGIN, office=200)
# The applicant's own application: nobody else is told it exists.
APPLICANT_ONLY = who(404, anonymous=LOGIN, applicant=200)
# Related to the cohort: may see it. Outsiders are not told it exists.
OUTSIDERS = {
    "other_participant": 404,
    "other_faculty": 404,
    "line_manager": 404,
    "applicant": 404,
}
COHORT_VIEWERS = who(200, anonymous=LOGIN, **OUTSIDERS)
# Run the cohort: the programme office and the cohort's programme managers.
COHORT_MANAGERS = who(403, anonymous=LOGIN, office=200, programme_manager=200, **OUTSIDERS)
COHORT_MANAGERS_POST = {
    person: (ONWARD if status == 200 else status) for person, status in COHORT_MANAGERS.items()
}
# Applications are read by the cohort's programme team and faculty; the applicant has no
# role in the cohort yet, so for them the cohort does not exist.
REVIEWERS = {**COHORT_MANAGERS, "faculty": 200}
REVIEWERS_POST = {**COHORT_MANAGERS_POST, "faculty": ONWARD}
# A pair's own pages: the two partners only; for anyone else the pair does not exist.
PARTNERS_ONLY = who(404, anonymous=LOGIN, aspiring=200, established=200)
PARTNERS_ONLY_ONWARD = who(404, anonymous=LOGIN, aspiring=ONWARD, established=ONWARD)
# Taking part in the cohort (any pair).
PARTICIPANTS = {**PARTNERS_ONLY, "other_pair": 200}
PARTICIPANTS_ONWARD = {**PARTNERS_ONLY_ONWARD, "other_pair": ONWARD}
# Aggregates of a cohort's evaluation: its team, faculty and steering group. Participants
# are related to the cohort but see only their own answers.
REPORT_READERS = {**REVIEWERS, "steering": 200}
# The People Strategy: anyone on a programme team or steering group; no participant.
STRATEGY_READERS = who(
    403, anonymous=LOGIN, office=200, programme_manager=200, faculty=200, steering=200,
    other_faculty=200,
)  # fmt: skip
# A programme's steering view: its team, faculty and steering group, aggregates only.
PROGRAMME_READERS = {**REPORT_READERS, "other_faculty": 404}
# Steering-group actions: recorded by the office, managers and the steering group.
ACTION_TAKERS = {**PROGRAMME_READERS, "faculty": 403}
# A participant's own pages in their cohort: the team is related to the cohort but has no
# business there (403); outsiders are not told the cohort exists.
OWN_PAGES = who(403, anonymous=LOGIN, aspiring=200, established=200, other_pair=200, **OUTSIDERS)

MATRIX: dict[str, Case] = {
    "home": Case(EVERYONE),
    "accessibility": Case(EVERYONE),
    "privacy": Case(EVERYONE),
    "healthz": Case(EVERYONE),
    "accounts:details": Case(SIGNED_IN),
    "accounts:stay_signed_in": Case(who(ONWARD, anonymous=LOGIN), method="post"),
    "organisations:list": Case(OFFICE_ONLY),
    "organisations:new": Case(OFFICE_ONLY),
    "organisations:edit": Case(OFFICE_ONLY, _organisation),
    "organisations:places": Case(OFFICE_ONLY),
    "organisations:place_new": Case(OFFICE_ONLY),
    "organisations:place_edit": Case(OFFICE_ONLY, _place),
    "programmes:list": Case(who(403, anonymous=LOGIN, office=200, programme_manager=200)),
    "programmes:new": Case(OFFICE_ONLY),
    "programmes:detail": Case(COHORT_VIEWERS, _programme),
    "programmes:edit": Case(who(403, anonymous=LOGIN, office=200, **OUTSIDERS), _programme),
    "programmes:cohort_new": Case(COHORT_MANAGERS, _programme),
    "programmes:emails": Case(COHORT_MANAGERS, _programme),
    "programmes:cohort": Case(COHORT_VIEWERS, _cohort),
    "programmes:cohort_edit": Case(COHORT_MANAGERS, _cohort),
    # Aggregates only, through the disclosure rules: never for faculty or participants.
    "programmes:numbers": Case({**COHORT_MANAGERS, "steering": 200}, _cohort),
    "programmes:cohort_copy": Case(COHORT_MANAGERS, _cohort),
    "programmes:cohort_advance": Case(COHORT_MANAGERS, _cohort),
    "programmes:cohort_step_back": Case(COHORT_MANAGERS, _cohort),
    "programmes:team": Case(COHORT_MANAGERS, _cohort),
    "programmes:role_remove": Case(COHORT_MANAGERS_POST, _role, "post"),
    "programmes:organisations": Case(COHORT_MANAGERS, _cohort),
    "programmes:organisation_remove": Case(COHORT_MANAGERS_POST, _link, "post"),
    # Someone who has applied already is taken to their application.
    "applications:apply": Case(
        {**SIGNED_IN, "applicant": ONWARD, "aspiring": ONWARD, "established": ONWARD}, _cohort
    ),
    "applications:overview": Case(APPLICANT_ONLY, _application),
    "applications:section": Case(APPLICANT_ONLY, _application_section),
    "applications:check": Case(APPLICANT_ONLY, _application),
    "applications:sent": Case(APPLICANT_ONLY, _application),
    "applications:withdraw": Case(APPLICANT_ONLY, _application),
    "applications:consent_withdraw": Case(
        who(404, anonymous=LOGIN, applicant=ONWARD), _application, "post"
    ),
    "applications:about_me": Case(SIGNED_IN),
    "applications:questions": Case(COHORT_MANAGERS, _programme),
    "applications:question_edit": Case(COHORT_MANAGERS, _question),
    "applications:question_remove": Case(COHORT_MANAGERS_POST, _question, "post"),
    # The line manager's link needs no account: whoever holds it sees the decision page.
    "applications:approve": Case(EVERYONE, _token),
    "applications:review": Case(REVIEWERS, _cohort),
    "applications:review_detail": Case(REVIEWERS, _review),
    "applications:decide": Case(COHORT_MANAGERS_POST, _review, "post"),
    "applications:decide_many": Case(COHORT_MANAGERS_POST, _cohort, "post"),
    "applications:send_decisions": Case(COHORT_MANAGERS, _cohort),
    "applications:resend": Case(COHORT_MANAGERS_POST, _review, "post"),
    "applications:record_approval": Case(COHORT_MANAGERS, _review),
    "applications:import": Case(COHORT_MANAGERS, _cohort),
    "applications:import_map": Case(COHORT_MANAGERS, _upload),
    "applications:import_progress": Case(COHORT_MANAGERS, _finished_upload),
    "applications:import_status": Case(COHORT_MANAGERS, _finished_upload),
    "applications:import_retry": Case(COHORT_MANAGERS_POST, _finished_upload, "post"),
    "applications:template": Case(COHORT_MANAGERS, _cohort),
    "applications:export": Case(COHORT_MANAGERS, lambda cast: [cast.cohort.pk, "csv"]),
    # Matching: scores and reasons for the team and faculty; changes by managers only.
    "matchruns:home": Case(REVIEWERS, _cohort),
    "matchruns:settings": Case(COHORT_MANAGERS, _cohort),
    "matchruns:run_new": Case(COHORT_MANAGERS_POST, _cohort, "post"),
    "matchruns:forbid_remove": Case(COHORT_MANAGERS_POST, _cohort, "post"),
    "matchruns:run": Case(REVIEWERS, _match_run),
    "matchruns:run_status": Case(REVIEWERS, _match_run),
    "matchruns:pair_action": Case(COHORT_MANAGERS_POST, _match_pair, "post"),
    "matchruns:swap": Case(COHORT_MANAGERS_POST, _match_run, "post"),
    "matchruns:publish": Case(COHORT_MANAGERS, _match_run),
    "matchruns:compare": Case(REVIEWERS, _two_runs),
    "matchruns:replacements": Case(COHORT_MANAGERS, _review),
    # Only the two partners see their pair, and only once it is published.
    # Everyone in a pair of this cohort is taken to their own pair.
    "partnerships:my_partner": Case({**PARTNERS_ONLY_ONWARD, "other_pair": ONWARD}, _cohort),
    "partnerships:hub": Case(PARTNERS_ONLY, _partnership),
    "partnerships:hub_post": Case(PARTNERS_ONLY_ONWARD, _partnership_agree, "post"),
    "partnerships:ics": Case(PARTNERS_ONLY, _planned),
    "partnerships:dashboard": Case(REVIEWERS, _cohort),
    "partnerships:pair": Case(REVIEWERS, _pair),
    "partnerships:end": Case(COHORT_MANAGERS, _pair),
    "matchruns:replace": Case(COHORT_MANAGERS, _ended_pair),
    "partnerships:resolve": Case(REVIEWERS_POST, _support, "post"),
    # An empty note comes back with its error on the pair page.
    "partnerships:supervision": Case(REVIEWERS, _pair, "post"),
    # Sessions: run by faculty and the programme team; each participant sees their own.
    "timeline:cohort": Case(REVIEWERS, _cohort),
    "timeline:new": Case(REVIEWERS, _cohort),
    "timeline:lay_out": Case(REVIEWERS_POST, _cohort, "post"),
    # An empty form comes back with its errors (200) for those who may use it.
    "timeline:slot_offer": Case(REVIEWERS, _cohort, "post"),
    "timeline:session": Case(REVIEWERS, _session),
    "timeline:edit": Case(REVIEWERS, _session),
    "timeline:register": Case(REVIEWERS_POST, _session, "post"),
    "timeline:cancel": Case(REVIEWERS_POST, _session, "post"),
    "timeline:material": Case(REVIEWERS, _session, "post"),
    # Uploaded materials: the team and the people invited to the session, nobody else.
    "timeline:material_download": Case(
        {
            **REVIEWERS,
            **dict.fromkeys(("aspiring", "established", "other_pair"), 200),
            "steering": 404,
        },
        _material,
    ),  # fmt: skip
    "timeline:mine": Case(PARTICIPANTS, _cohort),
    "timeline:reply": Case(PARTICIPANTS_ONWARD, _session, "post"),
    "timeline:ics": Case(PARTICIPANTS, _session),
    "timeline:slot_book": Case(PARTICIPANTS_ONWARD, _slot, "post"),
    # Polls: each person answers their own; the team sets polls and never sees one person's
    # answers (free text reaches them without names, to choose quotes).
    "polls:mine": Case(OWN_PAGES, _cohort),
    "polls:answer": Case(OWN_PAGES, _open_wave),
    "polls:my_outcome_add": Case(OWN_PAGES, _cohort),
    "polls:my_outcome_remove": Case(
        {**OWN_PAGES, "aspiring": ONWARD, "established": 404, "other_pair": 404},
        _own_outcome,
        "post",
    ),
    "polls:cohort": Case(COHORT_MANAGERS, _cohort),
    "polls:lay_out": Case(COHORT_MANAGERS_POST, _cohort, "post"),
    "polls:new": Case(COHORT_MANAGERS, _cohort),
    "polls:edit": Case(COHORT_MANAGERS, _open_wave),
    "polls:quotes": Case(COHORT_MANAGERS, _open_wave),
    "polls:close": Case(COHORT_MANAGERS, _open_wave),
    "polls:reopen": Case(COHORT_MANAGERS, _open_wave),
    "polls:outcomes": Case(COHORT_MANAGERS, _cohort),
    # The evaluation report: aggregates for the team, faculty and the steering group.
    "evaluation:cohort": Case(REPORT_READERS, _cohort),
    "evaluation:cohort_pdf": Case(REPORT_READERS, _cohort),
    "evaluation:cohort_export": Case(REPORT_READERS, lambda cast: [cast.cohort.pk, "csv"]),
    "evaluation:programme": Case(REPORT_READERS, _programme),
    "evaluation:programme_pdf": Case(
        {p: ONWARD if s == 200 else s for p, s in REPORT_READERS.items()}, _programme, "post"
    ),
    # Only the person who asked for a PDF is told it exists.
    "evaluation:file": Case(who(404, anonymous=LOGIN, office=200), _report_file),
    "evaluation:file_status": Case(who(404, anonymous=LOGIN, office=200), _report_file),
    "evaluation:system": Case(
        who(
            403,
            anonymous=LOGIN,
            office=200,
            programme_manager=200,
            faculty=200,
            steering=200,
            other_faculty=200,
        )  # fmt: skip
    ),
    # The People Strategy.
    "strategy:dashboard": Case(STRATEGY_READERS),
    "strategy:frameworks": Case(STRATEGY_READERS),
    "strategy:workstream": Case(
        {**STRATEGY_READERS, **{p: 200 for p, s in STRATEGY_READERS.items() if s == 200}},
        lambda cast: _strategy_export(cast) and ["edib"],
    ),
    "strategy:upload": Case(OFFICE_ONLY),
    "strategy:download": Case(STRATEGY_READERS, _strategy_export),
    "strategy:programme_initiatives": Case(
        who(403, anonymous=LOGIN, office=200, **OUTSIDERS), _programme
    ),
    # Themes: sent by faculty and participants, checked by the office and managers (who alone
    # see the author); the programme's team and steering group see only checked themes.
    "steering:submit": Case(
        {**OWN_PAGES, "office": 200, "programme_manager": 200, "faculty": 200}, _cohort
    ),
    "steering:moderation": Case(COHORT_MANAGERS, _cohort),
    "steering:moderate": Case(COHORT_MANAGERS, _theme),
    "steering:clusters": Case(COHORT_MANAGERS, _cohort),
    "steering:programme": Case(PROGRAMME_READERS, _programme),
    "steering:pack": Case(PROGRAMME_READERS, _programme),
    "steering:action_new": Case(ACTION_TAKERS, _programme),
    "steering:action": Case(PROGRAMME_READERS, _steering_action),
    "steering:action_edit": Case(ACTION_TAKERS, _steering_action),
    # People's rights: everyone signed in sees and downloads their own data; the programme
    # office alone finds a person, sends them their data, erases them and reads the audit log.
    "privacy:my_data": Case(SIGNED_IN),
    "privacy:my_data_download": Case(SIGNED_IN),
    "privacy:office": Case(OFFICE_ONLY),
    "privacy:person": Case(OFFICE_ONLY, lambda cast: [cast.aspiring.pk]),
    "privacy:person_data": Case(OFFICE_ONLY, lambda cast: [cast.aspiring.pk]),
    "privacy:erase": Case(OFFICE_ONLY, lambda cast: [cast.aspiring.pk]),
    "privacy:audit_log": Case(OFFICE_ONLY),
    # Demo pages exist only in demo mode (see test_demo.py); there, anyone may use them.
    "demo:people": Case(EVERYONE),
    "demo:sign_in_as": Case(who(ONWARD), lambda cast: [cast.aspiring.pk], "post"),
    "demo:outbox": Case(EVERYONE),
    "demo:outbox_message": Case(EVERYONE, _outbox_message),
}


# django-allauth's pages: signing in, signing out and security. They are not Mutuality's
# views, so project_views() does not list them; this table says who gets each, and
# test_roles.py and the browser crawl read it as they read MATRIX. Pages that need a step
# first (the code just emailed, the authenticator code at sign-in) send everyone away when
# opened cold; tests/browser/test_sign_in_pages.py walks through them.
AWAY = "away"  # redirected elsewhere, not to sign in: nothing to do here yet, or not for them
# People whose role needs an authenticator app (the cast's staff and faculty have one).
WITH_APP = ("office", "programme_manager", "faculty", "other_faculty")


def _with_app(status) -> dict[str, object]:
    return dict.fromkeys(WITH_APP, status)


def _reset_key(cast):
    return ["1", "not-a-key"]


ACCOUNT_PAGES: dict[str, Case] = {
    "account_login": Case(who(AWAY)),  # everyone signs in by emailed code
    "account_request_login_code": Case(who(AWAY, anonymous=200)),
    "account_confirm_login_code": Case(who(AWAY)),
    "account_signup": Case(who(AWAY, anonymous=200)),
    "account_email_verification_sent": Case(who(AWAY)),
    "account_inactive": Case(EVERYONE),
    "account_logout": Case(who(200, anonymous=AWAY)),
    "account_email": Case(SIGNED_IN),
    # Nobody has a password: checking it is you again is by authenticator app only.
    "account_reauthenticate": Case(who(403, anonymous=LOGIN, **_with_app(AWAY))),
    "mfa_index": Case(SIGNED_IN),
    "mfa_authenticate": Case(who(AWAY)),
    "mfa_reauthenticate": Case(who(403, anonymous=LOGIN, **_with_app(200))),
    # Adding an app needs a confirmed email address (the cast's have none) and no app yet.
    "mfa_activate_totp": Case(who(AWAY, anonymous=LOGIN)),
    "mfa_deactivate_totp": Case(who(404, anonymous=LOGIN, **_with_app(AWAY))),
    "mfa_view_recovery_codes": Case(who(404, anonymous=LOGIN)),
    "mfa_generate_recovery_codes": Case(who(200, anonymous=LOGIN, **_with_app(AWAY))),
    "mfa_download_recovery_codes": Case(who(404, anonymous=LOGIN)),
    "socialaccount_login_cancelled": Case(EVERYONE),
    "socialaccount_login_error": Case(who(401, anonymous=LOGIN)),
    "socialaccount_signup": Case(who(AWAY)),
    "socialaccount_connections": Case(SIGNED_IN),
    # Passwords do not exist here: every password page is not found.
    "account_change_password": Case(who(404)),
    "account_set_password": Case(who(404)),
    "account_reset_password": Case(who(404)),
    "account_reset_password_done": Case(who(404)),
    "account_reset_password_from_key": Case(who(404), _reset_key),
    "account_reset_password_from_key_done": Case(who(404)),
}


def account_views() -> set[str]:
    """Names of every django-allauth page in this configuration, but the single sign-on
    provider's own redirects (they leave for the identity provider)."""
    names: set[str] = set()

    def walk(patterns) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns)
            elif isinstance(entry, URLPattern):
                module = getattr(entry.callback, "__module__", "")
                if module.startswith("allauth.") and entry.name and "openid" not in module:
                    names.add(entry.name)

    walk(get_resolver().url_patterns)
    return names
