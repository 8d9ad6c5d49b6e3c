"""People's rights over their data: the download, erasure, retention, the privacy notice,
the audit of special category reads, and about-me sections private until ticked."""

import json
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from mutuality.applications.models import (
    AboutMeSection,
    Application,
    EqualityMonitoring,
    LivedExperienceConsent,
    ManagerApproval,
)
from mutuality.applications.services import about_me_get_or_create
from mutuality.audit.models import SPECIAL_CATEGORY_READ, AuditEvent, audit
from mutuality.demo.models import OutboxMessage
from mutuality.evaluation.build import cohort_report
from mutuality.partnerships import selectors as year_selectors
from mutuality.partnerships import services as year_services
from mutuality.partnerships.models import (
    Goal,
    Meeting,
    Partnership,
    Reflection,
    SupervisionNote,
)
from mutuality.polls.models import CareerOutcome, Quote, Response
from mutuality.privacy.selectors import my_data
from mutuality.privacy.services import ErasureRefused, erase_person
from mutuality.programmes.models import CohortRole, Side
from mutuality.steering.models import Theme
from mutuality.timeline.models import Invitation, Session

from .factories import CohortFactory, UserFactory, add_participant, add_role
from .test_evaluation import evaluated  # noqa: F401  (a fixture)

MARKER = "QZX-marker-7731"


