"""Matching a cohort in the app: runs saved with their settings, pins, forbids, swaps,
comparison, publishing as partnerships, and what participants see."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from mutuality.applications.models import AboutMeSection, Application, LivedExperienceConsent
from mutuality.applications.services import about_me_get_or_create, applications_decide
from mutuality.matchruns import selectors, services
from mutuality.matchruns.models import MatchRun
from mutuality.partnerships.models import Partnership
from mutuality.programmes.models import CohortRole

from ..factories import (
    CohortFactory,
    OrganisationFactory,
    UserFactory,
    accept_and_send,
    add_role,
    give_totp,
    manager_approves,
    submitted_application,
)


@pytest.fixture
def cohort(db):
    return CohortFactory(topics=["Digital inclusion", "Leading teams"])


@pytest.fixture
def manager(cohort):
    pm = UserFactory(email="pm@icb.example")
    give_totp(pm)
    add_role(cohort, pm, CohortRole.Role.PROGRAMME_MANAGER)
    return pm


@pytest.fixture
def people(cohort, manager):
    """Two aspiring and two established leaders in two organisations, all accepted."""
    trust, council = OrganisationFactory(name="Trust"), OrganisationFactory(name="Council")
    made = {}
    for key, side, org, band, topics in [
        ("asha", "aspiring", trust, "Band 5", ["Digital inclusion"]),
        ("ben", "aspiring", council, "Band 6", ["Leading teams"]),
        ("cara", "established", trust, "Band 8c", ["Leading teams"]),
        ("dev", "established", council, "VSM", ["Digital inclusion"]),
    ]:
        user = UserFactory(email=f"{key}@example.org", first_name=key.title(), last_name="Test")
        made[key] = submitted_application(
            cohort, user, side, organisation=org, band=band, topics=topics
        )
    accept_and_send(made.values(), manager)
    return {k: Application.objects.get(pk=v.pk) for k, v in made.items()}


def pairs_of(run: MatchRun) -> set[tuple[str, str]]:
    return {
        (p.aspiring.applicant.first_name, p.established.applicant.first_name)
        for p in run.pairs.select_related("aspiring__applicant", "established__applicant")
    }


def test_a_run_pairs_across_organisations_with_reasons(people, cohort, manager):
    waiting = submitted_application(cohort, UserFactory(first_name="Wait"), "aspiring")
    run = services.run_create(cohort=cohort, by=manager)
    assert run.status == MatchRun.Status.DONE
    # Different organisations (the cohort's rule): Asha (Trust) with Dev (Council), etc.
    assert pairs_of(run) == {("Asha", "Dev"), ("Ben", "Cara")}
    asha = run.pairs.get(aspiring=people["asha"])
    assert any("digital inclusion" in reason for reason in asha.reasons)
    # Only accepted applications are matched, and the run records what it used.
    assert not run.pairs.filter(aspiring=waiting).exists()
    assert run.people == 4 and run.settings_used["different_organisation"] is True
    assert len(run.inputs_version) == 64


def test_someone_left_over_is_told_why(people, cohort, manager):
    extra = submitted_application(cohort, UserFactory(first_name="Eve"), "aspiring")
    accept_and_send([extra], manager)
    run = services.run_create(cohort=cohort, by=manager)
    (left,) = run.unmatched.all()
    assert left.reason


def test_someone_left_over_is_named_with_who_rules_them_out(people, cohort, manager):
    extra = submitted_application(
        cohort,
        UserFactory(first_name="Joel", last_name="Carter"),
        "aspiring",
        organisation=people["cara"].organisation,
    )
    accept_and_send([extra], manager)
    run = services.run_create(cohort=cohort, by=manager)
    (left,) = run.unmatched.all()
    # Written for the team: it names Joel and who rules him out, and never says "you".
    assert left.reason.startswith("Joel Carter")
    assert "(Cara Test)" in left.reason and "same organisation" in left.reason
    assert " you" not in left.reason


def test_a_pin_that_breaks_a_rule_is_refused_until_the_rule_is_acknowledged(
    people, cohort, manager
):
    from mutuality.audit.models import AuditEvent

    asha, cara = people["asha"], people["cara"]  # both from the Trust
    with pytest.raises(services.RuleBroken) as refused:
        services.pair_pin(cohort=cohort, aspiring=asha, established=cara)
    assert "never pair people from the same organisation" in refused.value.messages[0]
    assert services.settings_for(cohort).pinned == []
    services.pair_pin(cohort=cohort, aspiring=asha, established=cara, acknowledged=True, by=manager)
    event = AuditEvent.objects.get(action="matching.pin_breaks_rule")
    assert event.actor == manager
    assert event.detail["rules"] == ["never pair people from the same organisation"]


def test_a_swap_into_the_same_organisation_is_refused_and_changes_nothing(
    client, people, cohort, manager
):
    run = services.run_create(cohort=cohort, by=manager)
    # Asha (Trust) + Dev (Council) and Ben (Council) + Cara (Trust): a swap pairs each
    # with someone from their own organisation.
    client.force_login(manager)
    url = reverse("matchruns:swap", args=[cohort.pk, run.number])
    chosen = [p.pk for p in run.pairs.all()]
    page = client.post(url, {"pair": chosen})
    assert page.status_code == 409
    text = page.content.decode()
    assert "Asha Test and Cara Test" in text and "Ben Test and Dev Test" in text
    assert "never pair people from the same organisation" in text
    assert services.settings_for(cohort).pinned == []
    # Pressing on without ticking the box asks again, with an error that names what to do.
    again = client.post(url, {"pair": chosen, "confirming": "yes"})
    assert again.status_code == 409 and "Tick the box to confirm" in again.content.decode()
    assert services.settings_for(cohort).pinned == []
    # Acknowledged, the swap is pinned; the next run marks both pairs; publishing asks again.
    client.post(url, {"pair": chosen, "acknowledge": "yes", "confirming": "yes"})
    assert len(services.settings_for(cohort).pinned) == 2
    second = services.run_create(cohort=cohort, by=manager)
    run_page = client.get(second.get_absolute_url()).content.decode()
    assert run_page.count("Breaks a rule") == 2
    publish = reverse("matchruns:publish", args=[cohort.pk, second.number])
    asked = client.post(publish)
    assert asked.status_code == 409 and "Publish pairs that break a rule" in asked.content.decode()
    assert not Partnership.objects.exists()
    client.post(publish, {"acknowledge": "yes", "confirming": "yes"})
    assert Partnership.objects.count() == 2


def test_shared_lived_experience_can_be_chosen_on_the_settings_page(
    client, people, cohort, manager
):
    client.force_login(manager)
    url = reverse("matchruns:settings", args=[cohort.pk])
    page = client.get(url).content.decode()
    assert "Shared lived experience" in page and "Different lived experience" in page
    data = {f"w_{name}": "1" for name in [
        "text", "topics", "seniority", "availability", "meeting_mode", "place",
        "lived_experience", "preferences",
    ]}  # fmt: skip
    data.update(
        {"w_target_gap": "2", "different_organisation": "on", "w_lived_experience_mode": "similar"}
    )
    client.post(url, data)
    stored = services.settings_for(cohort)
    assert stored.weights["lived_experience_mode"] == "similar"
    engine = selectors.engine_settings(stored, {})
    assert engine.weights.lived_experience_mode == "similar"


def test_pinned_and_forbidden_pairs_shape_the_next_run(people, cohort, manager):
    services.pair_pin(
        cohort=cohort,
        aspiring=people["asha"],
        established=people["cara"],
        acknowledged=True,
        by=manager,
    )
    # Same organisation normally; a pin the team acknowledged is its decision and wins.
    run = services.run_create(cohort=cohort, by=manager)
    assert ("Asha", "Cara") in pairs_of(run)
    services.pair_pin(cohort=cohort, aspiring=people["asha"], established=people["cara"], on=False)
    services.pair_forbid(cohort=cohort, aspiring=people["asha"], established=people["dev"])
    run = services.run_create(cohort=cohort, by=manager)
    assert ("Asha", "Dev") not in pairs_of(run)


def test_swapping_two_pairs_pins_the_swapped_pairs(people, cohort, manager):
    settings = services.settings_for(cohort)
    settings.different_organisation = False
    settings.save()
    run = services.run_create(cohort=cohort, by=manager)
    first, second = list(run.pairs.all())
    services.pairs_swap(run=run, first=first, second=second)
    again = services.run_create(cohort=cohort, by=manager)
    swapped = {
        (first.aspiring_id, second.established_id),
        (second.aspiring_id, first.established_id),
    }
    assert {(p.aspiring_id, p.established_id) for p in again.pairs.all()} == swapped
    assert all(p.pinned for p in again.pairs.all())


def test_lived_experience_is_used_only_with_consent(people, cohort):
    cohort.programme.matches_on_lived_experience = True
    cohort.programme.save()
    asha = people["asha"]
    consent = LivedExperienceConsent.objects.create(
        cohort=cohort, user=asha.applicant, experiences=["caring"], given_at=timezone.now()
    )
    consents = selectors.consents_of(cohort)
    assert selectors.profile_for(asha, consents[asha.applicant_id]).lived_experience == {"caring"}
    consent.withdrawn_at = timezone.now()
    consent.save()
    assert asha.applicant_id not in selectors.consents_of(cohort)
    cohort.programme.matches_on_lived_experience = False
    cohort.programme.save()
    consent.withdrawn_at = None
    consent.save()
    assert selectors.consents_of(cohort) == {}


def test_publishing_makes_partnerships_and_introduces_partners(
    client, people, cohort, manager, django_capture_on_commit_callbacks
):
    run = services.run_create(cohort=cohort, by=manager)
    client.force_login(people["asha"].applicant)
    partner_url = reverse("partnerships:my_partner", args=[cohort.pk])
    assert client.get(partner_url).status_code == 404  # nothing before publishing

    with django_capture_on_commit_callbacks(execute=True):
        made = services.run_publish(run=run, by=manager)
    assert len(made) == 2 and Partnership.objects.count() == 2
    intro = [m for m in mail.outbox if m.subject == "Meet your learning partner"]
    assert sorted(m.to[0] for m in intro) == sorted(a.applicant.email for a in people.values())

    dev = people["dev"].applicant
    profile = about_me_get_or_create(user=dev)
    AboutMeSection.objects.filter(profile=profile, key="communication").update(
        text="Phone me first", partner_may_see=True
    )
    AboutMeSection.objects.filter(profile=profile, key="adjustments").update(
        text="Kept from my partner", partner_may_see=False
    )
    page = client.get(partner_url, follow=True).content.decode()
    assert "Your learning partner: Dev Test" in page
    assert "Phone me first" in page and "Kept from my partner" not in page
    with pytest.raises(ValidationError, match="Everyone accepted already has a partner"):
        services.run_create(cohort=cohort, by=manager)
    with pytest.raises(ValidationError, match="Only a finished run"):
        services.run_publish(run=run, by=manager)


def test_someone_left_over_is_told_kindly_and_can_be_paired_later(
    client, people, cohort, manager, django_capture_on_commit_callbacks
):
    eve = submitted_application(
        cohort,
        UserFactory(email="eve@example.org", first_name="Eve", last_name="Test"),
        "aspiring",
        organisation=OrganisationFactory(name="Hospice"),
        topics=["Leading teams"],
    )
    accept_and_send([eve], manager)
    run = services.run_create(cohort=cohort, by=manager)
    (left,) = run.unmatched.all()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.run_publish(run=run, by=manager)
    told = [m for m in mail.outbox if m.to == [left.application.applicant.email]]
    assert [m.subject for m in told] == ["We have not found you a learning partner yet"]
    assert "still part of the cohort" in told[0].body and "What happens next" in told[0].body
    # Each email goes to one person; partners are not told about the person left over.
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert not any(
        left.application.applicant.get_full_name() in m.body for m in mail.outbox if m not in told
    )

    client.force_login(left.application.applicant)
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert "We have not found you a learning partner yet" in page

    # A late joiner on the other side: the team matches only the people without a partner.
    published = set(Partnership.objects.values_list("aspiring_id", "established_id"))
    late = submitted_application(
        cohort,
        UserFactory(email="fin@example.org", first_name="Fin", last_name="Test"),
        "established",
        organisation=OrganisationFactory(name="Charity"),
        band="Band 8a",
    )
    accept_and_send([late], manager)
    client.force_login(manager)
    home = client.get(reverse("matchruns:home", args=[cohort.pk])).content.decode()
    assert "Match the people without a partner" in home
    second = services.run_create(cohort=cohort, by=manager)
    assert second.people == 2
    assert {(p.aspiring_id, p.established_id) for p in second.pairs.all()} == {
        (left.application_id, late.pk)
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.run_publish(run=second, by=manager)
    assert Partnership.objects.count() == 3
    assert published <= set(Partnership.objects.values_list("aspiring_id", "established_id"))


def test_a_run_cannot_be_published_once_applications_changed(people, cohort, manager):
    run = services.run_create(cohort=cohort, by=manager)
    Application.objects.filter(pk=people["asha"].pk).update(aspirations="Something new")
    with pytest.raises(ValidationError, match="changed since this run"):
        services.run_publish(run=run, by=manager)
    assert not Partnership.objects.exists()


def test_publishing_is_all_or_nothing(people, cohort, manager, monkeypatch):
    run = services.run_create(cohort=cohort, by=manager)
    calls = []

    def fail_second(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return original(**kwargs)

    original = Partnership.objects.create
    monkeypatch.setattr(Partnership.objects, "create", fail_second)
    with pytest.raises(RuntimeError):
        services.run_publish(run=run, by=manager)
    assert not Partnership.objects.exists()
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE


def test_settings_refuse_all_zero_weights(client, people, cohort, manager):
    client.force_login(manager)
    data = {f"w_{name}": "0" for name in [
        "text", "topics", "seniority", "availability", "meeting_mode", "place",
        "lived_experience", "preferences",
    ]}  # fmt: skip
    data.update({"w_target_gap": "2", "different_organisation": "on"})
    response = client.post(reverse("matchruns:settings", args=[cohort.pk]), data)
    assert "These weights cannot be used" in response.content.decode()


def test_comparing_two_runs_shows_who_changed(client, people, cohort, manager):
    first = services.run_create(cohort=cohort, by=manager)
    services.pair_forbid(cohort=cohort, aspiring=people["asha"], established=people["dev"])
    settings = services.settings_for(cohort)
    settings.different_organisation = False
    settings.save()
    second = services.run_create(cohort=cohort, by=manager)
    client.force_login(manager)
    page = client.get(
        reverse("matchruns:compare", args=[cohort.pk, first.number, second.number])
    ).content.decode()
    assert "Asha Test" in page and "Changed" in page


def test_replacements_come_from_people_without_a_partner(people, cohort, manager):
    run = services.run_create(cohort=cohort, by=manager)
    services.run_publish(run=run, by=manager)
    spare = submitted_application(
        cohort, UserFactory(first_name="Fin"), "established", band="Band 8b",
        organisation=OrganisationFactory(name="Charity"),
    )  # fmt: skip
    applications_decide(applications=[manager_approves(spare)], decision="waitlist", by=manager)
    proposals = selectors.replacements_for(cohort=cohort, application=people["asha"])
    assert [candidate.applicant.first_name for candidate, _ in proposals] == ["Fin"]
    assert Partnership.objects.count() == 2  # nobody else moved


def test_match_cohort_command(people, cohort, capsys):
    call_command("match_cohort", cohort=cohort.pk)
    out = capsys.readouterr().out
    assert "Run 1: 2 pairs" in out and "Asha Test + Dev Test" in out
    call_command("match_cohort", cohort=cohort.pk, publish=True)
    assert "Published 2 partnerships" in capsys.readouterr().out


def test_publishing_shows_who_will_be_emailed_and_asks_first(client, people, cohort, manager):
    run = services.run_create(cohort=cohort, by=manager)
    client.force_login(manager)
    url = reverse("matchruns:publish", args=[cohort.pk, run.number])
    page = client.get(url).content.decode()
    assert "4 people are emailed an introduction" in page and "cannot be undone" in page
    assert "Asha Test" in page
    assert not Partnership.objects.exists()  # looking published nothing
    client.post(url)
    assert Partnership.objects.filter(cohort=cohort).count() == 2
