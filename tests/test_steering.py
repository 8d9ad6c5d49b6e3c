"""Themes reach the steering group only after moderation, without their author; identifying
details are flagged; groups of themes; actions with owners, due dates, evidence and updates;
the meeting pack."""

import shutil
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mutuality.organisations.models import Organisation
from mutuality.steering import services
from mutuality.steering.models import Cluster, SteeringAction, Theme
from mutuality.strategy.models import Initiative
from mutuality.strategy.services import strategy_import
from mutuality.strategyfile import demo_strategy

THEMES = [
    "Flexible working requests are refused without a conversation about what could work.",
    "Part-time staff feel flexible working stops their careers at band seven.",
    "Flexible working is agreed in one team and refused in the next.",
    "Interview panels rarely include anyone from a minority ethnic background.",
    "Promotion panels are not diverse and candidates notice.",
    "Recruitment panels ask for experience that only some people were ever offered.",
]


def pdf_text(content: bytes) -> str:
    return " ".join(
        subprocess.run(  # noqa: S603 - a fixed local tool on our own PDF
            [shutil.which("pdftotext"), "-", "-"], input=content, capture_output=True, check=True
        )
        .stdout.decode()
        .split()
    )


def test_identifying_details_are_flagged_and_suggested_out(client, cast):
    theme = services.theme_submit(
        cohort=cast.cohort,
        by=cast.faculty,
        text="Ade said to email ade.tester@trust.example or ring 07700 900123 about rotas.",
        source="lab",
    )
    client.force_login(cast.programme_manager)
    page = client.get(
        reverse("steering:moderate", args=[cast.cohort.pk, theme.pk])
    ).content.decode()
    assert 'class="mutuality-flag">ade.tester@trust.example</mark>' in page
    assert "Names a person in this cohort" in page
    # The suggested words have the details replaced.
    assert (
        "[email address]" in page
        and "[phone number]" in page
        and "07700" not in page.split("Words the steering group will see")[1]
    )


def test_a_name_from_outside_the_cohort_is_flagged_and_suggested_out(client, cast):
    # The demo's own theme: Aaron is nobody in the cohort, but is named all the same.
    text = "Aaron on ward 7 was told his adjustments were a favour, not a right."
    theme = services.theme_submit(cohort=cast.cohort, by=cast.faculty, text=text, source="lab")
    client.force_login(cast.programme_manager)
    page = client.get(
        reverse("steering:moderate", args=[cast.cohort.pk, theme.pk])
    ).content.decode()
    assert '<mark class="mutuality-flag">Aaron</mark>' in page
    assert "Looks like a person&#39;s name: &#39;Aaron&#39;" in page
    suggested = page.split("Words the steering group will see")[1]
    assert "[name] on [ward or team] was told his adjustments" in suggested
    assert "Aaron" not in suggested


def test_the_demo_theme_naming_aaron_shows_him_flagged_and_suggested_out(client, db):
    from mutuality.demo.seed import seed

    demo = seed()
    theme = Theme.objects.get(text__startswith="Aaron on ward 7")
    client.force_login(demo.people["office-2"])  # the pilot's programme manager
    page = client.get(
        reverse("steering:moderate", args=[theme.cohort.pk, theme.pk])
    ).content.decode()
    assert '<mark class="mutuality-flag">Aaron</mark>' in page
    assert '<mark class="mutuality-flag">ward 7</mark>' in page
    suggested = page.split("Words the steering group will see")[1]
    assert "[name] on [ward or team] was told" in suggested and "Aaron" not in suggested