def traces(needles: list[str]) -> list[str]:
    """Every table and column holding any of ``needles``, read straight from the database,
    not through the models: what an auditor with a SQL prompt would find."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            for column in columns:
                for needle in needles:
                    cursor.execute(
                        f'SELECT COUNT(*) FROM "{table}" '  # noqa: S608 (names from the schema)
                        f'WHERE LOWER(CAST("{column}" AS TEXT)) LIKE %s',
                        [f"%{needle.lower()}%"],
                    )
                    if cursor.fetchone()[0]:
                        found.append(f"{table}.{column}: {needle}")
    return found


# About-me sections start private ----------------------------------------------------------


def test_a_new_profile_shares_nothing_until_the_person_ticks_it(client, db):
    person = UserFactory()
    client.force_login(person)
    page = client.get(reverse("applications:about_me")).content.decode()
    assert 'name="adjustments_partner"' in page
    assert "checked" not in page
    profile = about_me_get_or_create(user=person)
    assert not profile.sections.filter(partner_may_see=True).exists()
    assert not profile.sections.filter(faculty_may_see=True).exists()


def test_a_partner_sees_only_the_sections_ticked_for_them(client, cast):
    profile = about_me_get_or_create(user=cast.established)
    AboutMeSection.objects.filter(profile=profile, key="adjustments").update(
        text="I use a screen reader"
    )
    AboutMeSection.objects.filter(profile=profile, key="communication").update(
        text="Email me first", partner_may_see=True
    )
    client.force_login(cast.aspiring)
    page = client.get(reverse("partnerships:hub", args=[cast.partnership.pk])).content.decode()
    assert "Email me first" in page
    assert "screen reader" not in page


# Special category reads are audited -------------------------------------------------------


def _adjustments(user, **sharing):
    profile = about_me_get_or_create(user=user)
    AboutMeSection.objects.filter(profile=profile, key="adjustments").update(
        text="Captions in video calls", **sharing
    )


def test_reading_someones_adjustments_is_audited_and_the_office_can_see_it(client, cast):
    _adjustments(cast.applicant, faculty_may_see=True)
    _adjustments(cast.established, partner_may_see=True)

    client.force_login(cast.faculty)
    url = reverse("applications:review_detail", args=[cast.cohort.pk, cast.application.pk])
    assert "Captions in video calls" in client.get(url).content.decode()
    client.force_login(cast.aspiring)
    client.get(reverse("partnerships:hub", args=[cast.partnership.pk]))

    reads = AuditEvent.objects.filter(action=SPECIAL_CATEGORY_READ)
    assert {(e.actor, e.target_id, e.detail["where"]) for e in reads} == {
        (cast.faculty, str(cast.applicant.pk), "application review"),
        (cast.aspiring, str(cast.established.pk), "learning partner's page"),
    }
    # Nothing in the event repeats what was read.
    assert all("Captions" not in json.dumps(e.detail) for e in reads)

    client.force_login(cast.office)
    log = client.get(reverse("privacy:audit_log") + "?show=special_category").content.decode()
    assert "application review" in log
    assert cast.applicant.get_full_name() in log


def test_a_page_without_adjustments_records_no_read(client, cast):
    client.force_login(cast.aspiring)
    client.get(reverse("partnerships:hub", args=[cast.partnership.pk]))
    assert not AuditEvent.objects.filter(action=SPECIAL_CATEGORY_READ).exists()


def test_equality_monitoring_totals_are_recorded_when_read(client, cast):
    client.force_login(cast.steering)
    assert client.get(reverse("programmes:numbers", args=[cast.cohort.pk])).status_code == 200
    event = AuditEvent.objects.get(action="special_category.totals_read")
    assert (event.actor, event.target_id) == (cast.steering, str(cast.cohort.pk))


def test_the_audit_log_says_in_words_what_happened_and_to_what(client, cast):
    from mutuality.steering.services import theme_submit

    theme = theme_submit(
        cohort=cast.cohort, by=cast.faculty, text="Sam in Ward 3 is late.", source="lab"
    )
    audit(actor=cast.office, action="steering.theme_published", target=theme, flags_left=[])
    client.force_login(cast.steering)
    client.get(reverse("programmes:numbers", args=[cast.cohort.pk]))

    client.force_login(cast.office)
    log = client.get(reverse("privacy:audit_log")).content.decode()
    assert "Read equality monitoring totals" in log
    assert f"{cast.cohort.programme.name}: {cast.cohort.name}" in log
    assert "Published a theme to the steering group" in log
    # No internal codes, empty details, or a theme's words (which may name someone).
    for code in ("special_category.totals_read", "steering.theme_published", "flags_left"):
        assert code not in log
    assert "Ward 3" not in log


# The download -----------------------------------------------------------------------------


def test_the_download_holds_the_persons_own_data_and_nothing_private_of_their_partner(client, cast):
    me, partner, pair = cast.aspiring, cast.established, cast.partnership
    year_services.reflection_add(
        partnership=pair, author=me, text="My own worry about the interview"
    )
    year_services.reflection_add(
        partnership=pair, author=partner, text="PARTNER-PRIVATE reflection"
    )
    year_services.goal_add(
        partnership=pair, owner=partner, text="PARTNER-UNSHARED goal", shared_with_partner=False
    )
    year_services.goal_add(
        partnership=pair, owner=me, text="Chair a meeting", shared_with_partner=True
    )
    year_services.shared_note_add(partnership=pair, author=partner, text="PARTNER-NOTE")
    EqualityMonitoring.objects.create(cohort=cast.cohort, user=me, ethnicity="black")
    EqualityMonitoring.objects.create(cohort=cast.cohort, user=partner, ethnicity="white")
    _adjustments(partner)

    client.force_login(me)
    response = client.get(reverse("privacy:my_data_download"))
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    text = json.dumps(data)
    assert "My own worry about the interview" in text
    assert "Chair a meeting" in text
    assert data["sections"]["Your equality monitoring answers"][0]["Ethnicity"].startswith("Black")
    assert me.email in text
    for private in ("PARTNER-PRIVATE", "PARTNER-UNSHARED", "PARTNER-NOTE", "Captions", "White"):
        assert private not in text, private
    assert partner.email not in text
    # The readable page shows the same.
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert "My own worry about the interview" in page
    assert "PARTNER-PRIVATE" not in page
    assert AuditEvent.objects.filter(action="privacy.downloaded", actor=me).exists()


def test_the_download_covers_every_kind_of_record(cast):
    me = cast.aspiring
    sections = my_data(me)["sections"]
    assert sections["Your applications"][0]["What I hope to gain"]
    assert sections["Programmes you take part in"][0]["Side"]
    assert sections["Your learning partnerships"][0]["Your learning partner"] == str(
        cast.established.get_full_name()
    )


def test_the_page_writes_dates_and_empty_answers_for_people(client, cast):
    """The file keeps ISO dates for machines; the page says "17 October 2026" and never
    shows a bare "None" for something not recorded."""
    me = cast.aspiring
    client.force_login(me)
    text = " ".join(
        re.sub(r"<[^>]+>", " ", client.get(reverse("privacy:my_data")).content.decode()).split()
    )
    joined = timezone.localtime(me.date_joined)
    assert f"Joined {joined.day} {joined:%B %Y}, {joined:%H:%M}" in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert "Ended Not recorded" in text  # the partnership has not ended: once "None"
    assert "Other answers None" in text  # an empty record says so rather than nothing
    assert "Side Aspiring leader" in text


# Erasure ----------------------------------------------------------------------------------


@pytest.fixture
def erasable(evaluated):  # noqa: F811
    """Someone in the closed, evaluated cohort with a record of every kind, each holding the
    marker, and traces of them in other people's records."""
    cohort = evaluated
    mine = cohort.people[Side.ASPIRING][1]
    person = mine.user
    person.first_name, person.last_name = "Zebedee", "Quartermaine"
    person.email = "zebedee.q@trust.example"
    person.save()
    EmailAddress.objects.update_or_create(
        user=person, defaults={"email": person.email, "verified": True, "primary": True}
    )
    pair = Partnership.objects.get(aspiring=mine)
    partner = pair.established.user
    application = Application.objects.create(
        cohort=cohort,
        applicant=person,
        side=Side.ASPIRING,
        status="accepted",
        aspirations=f"To lead {MARKER}",
        line_manager_name="Mo Manager",
        line_manager_email="mo.manager@trust.example",
    )
    ManagerApproval.issue(application, days=1)
    application.approvals.update(comment=f"Fine by me {MARKER}")
    audit(actor=cohort.steering, action="approval.recorded", target=application, reason=MARKER)
    profile = about_me_get_or_create(user=person)
    AboutMeSection.objects.filter(profile=profile, key="adjustments").update(text=MARKER)
    EqualityMonitoring.objects.create(cohort=cohort, user=person, ethnicity="black")
    LivedExperienceConsent.objects.create(cohort=cohort, user=person, experiences=["race"])
    year_services.reflection_add(partnership=pair, author=person, text=f"Mine {MARKER}")
    year_services.reflection_add(
        partnership=pair, author=partner, text="The partner's own reflection"
    )
    year_services.goal_add(
        partnership=pair, owner=person, text=f"Goal {MARKER}", shared_with_partner=True
    )
    partner_goal = year_services.goal_add(
        partnership=pair, owner=partner, text="Partner's goal", shared_with_partner=True
    )
    year_services.shared_note_add(partnership=pair, author=person, text=f"Note {MARKER}")
    year_services.support_request_raise(partnership=pair, by=person, kind="other", text=MARKER)
    SupervisionNote.objects.create(
        partnership=pair, author=cohort.steering, text="Zebedee Quartermaine seems stuck"
    )
    Meeting.objects.create(
        partnership=pair, logged_by=person, met_on=cohort.ends_on, minutes=60, mode="video"
    )
    session = Session.objects.create(
        cohort=cohort, kind="lab", title="Lab", starts_at=timezone.now() - timedelta(days=40)
    )
    Invitation.objects.create(session=session, user=person, reply="no", reason=MARKER)
    final = Response.objects.get(participation=mine, wave__stage="final")
    final.answers = {**final.answers, "what-changed": f"Everything {MARKER}"}
    final.save()
    # Written before the poll closed, so the frozen results hold the words too.
    frozen = final.wave.results.order_by("-version").first()
    frozen.answers = [
        [pid, side, {**given, "what-changed": f"Everything {MARKER}"} if pid == mine.pk else given]
        for pid, side, given in frozen.answers
    ]
    frozen.save(update_fields=["answers"])
    Quote.objects.create(
        wave=final.wave, response=final, question_key="what-changed", text=f"Quote {MARKER}"
    )
    CareerOutcome.objects.create(
        participation=mine, kind="promotion", happened_on=cohort.ends_on, note=MARKER
    )
    Theme.objects.create(cohort=cohort, text=f"Theme {MARKER}", source="lab", submitted_by=person)
    OutboxMessage.objects.create(to=person.email, subject="Your code", body="Hello Zebedee")
    OutboxMessage.objects.create(
        to=partner.email, subject="Meet your partner", body="Meet Zebedee Quartermaine"
    )
    # Someone else would rather not be paired with them.
    other = UserFactory(email="careful@trust.example")
    Application.objects.create(
        cohort=cohort,
        applicant=other,
        side=Side.ESTABLISHED,
        avoid_emails=[person.email, "kept@trust.example"],
    )
    LogEntry.objects.create(
        user=cohort.steering,
        content_type=ContentType.objects.get_for_model(Application),
        object_id=str(application.pk),
        object_repr=str(application),
        action_flag=CHANGE,
    )
    # A look-alike address that must survive.
    UserFactory(email="made.zebedee.q@trust.example.org")
    return {"person": person, "partner": partner, "pair": pair, "partner_goal": partner_goal}


