"""Applying, line-manager approval by link, and the programme team's decisions."""

import hashlib
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mutuality.applications import services
from mutuality.applications.models import (
    AboutMe,
    AboutMeSection,
    Application,
    EqualityMonitoring,
    LivedExperienceConsent,
    ManagerApproval,
)
from mutuality.audit.models import AuditEvent
from mutuality.matchruns import selectors as matching_selectors
from mutuality.polls.models import CareerOutcome, Response, Wave
from mutuality.polls.services import default_instrument
from mutuality.programmes.models import Cohort, CohortRole, Participation

from .factories import (
    CohortFactory,
    OrganisationFactory,
    UserFactory,
    accept_and_send,
    add_role,
    give_totp,
    manager_approves,
    submitted_application,
)

Status = Application.Status


@pytest.fixture
def cohort(db):
    cohort = CohortFactory(topics=["Digital inclusion", "Leading teams"])
    cohort.programme.matches_on_lived_experience = True
    cohort.programme.time_commitment = "an hour a month for nine months"
    cohort.programme.save()
    return cohort


@pytest.fixture
def manager(cohort):
    pm = UserFactory(email="pm@icb.example", first_name="Pat")
    give_totp(pm)
    add_role(cohort, pm, CohortRole.Role.PROGRAMME_MANAGER)
    return pm


def link_from(message) -> str:
    line = next(word for word in message.body.split() if "/approve/" in word)
    return line[line.index("/approve/") :]


def test_an_applicant_fills_in_each_part_and_sends_it(
    client, cohort, manager, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Northmere Hospitals")
    cohort.cohort_organisations.create(organisation=organisation, places=4)
    ade = UserFactory(email="ade@trust.example", first_name="Ade", last_name="Bello")
    client.force_login(ade)

    response = client.post(reverse("applications:apply", args=[cohort.pk]), {"side": "aspiring"})
    application = Application.objects.get(applicant=ade)
    assert response.url == reverse("applications:overview", args=[application.pk])

    def save(key: str, data: dict):
        url = reverse("applications:section", args=[application.pk, key])
        return client.post(url, data)

    assert save(
        "role",
        {"organisation": organisation.pk, "job_title": "Staff Nurse", "band": "Band 5"},
    ).url.endswith("/manager/")
    save("manager", {"line_manager_email": "jo.manager@trust.example"})
    save("hopes", {"aspirations": "Lead a ward", "experience": "Eight years of nursing"})
    save("topics", {"topics": ["Digital inclusion"]})
    save("availability", {"availability": ["tue-morning"], "meeting_modes": ["video"]})
    save("preferences", {"avoid_emails": "someone@trust.example"})
    save(
        "about-me",
        {
            "communication_text": "Email first",
            "communication_partner": "on",
            "helps_text": "Agendas",
        },
    )
    save("equality", {"ethnicity": "black", "disability": "prefer_not_to_say"})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:check", args=[application.pk]), {"eligibility_confirmed": "on"}
        )
    assert response.url == reverse("applications:sent", args=[application.pk])
    application.refresh_from_db()
    assert application.status == Status.AWAITING_MANAGER
    assert application.seniority_level == 5
    assert application.avoid_emails == ["someone@trust.example"]
    # Equality monitoring is kept apart from the application.
    assert EqualityMonitoring.objects.get(user=ade, cohort=cohort).ethnicity == "black"
    sections = {s.key: s for s in AboutMeSection.objects.filter(profile__user=ade)}
    assert (
        sections["communication"].partner_may_see and not sections["communication"].faculty_may_see
    )
    to_manager = next(m for m in mail.outbox if m.to == ["jo.manager@trust.example"])
    assert "Ade Bello" in to_manager.body
    assert "/approve/" in to_manager.body