def test_only_moderated_themes_reach_the_steering_group_without_author(client, cast):
    waiting = services.theme_submit(
        cohort=cast.cohort, by=cast.aspiring, text="Meetings run over every time.", source="lab"
    )
    client.force_login(cast.steering)
    url = reverse("steering:programme", args=[cast.cohort.programme.slug])
    assert "Meetings run over" not in client.get(url).content.decode()

    client.force_login(cast.programme_manager)
    moderation = client.get(reverse("steering:moderation", args=[cast.cohort.pk])).content.decode()
    assert cast.aspiring.get_full_name() in moderation  # the team may follow up
    client.post(
        reverse("steering:moderate", args=[cast.cohort.pk, waiting.pk]),
        {"shared_text": "Meetings overrun, every time.", "decision": "publish"},
    )
    waiting.refresh_from_db()
    assert waiting.status == Theme.Status.PUBLISHED

    for reader in (cast.steering, cast.faculty):
        client.force_login(reader)
        page = client.get(url).content.decode()
        assert "Meetings overrun, every time." in page
        assert "Meetings run over" not in page  # the words as sent stay with the team
        assert cast.aspiring.get_full_name() not in page and cast.aspiring.email not in page
    client.force_login(cast.faculty)
    assert (
        cast.aspiring.get_full_name()
        not in client.get(reverse("steering:submit", args=[cast.cohort.pk])).content.decode()
    )


def test_the_author_sees_their_own_theme_and_its_outcome(client, cast):
    theme = services.theme_submit(
        cohort=cast.cohort, by=cast.aspiring, text="Rotas ignore caring duties.", source="other"
    )
    services.theme_reject(theme=theme, by=cast.programme_manager, reason="Too specific to one ward")
    client.force_login(cast.aspiring)
    page = client.get(reverse("steering:submit", args=[cast.cohort.pk])).content.decode()
    assert "Rotas ignore caring duties." in page and "not shared" in page
    assert "Too specific to one ward" in page
    client.force_login(cast.established)
    other = client.get(reverse("steering:submit", args=[cast.cohort.pk])).content.decode()
    assert "Rotas ignore caring duties." not in other


def test_publishing_needs_words(cast):
    theme = services.theme_submit(cohort=cast.cohort, by=cast.faculty, text="x", source="lab")
    with pytest.raises(services.ValidationError):
        services.theme_publish(theme=theme, by=cast.programme_manager, shared_text="  ")
    theme.refresh_from_db()
    assert theme.status == Theme.Status.SUBMITTED


def test_groups_suggested_accepted_split_merged_and_counted_safely(client, cast):
    for n, text in enumerate(THEMES):
        author = (cast.faculty, cast.aspiring, cast.established)[n % 3]
        theme = services.theme_submit(cohort=cast.cohort, by=author, text=text, source="lab")
        services.theme_publish(theme=theme, by=cast.programme_manager, shared_text=text)
    client.force_login(cast.programme_manager)
    url = reverse("steering:clusters", args=[cast.cohort.pk])
    client.post(url, {"action": "suggest"})
    groups = list(Cluster.objects.filter(cohort=cast.cohort))
    assert len(groups) >= 2
    flexible = next(
        g for g in groups if "flexible" in " ".join(t.shared_text.lower() for t in g.themes.all())
    )
    assert all("flexible" in t.shared_text.lower() for t in flexible.themes.all())
    client.post(
        url,
        {"action": "save", "cluster": flexible.pk, "label": "Flexible working", "accepted": "on"},
    )
    flexible.refresh_from_db()
    assert flexible.accepted and flexible.label == "Flexible working"

    client.force_login(cast.steering)
    page = client.get(
        reverse("steering:programme", args=[cast.cohort.programme.slug])
    ).content.decode()
    assert "Flexible working</h3>" in page
    assert "how many is not shown" in page  # three authors: never a small number

    client.force_login(cast.programme_manager)
    other = next(g for g in Cluster.objects.filter(cohort=cast.cohort) if g.pk != flexible.pk)
    client.post(url, {"action": "merge", "cluster": flexible.pk, "other": other.pk})
    assert flexible.themes.count() == len(THEMES) or flexible.themes.count() > 3
    client.post(url, {"action": "split", "cluster": flexible.pk})
    assert not Cluster.objects.filter(pk=flexible.pk).exists()
    assert Theme.objects.filter(cluster__isnull=False).count() >= 4