def test_erasure_leaves_no_trace_and_keeps_the_figures_and_the_partners_records(
    client,
    erasable,
    evaluated,  # noqa: F811
    django_user_model,
):
    person = erasable["person"]
    client.force_login(person)  # a live session, which must go too
    needles = [person.email, person.get_full_name(), MARKER]
    assert len(traces(needles)) > 10  # the search can find what it looks for
    before = cohort_report(evaluated, charts=False)

    office = UserFactory(email="office2@icb.example", is_staff=True)
    erasure = erase_person(person=person, by=office, reason="request")

    # A look-alike address is left whole (then removed, as it holds the address as a part).
    lookalike = django_user_model.objects.get(email="made.zebedee.q@trust.example.org")
    assert EmailAddress.objects.get(user=lookalike).email == lookalike.email
    lookalike.delete()
    assert traces(needles) == []
    person.refresh_from_db()
    assert not person.is_active and person.email.endswith("@erased.invalid")
    # The partner's own records stay.
    pair = erasable["pair"]
    assert Goal.objects.filter(pk=erasable["partner_goal"].pk).exists()
    assert [
        t for _, t in year_selectors.reflections_of(partnership=pair, author=erasable["partner"])
    ] == ["The partner's own reflection"]
    assert not Reflection.objects.filter(author=person).exists()
    assert Application.objects.get(applicant__email="careful@trust.example").avoid_emails == [
        "[erased]",
        "kept@trust.example",
    ]
    # The figures do not move: closed-wave answers stay, without the person.
    after = cohort_report(evaluated, charts=False)
    assert [h.text for h in after.headlines] == [h.text for h in before.headlines]
    assert after.taking_part == before.taking_part
    assert after.outcomes_people == before.outcomes_people
    client.force_login(evaluated.steering)
    assert client.get(reverse("evaluation:cohort", args=[evaluated.pk])).status_code == 200
    # The erasure is audited, with counts only.
    event = AuditEvent.objects.get(action="privacy.erased")
    assert event.actor == office and event.detail["reason"] == "request"
    assert event.detail["deleted"]["private reflections"] == 1
    assert erasure.deleted["equality monitoring"] == 1


