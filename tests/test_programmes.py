"""Programmes and cohorts as the programme office runs them."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mutuality.accounts.models import User
from mutuality.programmes import services
from mutuality.programmes.models import Cohort, CohortOrganisation, CohortRole, Programme

from .factories import CohortFactory, OrganisationFactory, ProgrammeFactory, UserFactory, add_role


@pytest.fixture
def office_client(client, db):
    from .factories import give_totp

    office = UserFactory(email="office@icb.example", is_staff=True)
    give_totp(office)
    client.force_login(office)
    return client


def test_each_kind_of_programme_names_its_sides(db):
    reciprocal = ProgrammeFactory(kind=Programme.Kind.RECIPROCAL)
    shadowing = ProgrammeFactory(kind=Programme.Kind.SHADOWING)
    custom = ProgrammeFactory(kind=Programme.Kind.TRADITIONAL, established_label="guide")
    assert reciprocal.side_labels == {
        "aspiring": "aspiring leader",
        "established": "established leader",
    }
    assert shadowing.side_labels == {"aspiring": "shadow", "established": "host"}
    assert custom.side_labels == {"aspiring": "mentee", "established": "guide"}


def test_copying_a_cohort_moves_every_date_and_keeps_organisations_and_team(db):
    source = CohortFactory(
        name="2026 cohort",
        status=Cohort.Status.CLOSED,
        applications_open_on=date(2025, 11, 3),
        applications_close_on=date(2025, 12, 12),
        starts_on=date(2026, 1, 12),
        ends_on=date(2026, 9, 30),
        expected_meetings=9,
    )
    organisation = OrganisationFactory()
    CohortOrganisation.objects.create(cohort=source, organisation=organisation, places=6)
    manager = UserFactory()
    add_role(source, manager, CohortRole.Role.PROGRAMME_MANAGER)

    copy = services.cohort_copy(source=source, name="2027 cohort", starts_on=date(2027, 1, 11))

    assert copy.status == Cohort.Status.DRAFT
    assert (copy.applications_open_on, copy.applications_close_on) == (
        date(2026, 11, 2),
        date(2026, 12, 11),
    )
    assert copy.ends_on == date(2027, 9, 29)
    assert copy.expected_meetings == 9
    assert copy.copied_from == source
    assert list(copy.cohort_organisations.values_list("organisation", "places")) == [
        (organisation.pk, 6)
    ]
    assert copy.roles.get().user == manager
    assert not copy.participations.exists()


def test_a_cohort_moves_forward_one_stage_at_a_time_and_stops_when_closed(db):
    cohort = CohortFactory(status=Cohort.Status.DRAFT)
    stages = []
    for _ in range(4):
        cohort = services.cohort_advance(cohort=cohort)
        stages.append(cohort.status)
    assert stages == ["recruiting", "matching", "running", "closed"]
    with pytest.raises(ValidationError, match="closed"):
        services.cohort_advance(cohort=cohort)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ends_on", date(2027, 2, 1), "must end after it starts"),
        ("applications_close_on", date(2027, 3, 15), "close before the programme starts"),
        ("min_group_size", 5, "Smallest group shown in figures must be 10 or more"),
    ],
)
def test_cohort_dates_and_threshold_are_checked(db, field, value, message):
    dates = {
        "applications_open_on": date(2027, 1, 4),
        "applications_close_on": date(2027, 2, 12),
        "starts_on": date(2027, 3, 1),
        "ends_on": date(2027, 11, 30),
    }
    cohort = CohortFactory.build(programme=ProgrammeFactory(), **{**dates, field: value})
    with pytest.raises(ValidationError, match=message):
        cohort.full_clean()


def test_granting_a_role_to_someone_new_makes_their_account(db):
    cohort = CohortFactory()
    grant = services.cohort_role_grant(
        cohort=cohort,
        email="New.Faculty@CVA.example",
        role=CohortRole.Role.FACULTY,
        first_name="Nia",
        last_name="Okafor",
    )
    user = User.objects.get(email="new.faculty@cva.example")
    assert grant.user == user and user.first_name == "Nia"
    assert not user.has_usable_password()
    # Granting again changes nothing.
    services.cohort_role_grant(cohort=cohort, email=user.email, role=CohortRole.Role.FACULTY)
    assert cohort.roles.count() == 1


def test_creating_a_programme_shows_errors_in_the_summary(office_client):
    response = office_client.post(reverse("programmes:new"), {"name": "", "kind": "reciprocal"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'href="#id_name"' in page and 'href="#id_summary"' in page
    assert "<title>Error: " in page
    assert not Programme.objects.exists()


def test_creating_a_cohort_through_the_form(office_client):
    programme = ProgrammeFactory()
    response = office_client.post(
        reverse("programmes:cohort_new", args=[programme.slug]),
        {
            "name": "2027 cohort",
            "applications_open_on": "2026-11-02",
            "applications_close_on": "2026-12-18",
            "starts_on": "2027-01-18",
            "ends_on": "2027-10-29",
            "expected_meetings": "9",
            "meeting_minutes": "60",
            "min_group_size": "10",
            "topics": "Digital inclusion\nLeading teams\ndigital inclusion",
            "manager_link_days": "14",
            "manager_reminder_days": "5",
            "quiet_after_weeks": "6",
            "at_risk_after_weeks": "10",
            "missed_sessions_allowed": "1",
        },
    )
    cohort = Cohort.objects.get(programme=programme)
    assert response.url == cohort.get_absolute_url()
    assert cohort.status == Cohort.Status.DRAFT
    assert cohort.topics == ["Digital inclusion", "Leading teams"]  # one per line, no repeats


def test_copy_refuses_a_name_already_used(office_client):
    source = CohortFactory(name="2026 cohort")
    CohortFactory(programme=source.programme, name="2027 cohort")
    response = office_client.post(
        reverse("programmes:cohort_copy", args=[source.pk]),
        {"name": "2027 Cohort", "starts_on": "2027-03-01"},
    )
    assert "already has a cohort with that name" in response.content.decode()
    assert Cohort.objects.count() == 2


def test_faculty_see_participants_but_steering_members_do_not(client, cast):
    for person, sees in [(cast.faculty, True), (cast.steering, False), (cast.aspiring, False)]:
        client.force_login(person)
        page = client.get(reverse("programmes:cohort", args=[cast.cohort.pk])).content.decode()
        assert (cast.established.get_full_name() in page) is sees, person.email


def test_a_programme_manager_lists_only_their_programmes(client, cast):
    ProgrammeFactory(name="Someone else's programme")
    client.force_login(cast.programme_manager)
    page = client.get(reverse("programmes:list")).content.decode()
    assert cast.cohort.programme.name in page
    assert "Someone else&#39;s programme" not in page


def test_radios_never_offer_a_blank_choice(office_client):
    page = office_client.get(reverse("organisations:new")).content.decode()
    assert 'type="radio"' in page
    assert "---------" not in page


def test_cohort_numbers_never_show_a_small_group(client, cast):
    """Steering group members see counts, always through the disclosure rules."""
    from mutuality.applications.models import EqualityMonitoring

    from .factories import submitted_application

    for n in range(14):
        user = UserFactory(email=f"applicant{n}@trust.example")
        submitted_application(cast.cohort, user)
        EqualityMonitoring.objects.create(
            cohort=cast.cohort, user=user, ethnicity="black" if n < 12 else "white"
        )
    client.force_login(cast.steering)
    page = client.get(reverse("programmes:numbers", args=[cast.cohort.pk])).content.decode()
    assert "Equality monitoring of applicants" in page
    # 12 said Black...: shown rounded; the 2 who said White are never shown as a number.
    assert "White" not in page
    assert ">2<" not in page and ">12<" not in page
    assert "applicant1@trust.example" not in page  # never a person


def test_moving_a_cohort_on_says_what_closes_and_asks_first(client, db):
    """'Move to matching' once closed applications a month early in one click."""
    from django.utils import timezone

    from .factories import give_totp, submitted_application

    today = timezone.localdate()
    cohort = CohortFactory(applications_close_on=today + timedelta(days=30))
    submitted_application(cohort, UserFactory())
    manager = UserFactory()
    give_totp(manager)
    add_role(cohort, manager, CohortRole.Role.PROGRAMME_MANAGER)
    client.force_login(manager)
    url = reverse("programmes:cohort_advance", args=[cohort.pk])
    page = client.get(url).content.decode()
    assert "Applications close today, 30 days before the planned closing date" in page
    assert "1 application is still waiting for a line manager" in page
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.RECRUITING  # looking changed nothing
    client.post(url)
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.MATCHING

    # Nothing irreversible has happened: it can go back, and applications open again.
    back = reverse("programmes:cohort_step_back", args=[cohort.pk])
    assert "Move back to recruiting" in client.get(back).content.decode()
    client.post(back)
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.RECRUITING
    # Once people have applied, it cannot go back to draft.
    page = client.get(back).content.decode()
    assert "cannot go back a stage" in page and "already sent applications" in page
    client.post(back)
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.RECRUITING


def test_a_cohort_with_published_pairs_cannot_step_back_to_recruiting(cast):
    Cohort.objects.filter(pk=cast.cohort.pk).update(status=Cohort.Status.MATCHING)
    cast.cohort.refresh_from_db()
    with pytest.raises(ValidationError, match="Partnerships have been published"):
        services.cohort_step_back(cohort=cast.cohort, by=cast.office)


def test_someone_added_to_the_team_is_told_once(db, django_capture_on_commit_callbacks):
    from django.core import mail

    cohort = CohortFactory()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.cohort_role_grant(
                cohort=cohort, email="dan.wright@trust.example", role="faculty",
                first_name="Dan", last_name="Wright",
            )  # fmt: skip
    (message,) = mail.outbox
    assert message.to == ["dan.wright@trust.example"]
    assert "Hello Dan" in message.body and "as faculty" in message.body
    assert "authenticator app" in message.body


def test_the_signed_out_home_page_lists_programmes_taking_applications(client, db):
    taking = CohortFactory(name="Spring cohort")
    CohortFactory(name="Not yet", status=Cohort.Status.DRAFT)
    page = client.get(reverse("home")).content.decode()
    assert f"{taking.programme.name}: Spring cohort" in page and "Not yet" not in page