def test_sending_with_answers_missing_says_what_and_keeps_the_draft(client, cohort):
    ade = UserFactory()
    client.force_login(ade)
    application = services.application_start(cohort=cohort, applicant=ade, side="aspiring")
    response = client.post(
        reverse("applications:check", args=[application.pk]), {"eligibility_confirmed": "on"}
    )
    page = response.content.decode()
    assert "Enter your line manager&#39;s email address" in page
    assert "Choose at least one way you could meet" in page
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_answers_cannot_change_after_applications_close(client, cohort):
    application = submitted_application(cohort, UserFactory())
    cohort.applications_close_on = timezone.localdate() - timedelta(days=1)
    cohort.save()
    client.force_login(application.applicant)
    response = client.post(
        reverse("applications:section", args=[application.pk, "hopes"]),
        {"aspirations": "Changed", "experience": "Changed"},
    )
    assert response.url == reverse("applications:overview", args=[application.pk])
    application.refresh_from_db()
    assert application.aspirations != "Changed"


def test_withdrawing_at_any_time(client, cohort):
    application = submitted_application(cohort, UserFactory())
    client.force_login(application.applicant)
    client.post(reverse("applications:withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    # The line manager's link stops working too.
    assert not application.approvals.filter(superseded=False, decision="pending").exists()


def test_lived_experience_consent_is_separate_and_withdrawn_as_easily(client, cohort):
    application = submitted_application(cohort, UserFactory())
    client.force_login(application.applicant)
    url = reverse("applications:section", args=[application.pk, "consent"])
    response = client.post(url, {"experiences": ["neurodivergence"]})
    assert "Tick the box to give your consent" in response.content.decode()
    client.post(url, {"experiences": ["neurodivergence"], "consent": "on"})
    consent = LivedExperienceConsent.objects.get(user=application.applicant)
    assert consent.active and consent.experiences == ["neurodivergence"]
    client.post(reverse("applications:consent_withdraw", args=[application.pk]))
    consent.refresh_from_db()
    assert not consent.active and consent.experiences == []


# The line manager's link


@pytest.fixture
def approval_link(cohort):
    application = submitted_application(cohort, UserFactory(first_name="Ade"))
    application.approvals.update(superseded=True)
    approval, token = ManagerApproval.issue(application, days=14)
    return approval, reverse("applications:approve", args=[token]), token


def test_the_link_is_long_random_and_stored_only_as_a_hash(approval_link):
    approval, _, token = approval_link
    assert len(token) >= 43  # 32 random bytes: 256 bits
    assert approval.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not ManagerApproval.objects.filter(token_hash=token).exists()


def test_opening_the_link_decides_nothing(client, approval_link):
    approval, url, _ = approval_link
    for method in (client.get, client.head, client.get):
        assert method(url).status_code == 200
    approval.refresh_from_db()
    assert approval.decision == "pending" and approval.used_at is None
    assert approval.application.status == Status.AWAITING_MANAGER
    page = client.get(url).content.decode()
    assert "Do you support Ade" in page
    # What the programme involves, so the manager can judge the time away from work.
    assert "An hour a month for nine months" in page


def test_approving_by_post_then_the_link_is_gone(client, approval_link, manager):
    approval, url, _ = approval_link
    client.post(url, {"decision": "approve", "comment": "Happy to support"})
    approval.refresh_from_db()
    assert approval.decision == "approved" and approval.comment == "Happy to support"
    assert approval.application.status == Status.MANAGER_APPROVED
    again = client.post(url, {"decision": "decline"})
    assert again.status_code == 410
    assert "already been given" in again.content.decode()
    assert "pm@icb.example" in again.content.decode()
    approval.refresh_from_db()
    assert approval.decision == "approved"


def test_an_expired_link_is_gone(client, approval_link):
    approval, url, _ = approval_link
    ManagerApproval.objects.filter(pk=approval.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(url)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert client.post(url, {"decision": "approve"}).status_code == 410


def test_an_unknown_link_is_not_found(client, db):
    assert client.get(reverse("applications:approve", args=["made-up"])).status_code == 404


def test_links_expire_after_the_cohorts_number_of_days(cohort):
    cohort.manager_link_days = 3
    cohort.save()
    application = submitted_application(cohort, UserFactory())
    approval = application.approvals.get()
    assert approval.expires_at - approval.created_at == pytest.approx(
        timedelta(days=3), abs=timedelta(seconds=5)
    )


def test_reminders_go_once_after_the_set_number_of_days(cohort, django_capture_on_commit_callbacks):
    application = submitted_application(cohort, UserFactory())
    first = application.approvals.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_manager_reminders(now=timezone.now() + timedelta(days=4)) == 0
        assert services.send_manager_reminders(now=timezone.now() + timedelta(days=6)) == 1
        assert services.send_manager_reminders(now=timezone.now() + timedelta(days=7)) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Reminder")
    first.refresh_from_db()
    assert first.superseded  # the reminder carries the working link


def test_resending_replaces_the_link_and_is_audited(client, approval_link, manager):
    approval, old_url, _ = approval_link
    client.force_login(manager)
    cohort = approval.application.cohort
    client.post(reverse("applications:resend", args=[cohort.pk, approval.application.pk]))
    assert client.get(old_url).status_code == 410
    assert AuditEvent.objects.filter(action="approval.resent", actor=manager).exists()


def test_recording_an_approval_given_another_way_needs_a_reason(client, approval_link, manager):
    approval, _, _ = approval_link
    application = approval.application
    client.force_login(manager)
    url = reverse("applications:record_approval", args=[application.cohort.pk, application.pk])
    response = client.post(url, {"approved": "yes", "reason": ""})
    assert "Enter an answer to \u201cHow did they tell you?\u201d" in response.content.decode()
    client.post(url, {"approved": "yes", "reason": "Confirmed by email on 3 March"})
    application.refresh_from_db()
    assert application.status == Status.MANAGER_APPROVED
    event = AuditEvent.objects.get(action="approval.recorded")
    assert event.actor == manager and event.detail["reason"] == "Confirmed by email on 3 March"


# Decisions


def test_a_decision_is_a_draft_until_the_team_sends_it(
    client, cohort, manager, django_capture_on_commit_callbacks
):
    applicant = UserFactory(email="ade@trust.example", first_name="Ade", last_name="Bello")
    application = manager_approves(submitted_application(cohort, applicant))
    mail.outbox.clear()
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:decide", args=[cohort.pk, application.pk]),
            {"decision": "accept", "reason": "Strong on digital inclusion"},  # a team note
            follow=True,
        )
    assert "saved as a draft" in response.content.decode()
    # Saving told nobody and let nobody in.
    assert mail.outbox == []
    assert not Participation.objects.filter(cohort=cohort, user=applicant).exists()
    client.force_login(applicant)
    overview = client.get(reverse("applications:overview", args=[application.pk]))
    assert "Being considered" in overview.content.decode()

    # The team reads each email before one press sends them all.
    client.force_login(manager)
    send_url = reverse("applications:send_decisions", args=[cohort.pk])
    preview = client.get(send_url).content.decode()
    assert "Hello Ade" in preview and "Good news" in preview
    assert "Strong on digital inclusion" not in preview  # the team's note is never emailed
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send_url, {"application": [application.pk]})
    (sent,) = mail.outbox
    assert sent.to == ["ade@trust.example"] and "Good news" in sent.body
    assert "Strong on digital inclusion" not in sent.body
    part = Participation.objects.get(cohort=cohort, user=applicant)
    assert part.side == "aspiring" and part.band == "Band 5"
    # Sending again sends nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send_url, {"application": [application.pk]})
    assert len(mail.outbox) == 1


def test_decision_emails_use_the_programmes_own_wording(client, cohort, manager):
    application = manager_approves(submitted_application(cohort, UserFactory(first_name="Ade")))
    client.force_login(manager)
    client.post(
        reverse("programmes:emails", args=[cohort.programme.slug]),
        {"accept_email_text": "You are in. Your first lab is on 4 May.", "decline_email_text": ""},
    )
    services.applications_decide(applications=[application], decision="accept", by=manager)
    preview = client.get(reverse("applications:send_decisions", args=[cohort.pk]))
    page = preview.content.decode()
    assert "You are in. Your first lab is on 4 May." in page and "Good news" not in page


def test_accepting_needs_the_line_managers_approval_or_a_reason(client, cohort, manager):
    waiting = submitted_application(cohort, UserFactory(first_name="Wes", last_name="Wait"))
    url = reverse("applications:decide", args=[cohort.pk, waiting.pk])
    client.force_login(manager)
    response = client.post(url, {"decision": "accept"}, follow=True)
    assert "Wes Wait&#39;s line manager has not answered yet" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Status.AWAITING_MANAGER

    # Waiting list and decline need no approval.
    client.post(url, {"decision": "waitlist"})
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED

    # An explicit override is kept, with its reason, in the audit log.
    client.post(url, {"decision": "accept", "override_reason": "Manager on leave; director agreed"})
    waiting.refresh_from_db()
    assert waiting.status == Status.ACCEPTED
    assert waiting.approval_override_reason == "Manager on leave; director agreed"
    event = AuditEvent.objects.get(action="application.accepted_without_approval")
    assert event.actor == manager and event.detail["reason"].startswith("Manager on leave")


def test_an_application_the_manager_declined_cannot_be_accepted_without_a_reason(
    client, cohort, manager
):
    application = submitted_application(cohort, UserFactory(first_name="Dee", last_name="Clined"))
    approval = application.approvals.get(decision="pending")
    services.approval_decide(approval=approval, approve=False, comment="Not this year")
    client.force_login(manager)
    response = client.post(
        reverse("applications:decide", args=[cohort.pk, application.pk]),
        {"decision": "accept"},
        follow=True,
    )
    assert "Dee Clined&#39;s line manager did not approve it" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.MANAGER_DECLINED


def test_a_manager_declining_after_acceptance_flags_it_and_tells_the_applicant_nothing(
    client, cohort, manager, django_capture_on_commit_callbacks
):
    applicant = UserFactory(email="ade@trust.example", first_name="Ade", last_name="Bello")
    application = submitted_application(cohort, applicant)
    approval = application.approvals.get(decision="pending")
    services.applications_decide(
        applications=[application], decision="accept", by=manager, override_reason="Agreed"
    )
    services.decisions_send(cohort=cohort, by=manager)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.approval_decide(approval=approval, approve=False, comment="Too busy")
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED and application.manager_declined_after_decision
    # Only the team hears of it; the applicant is told nothing until the team decides.
    assert [m.to for m in mail.outbox] == [["pm@icb.example"]]
    assert application not in matching_selectors.matchable(cohort)
    client.force_login(applicant)
    overview = client.get(reverse("applications:overview", args=[application.pk]))
    assert "Being considered" in overview.content.decode()
    client.force_login(manager)
    page = client.get(reverse("applications:review", args=[cohort.pk])).content.decode()
    assert "Line manager declined: decide again" in page
    # The team decides again: the flag clears and the new decision waits to be sent.
    services.applications_decide(applications=[application], decision="waitlist", by=manager)
    application.refresh_from_db()
    assert not application.manager_declined_after_decision and application.decision_is_draft


def test_changing_a_sent_decision_keeps_what_the_person_wrote(cohort, manager):
    """A status change never deletes anything: the participation is marked, its poll answers
    and career moves stay."""
    application = submitted_application(cohort, UserFactory())
    accept_and_send([application], manager)
    part = Participation.objects.get(cohort=cohort, user=application.applicant)
    today = timezone.localdate()
    wave = Wave.objects.create(
        cohort=cohort, instrument=default_instrument(), stage="baseline",
        title="Baseline poll", opens_on=today, closes_on=today,
    )  # fmt: skip
    Response.objects.create(wave=wave, participation=part, answers={"recommend": 9})
    CareerOutcome.objects.create(
        participation=part, kind="promotion", happened_on=timezone.localdate()
    )
    services.applications_decide(applications=[application], decision="waitlist", by=manager)
    services.decisions_send(cohort=cohort, by=manager)
    part.refresh_from_db()
    assert part.status == Participation.Status.WITHDRAWN
    assert Response.objects.filter(participation=part).count() == 1
    assert CareerOutcome.objects.filter(participation=part).count() == 1
    # Accepting again brings the same participation back.
    accept_and_send([application], manager)
    part.refresh_from_db()
    assert part.status == Participation.Status.ACTIVE


def test_deciding_many_is_all_or_nothing(client, cohort, manager):
    good = [manager_approves(submitted_application(cohort, UserFactory())) for _ in range(2)]
    withdrawn = submitted_application(cohort, UserFactory())
    services.application_withdraw(application=withdrawn)
    not_answered = submitted_application(cohort, UserFactory())
    client.force_login(manager)
    for extra in (withdrawn, not_answered):
        response = client.post(
            reverse("applications:decide_many", args=[cohort.pk]),
            {"application": [a.pk for a in [*good, extra]], "decision": "accept"},
            follow=True,
        )
        assert "Nothing was changed" in response.content.decode()
        assert not Application.objects.filter(status=Status.ACCEPTED).exists()

    client.post(
        reverse("applications:decide_many", args=[cohort.pk]),
        {"application": [a.pk for a in good], "decision": "accept"},
    )
    assert Application.objects.filter(status=Status.ACCEPTED).count() == 2


def test_review_list_finds_people_by_name_or_email(client, cohort, manager):
    for email in ["sam.lee@trust.example", "sam.lee@council.example"]:
        submitted_application(cohort, UserFactory(email=email, first_name="Sam", last_name="Lee"))
    submitted_application(cohort, UserFactory(first_name="Ola", last_name="Ade"))
    client.force_login(manager)
    url = reverse("applications:review", args=[cohort.pk])
    page = client.get(url).content.decode()
    # Two people with one name are told apart by email address and band.
    assert "sam.lee@trust.example" in page and "sam.lee@council.example" in page
    assert "Band 5" in page
    found = client.get(url, {"q": "council"}).content.decode()
    assert "sam.lee@council.example" in found and "sam.lee@trust.example" not in found
    assert "Ola" not in client.get(url, {"q": "sam lee"}).content.decode()


def test_review_list_filters_and_shows_places_against_acceptances(client, cohort, manager):
    trust, council = OrganisationFactory(name="Trust A"), OrganisationFactory(name="Council B")
    cohort.cohort_organisations.create(organisation=trust, places=1)
    cohort.cohort_organisations.create(organisation=council, places=3)
    a = submitted_application(cohort, UserFactory(last_name="Alpha"), organisation=trust)
    submitted_application(
        cohort, UserFactory(last_name="Beta"), side="established", organisation=council
    )
    accept_and_send([a], manager)
    client.force_login(manager)
    page = client.get(reverse("applications:review", args=[cohort.pk])).content.decode()
    assert "Alpha" in page and "Beta" in page
    filtered = client.get(
        reverse("applications:review", args=[cohort.pk]), {"side": "established"}
    ).content.decode()
    assert "Beta" in filtered and "Alpha" not in filtered
    by_org = client.get(
        reverse("applications:review", args=[cohort.pk]), {"organisation": trust.pk}
    ).content.decode()
    assert "Alpha" in by_org and "Beta" not in by_org


def test_faculty_read_only_what_applicants_shared_with_faculty(client, cohort, manager):
    application = submitted_application(cohort, UserFactory())
    profile = services.about_me_get_or_create(user=application.applicant)
    AboutMeSection.objects.filter(profile=profile, key="communication").update(
        text="Shared with faculty", faculty_may_see=True
    )
    AboutMeSection.objects.filter(profile=profile, key="adjustments").update(
        text="Only for the programme team", faculty_may_see=False
    )
    faculty = UserFactory()
    give_totp(faculty)
    add_role(cohort, faculty, CohortRole.Role.FACULTY)
    url = reverse("applications:review_detail", args=[cohort.pk, application.pk])
    client.force_login(faculty)
    page = client.get(url).content.decode()
    assert "Shared with faculty" in page and "Only for the programme team" not in page
    assert "Save decision" not in page
    client.force_login(manager)
    page = client.get(url).content.decode()
    assert "Only for the programme team" in page


def test_drafts_stay_private_to_the_applicant(client, cohort, manager):
    draft = services.application_start(
        cohort=cohort, applicant=UserFactory(last_name="Draftson"), side="aspiring"
    )
    client.force_login(manager)
    assert (
        "Draftson"
        not in client.get(reverse("applications:review", args=[cohort.pk])).content.decode()
    )
    url = reverse("applications:review_detail", args=[cohort.pk, draft.pk])
    assert client.get(url).status_code == 404


def test_a_decision_cannot_be_undone_once_someone_has_a_partner(client, cast):
    """Declining someone already in a published pair would orphan their partnership."""
    application = cast.cohort.applications.get(applicant=cast.aspiring)
    client.force_login(cast.programme_manager)
    response = client.post(
        reverse("applications:decide", args=[cast.cohort.pk, application.pk]),
        {"decision": "decline", "reason": "Changed our minds"},
        follow=True,
    )
    assert "already has a learning partner" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED


@pytest.mark.parametrize(
    "change",
    [
        {"status": "draft"},
        {"status": "running"},
        {"applications_close_on": timezone.localdate() - timedelta(days=1)},
        {"applications_open_on": timezone.localdate() + timedelta(days=1)},
    ],
)
def test_a_cohort_not_taking_applications_is_not_found(client, cohort, change):
    """Otherwise anyone signed in could read every cohort and programme name by number."""
    Cohort.objects.filter(pk=cohort.pk).update(**change)
    client.force_login(UserFactory())
    response = client.get(reverse("applications:apply", args=[cohort.pk]))
    assert response.status_code == 404
    assert cohort.name.encode() not in response.content
    assert cohort.programme.name.encode() not in response.content


def test_someone_who_applied_still_reaches_their_application_after_the_window(client, cohort):
    applicant = UserFactory()
    application = submitted_application(cohort, applicant)
    Cohort.objects.filter(pk=cohort.pk).update(status="running")
    client.force_login(applicant)
    response = client.get(reverse("applications:apply", args=[cohort.pk]))
    assert response.url == reverse("applications:overview", args=[application.pk])


@pytest.mark.parametrize(
    ("name", "email", "shown"),
    [
        ("Dan Wright", "dan.wright@trust.example", "Dan Wright (dan.wright@trust.example)"),
        ("", "dan.wright@trust.example", "dan.wright@trust.example"),
        ("Dan Wright", "", "Dan Wright"),
    ],
)
def test_the_line_manager_is_shown_with_both_brackets(cohort, name, email, shown):
    from mutuality.applications.presenters import line_manager_text

    application = Application(cohort=cohort, line_manager_name=name, line_manager_email=email)
    assert line_manager_text(application) == shown


def test_programme_managers_change_the_questions_without_the_admin(client, cohort, manager):
    application = submitted_application(cohort, UserFactory())
    url = reverse("applications:questions", args=[cohort.programme.slug])
    client.force_login(manager)
    response = client.post(url, {"text": "", "side": ""})
    assert "Enter the question" in response.content.decode()
    client.post(url, {"text": "Why now?", "side": "aspiring", "required": "on", "order": 1})
    question = cohort.programme.questions.get()
    assert question.side == "aspiring" and question.required

    # Once someone has answered, removing it would lose their answer: it is refused.
    Application.objects.filter(pk=application.pk).update(
        extra_answers={str(question.pk): "Ready to lead"}
    )
    remove = reverse("applications:question_remove", args=[cohort.programme.slug, question.pk])
    response = client.post(remove, follow=True)
    assert "cannot be removed" in response.content.decode()
    assert cohort.programme.questions.exists()
    client.post(
        reverse("applications:question_edit", args=[cohort.programme.slug, question.pk]),
        {"text": "Why is now the right time?", "side": "", "order": 1},
    )
    question.refresh_from_db()
    assert question.text == "Why is now the right time?" and not question.required


def test_when_someone_withdraws_the_team_is_pointed_to_the_waiting_list(client, cohort, manager):
    leaving, waiting = (
        manager_approves(submitted_application(cohort, UserFactory())) for _ in range(2)
    )
    accept_and_send([leaving], manager)
    services.applications_decide(applications=[waiting], decision="waitlist", by=manager)
    services.decisions_send(cohort=cohort, by=manager)
    client.force_login(manager)
    url = reverse("applications:review", args=[cohort.pk])
    assert "See the waiting list" not in client.get(url).content.decode()
    services.application_withdraw(application=leaving)
    page = client.get(url).content.decode()
    assert "1 person with a place withdrew" in page
    assert "See the waiting list" in page


def test_opening_the_about_me_page_writes_nothing_and_saving_it_makes_the_profile(client, db):
    person = UserFactory()
    client.force_login(person)
    url = reverse("applications:about_me")
    page = client.get(url)
    assert page.status_code == 200
    # Outside an application, the title names the profile, not "Your application to ".
    assert "<title>Your about-me profile – Mutuality</title>" in page.content.decode()
    assert not AboutMe.objects.filter(user=person).exists()
    data = {f"{key}_text": "" for key in AboutMeSection.Key.values}
    data["communication_text"] = "Email me first"
    data["communication_partner"] = "on"
    assert client.post(url, data).status_code == 302
    sections = AboutMe.objects.get(user=person).section_map()
    assert sections["communication"].text == "Email me first"
    assert sections["communication"].partner_may_see
    assert not sections["communication"].faculty_may_see
    assert set(sections) == set(AboutMeSection.Key.values)


def test_check_your_answers_says_not_given_for_times_and_ways_to_meet_left_empty(client, cast):
    from mutuality.applications.presenters import answers_summary

    Application.objects.filter(pk=cast.application.pk).update(availability=[], meeting_modes=[])
    cast.application.refresh_from_db()
    rows = {row["key"]["text"]: row["value"] for row in answers_summary(cast.application)}
    assert rows["When I could meet"] == {"html": "Not given"}
    assert rows["How I could meet"] == {"html": "Not given"}


def test_choosing_no_side_puts_the_problem_at_the_top_of_the_page(client, cohort):
    """Someone who missed the choice sees what went wrong first, not below the description."""
    client.force_login(UserFactory())
    url = reverse("applications:apply", args=[cohort.pk])
    page = client.post(url, {"side": ""}).content.decode()
    assert "nhsuk-error-summary" in page
    assert page.index("nhsuk-error-summary") < page.index("<h1")


def test_empty_hopes_are_asked_for_in_the_services_voice(client, cohort):
    """The labels are the applicant's own words ("What I bring"); the errors speak to them."""
    applicant = UserFactory()
    client.force_login(applicant)
    client.post(reverse("applications:apply", args=[cohort.pk]), {"side": "aspiring"})
    application = Application.objects.get(applicant=applicant)
    url = reverse("applications:section", args=[application.pk, "hopes"])
    page = client.post(url, {"aspirations": "", "experience": ""}).content.decode()
    assert "Enter what you hope to gain" in page
    assert "Enter what you bring" in page
    assert "Enter what I" not in page