def test_nobody_erases_themselves_and_nobody_is_erased_twice(cast):
    with pytest.raises(ErasureRefused):
        erase_person(person=cast.office, by=cast.office, reason="request")
    erase_person(person=cast.aspiring, by=cast.office, reason="request")
    with pytest.raises(ErasureRefused):
        erase_person(person=cast.aspiring, by=cast.office, reason="request")


def test_the_office_erases_a_person_from_the_page_after_confirming(client, cast):
    client.force_login(cast.office)
    url = reverse("privacy:erase", args=[cast.applicant.pk])
    assert "Confirm that you have checked" in client.post(url, {}).content.decode()
    cast.applicant.refresh_from_db()
    assert cast.applicant.is_active
    response = client.post(url, {"confirm": "on"})
    assert response.url == reverse("privacy:office")
    cast.applicant.refresh_from_db()
    assert not cast.applicant.is_active
    assert not traces(["applicant@trust.example"])
    # The erased person is no longer found, and their page is gone.
    page = client.get(reverse("privacy:office"), {"q": "applicant"}).content.decode()
    assert "Nobody matches that" in page
    assert client.get(reverse("privacy:person", args=[cast.applicant.pk])).status_code == 404


def test_the_office_can_download_a_persons_data_for_them_and_it_is_audited(client, cast):
    client.force_login(cast.office)
    response = client.get(reverse("privacy:person_data", args=[cast.aspiring.pk]))
    assert cast.aspiring.email in response.content.decode()
    assert AuditEvent.objects.filter(
        action="privacy.downloaded_for", target_id=str(cast.aspiring.pk)
    ).exists()


# Retention --------------------------------------------------------------------------------


@pytest.fixture
def retention(db):
    today = timezone.localdate()
    old = CohortFactory(
        status="closed",
        starts_on=today - timedelta(days=800),
        ends_on=today - timedelta(days=400),
        applications_open_on=today - timedelta(days=900),
        applications_close_on=today - timedelta(days=850),
    )
    recent = CohortFactory(
        status="closed",
        starts_on=today - timedelta(days=300),
        ends_on=today - timedelta(days=100),
        applications_open_on=today - timedelta(days=400),
        applications_close_on=today - timedelta(days=350),
    )
    gone = UserFactory(email="old.timer@trust.example")
    both = UserFactory(email="returner@trust.example")
    staff = UserFactory(email="office.applicant@icb.example", is_staff=True)
    add_participant(old, gone)
    add_participant(old, both)
    add_participant(recent, both)
    Application.objects.create(cohort=old, applicant=staff, side=Side.ASPIRING)
    add_role(old, UserFactory(email="faculty.keeps@icb.example"), CohortRole.Role.FACULTY)
    return {"old": old, "recent": recent, "gone": gone, "both": both, "staff": staff}