def test_actions_overdue_evidence_updates_and_strategy_links(client, cast):
    strategy_import(parsed=demo_strategy())
    initiative = Initiative.objects.get(key="reciprocal-mentoring")
    organisation = Organisation.objects.first()
    client.force_login(cast.steering)
    new = reverse("steering:action_new", args=[cast.cohort.programme.slug])
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        new,
        {
            "title": "Publish flexible working decisions",
            "owner_organisation": organisation.pk,
            "owner_role": "Director of People",
            "due_on": yesterday.isoformat(),
            "status": "done",
            "initiatives": [initiative.pk],
        },
    )
    assert "Say what shows it is done" in response.content.decode()
    assert not SteeringAction.objects.exists()
    client.post(
        new,
        {
            "title": "Publish flexible working decisions",
            "owner_organisation": organisation.pk,
            "owner_role": "Director of People",
            "due_on": yesterday.isoformat(),
            "status": "on_track",
            "initiatives": [initiative.pk],
        },
    )
    action = SteeringAction.objects.get()
    assert action.is_overdue() and list(action.initiatives.all()) == [initiative]
    page = client.get(
        reverse("steering:programme", args=[cast.cohort.programme.slug])
    ).content.decode()
    assert "Overdue" in page
    dashboard = client.get(reverse("strategy:dashboard")).content.decode()
    assert "1 steering group action overdue" in dashboard
    workstream = client.get(reverse("strategy:workstream", args=["edib"])).content.decode()
    assert "Publish flexible working decisions" in workstream and "Overdue" in workstream

    detail = reverse("steering:action", args=[cast.cohort.programme.slug, action.pk])
    client.post(detail, {"text": "Policy agreed by all partners.", "status": "done",
                         "evidence": "Decisions published on the ICS site."})  # fmt: skip
    action.refresh_from_db()
    assert action.status == "done" and not action.is_overdue()
    assert action.updates.get().text == "Policy agreed by all partners."
    # Faculty read actions but do not change them.
    client.force_login(cast.faculty)
    assert client.post(detail, {"text": "x", "status": "at_risk"}).status_code == 403