def test_retention_dry_run_changes_nothing_then_erases_only_those_whose_cohorts_are_all_due(
    retention, capsys
):
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert f"Would erase 1 people (accounts: {retention['gone'].pk})" in out
    assert "Kept for now: 2 people" in out
    retention["gone"].refresh_from_db()
    assert retention["gone"].is_active
    assert "old.timer" not in out  # no addresses in logs

    call_command("apply_retention")
    for key in ("gone", "both", "staff"):
        retention[key].refresh_from_db()
    assert not retention["gone"].is_active
    assert retention["both"].is_active and retention["staff"].is_active
    assert AuditEvent.objects.get(action="privacy.erased").detail["reason"] == "retention"


def test_a_programme_may_keep_data_longer_and_the_last_poll_counts_as_closing(retention):
    from mutuality.polls.models import Wave
    from mutuality.polls.services import default_instrument
    from mutuality.privacy.selectors import retention_due

    old = retention["old"]
    today = timezone.localdate()
    Wave.objects.create(
        cohort=old,
        instrument=default_instrument(),
        stage="follow_up_12",
        title="A year on",
        opens_on=today - timedelta(days=60),
        closes_on=today - timedelta(days=40),
    )
    assert retention_due()[0] == []
    Wave.objects.filter(cohort=old).delete()
    old.programme.retention_months = 24
    old.programme.save()
    assert retention_due()[0] == []
    old.programme.retention_months = 12
    old.programme.save()
    assert retention_due()[0] == [retention["gone"].pk]


def test_the_office_sees_what_is_due(client, retention, cast):
    client.force_login(cast.office)
    page = client.get(reverse("privacy:office")).content.decode()
    assert "Due now: <strong>1</strong> person to erase" in page
    assert retention["old"].name in page


# The privacy notice -----------------------------------------------------------------------


def test_the_privacy_notice_is_drawn_from_configuration(client, settings, db):
    settings.PRIVACY_CONTROLLERS = ["Castlebrook ICB", "Harrowfield NHS Trust"]
    settings.PRIVACY_DPO_CONTACT = "Jo Privacy, dpo@castlebrook.example"
    CohortFactory().programme.__class__.objects.update(retention_months=18)
    page = client.get(reverse("privacy")).content.decode()
    assert "joint controllers" in page
    assert "Castlebrook ICB" in page and "Harrowfield NHS Trust" in page
    assert "dpo@castlebrook.example" in page
    assert "Article 9(2)(g)" in page and "Schedule 1" in page and "paragraph 8" in page
    assert "Article 6(1)(e)" in page
    assert "18 months after the cohort closes" in page
    assert "Information Commissioner" in page
    assert "Private reflections" in page


def test_opening_a_profile_in_the_admin_is_a_special_category_read(client, cast):
    _adjustments(cast.aspiring)
    client.force_login(cast.office)
    profile = cast.aspiring.about_me
    url = reverse("admin:applications_aboutme_change", args=[profile.pk])
    assert client.get(url).status_code == 200
    event = AuditEvent.objects.get(action=SPECIAL_CATEGORY_READ)
    assert (event.actor, event.target_id, event.detail["where"]) == (
        cast.office,
        str(cast.aspiring.pk),
        "admin",
    )


def test_a_staff_members_download_says_what_they_did_to_others_without_the_details(cast):
    audit(
        actor=cast.programme_manager,
        action="approval.recorded",
        target=cast.application,
        reason="APPLICANT-PRIVATE reason",
    )
    text = json.dumps(my_data(cast.programme_manager))
    assert "approval.recorded" in text
    assert "APPLICANT-PRIVATE" not in text
    # The applicant's own download has it: it is about them.
    assert "APPLICANT-PRIVATE" in json.dumps(my_data(cast.applicant))


def test_a_session_page_records_whose_adjustments_faculty_read(client, cast):
    session = Session.objects.create(
        cohort=cast.cohort, kind="lab", title="Lab", starts_at=timezone.now() + timedelta(days=3)
    )
    Invitation.objects.create(session=session, user=cast.aspiring)
    Invitation.objects.create(session=session, user=cast.established)
    _adjustments(cast.aspiring, faculty_may_see=True)
    _adjustments(cast.established)  # not shared with faculty
    client.force_login(cast.faculty)
    page = client.get(reverse("timeline:session", args=[cast.cohort.pk, session.pk]))
    assert page.content.decode().count("Captions in video calls") == 1
    reads = AuditEvent.objects.filter(action=SPECIAL_CATEGORY_READ)
    assert [(e.actor, e.target_id) for e in reads] == [(cast.faculty, str(cast.aspiring.pk))]