def test_meeting_pack_pdf(client, cast):
    theme = services.theme_submit(
        cohort=cast.cohort, by=cast.faculty, text="Late starts.", source="lab"
    )
    services.theme_publish(
        theme=theme, by=cast.programme_manager, shared_text="Meetings start late."
    )
    SteeringAction.objects.create(
        programme=cast.cohort.programme, title="Start meetings on time",
        owner_organisation=Organisation.objects.first(), owner_role="Chair",
        due_on=timezone.localdate() + timedelta(days=10),
    )  # fmt: skip
    client.force_login(cast.steering)
    response = client.get(reverse("steering:pack", args=[cast.cohort.programme.slug]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Steering group meeting pack" in text
    assert "Meetings start late." in text and "Start meetings on time" in text
    assert cast.faculty.get_full_name() not in text


def test_each_group_of_themes_shows_what_is_being_done(client, cast):
    theme = services.theme_submit(cohort=cast.cohort, by=cast.faculty, text="Late.", source="lab")
    services.theme_publish(theme=theme, by=cast.programme_manager, shared_text="Meetings overrun.")
    cluster = Cluster.objects.create(cohort=cast.cohort, label="Meetings culture", accepted=True)
    theme.cluster = cluster
    theme.save()
    action = SteeringAction.objects.create(
        programme=cast.cohort.programme, title="Start meetings on time",
        owner_organisation=Organisation.objects.first(), owner_role="Chair",
        due_on=timezone.localdate() + timedelta(days=10),
    )  # fmt: skip
    client.force_login(cast.steering)
    url = reverse("steering:programme", args=[cast.cohort.programme.slug])
    assert "What we are doing" not in client.get(url).content.decode()
    action.clusters.add(cluster)
    page = client.get(url).content.decode()
    assert "What we are doing: Start meetings on time (not started" in page


INJECTION = 'Pilot\n}} html { display: none } @page { @top-left { content: "Hacked'


def test_a_programme_name_cannot_restyle_the_meeting_pack(client, cast):
    """Names are text in the page, never written into its style sheet."""
    theme = services.theme_submit(
        cohort=cast.cohort, by=cast.faculty, text="Late starts.", source="lab"
    )
    services.theme_publish(
        theme=theme, by=cast.programme_manager, shared_text="Meetings start late."
    )
    programme = cast.cohort.programme
    programme.name = INJECTION
    programme.save()
    client.force_login(cast.steering)
    response = client.get(reverse("steering:pack", args=[programme.slug]))
    text = " ".join(pdf_text(response.content).split())
    assert "Steering group meeting pack" in text and "Meetings start late." in text
    assert "html { display: none }" in text  # shown as the name it is


def _writes(captured) -> list[str]:
    """The writes a request made, other than to the session (which carries the flash
    message of the form sent before it)."""
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]


def test_a_new_cohort_has_its_tags_and_the_theme_page_writes_nothing(client, db):
    """The default tags are made with the cohort; opening the page that offers them only
    reads, for the cohort made on the office's page and for its copy."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mutuality.programmes.models import Cohort
    from mutuality.steering.models import DEFAULT_TAGS

    from .factories import ProgrammeFactory, UserFactory, give_totp

    office = UserFactory(is_staff=True)
    give_totp(office)
    client.force_login(office)
    programme = ProgrammeFactory()
    client.post(
        reverse("programmes:cohort_new", args=[programme.slug]),
        {
            "name": "2027 cohort", "applications_open_on": "2026-11-02",
            "applications_close_on": "2026-12-18", "starts_on": "2027-01-18",
            "ends_on": "2027-10-29", "expected_meetings": "9", "meeting_minutes": "60",
            "min_group_size": "10", "topics": "", "manager_link_days": "14",
            "manager_reminder_days": "5", "quiet_after_weeks": "6",
            "at_risk_after_weeks": "10", "missed_sessions_allowed": "1",
        },
    )  # fmt: skip
    made = Cohort.objects.get(programme=programme, name="2027 cohort")
    client.post(
        reverse("programmes:cohort_copy", args=[made.pk]),
        {"name": "2028 cohort", "starts_on": "2028-01-17"},
    )
    copied = Cohort.objects.get(programme=programme, name="2028 cohort")
    for cohort in (made, copied):
        assert sorted(cohort.theme_tags.values_list("name", flat=True)) == sorted(DEFAULT_TAGS)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("steering:submit", args=[cohort.pk]))
        assert page.status_code == 200
        assert _writes(captured) == []
        for name in DEFAULT_TAGS:
            assert name in page.content.decode()


def test_cohorts_made_before_get_their_tags_from_the_migration(cast):
    """The data migration gives the default tags to cohorts that have none, and leaves a
    cohort's own tags alone."""
    from importlib import import_module

    from django.apps import apps

    from mutuality.steering.models import DEFAULT_TAGS, Tag

    migration = import_module("mutuality.steering.migrations.0003_default_tags_for_every_cohort")
    Tag.objects.filter(cohort=cast.cohort).delete()
    Tag.objects.filter(cohort=cast.other_cohort).delete()
    Tag.objects.create(cohort=cast.other_cohort, name="Our own tag")
    migration.add_default_tags(apps, None)
    assert sorted(cast.cohort.theme_tags.values_list("name", flat=True)) == sorted(DEFAULT_TAGS)
    assert list(cast.other_cohort.theme_tags.values_list("name", flat=True)) == ["Our own tag"]


def test_a_closed_cohort_no_longer_offers_or_takes_themes(client, cast):
    from mutuality.programmes.models import Cohort

    submit = reverse("steering:submit", args=[cast.cohort.pk])
    client.force_login(cast.aspiring)
    cohort_page = cast.cohort.get_absolute_url()
    assert submit in client.get(cohort_page).content.decode()
    services.theme_submit(
        cohort=cast.cohort, by=cast.aspiring, text="Rotas ignore caring duties.", source="other"
    )
    Cohort.objects.filter(pk=cast.cohort.pk).update(status=Cohort.Status.CLOSED)

    assert submit not in client.get(cohort_page).content.decode()
    page = client.get(submit)
    assert page.status_code == 200
    text = page.content.decode()
    assert "This cohort has closed" in text and "Send theme" not in text
    assert "Rotas ignore caring duties." in text  # what they sent stays theirs to see
    refused = client.post(submit, {"text": "Too late.", "source": "other"})
    assert refused.status_code == 410
    assert not Theme.objects.filter(text="Too late.").exists()
    client.force_login(cast.programme_manager)
    moderation = client.get(reverse("steering:moderation", args=[cast.cohort.pk]))
    assert moderation.status_code == 200 and submit not in moderation.content.decode()
