"""The People Strategy in the app: a file imported and exported without loss, a malformed
file refused with every problem by line and nothing imported, links kept across versions,
and programme figures beside initiatives only through disclosure control."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mutuality import strategyfile as sf
from mutuality.strategy import services
from mutuality.strategy.models import Action, Initiative, Strategy

from .factories import add_participant


@pytest.fixture
def strategy(db):
    return services.strategy_import(parsed=sf.demo_strategy())


def test_import_then_export_loses_nothing(strategy):
    assert services.to_file(strategy) == sf.demo_strategy()
    assert strategy.workstreams.count() == 6
    assert Action.objects.filter(initiative__workstream__strategy=strategy).count() > 30


def test_upload_and_download_round_trip_in_both_formats(client, cast, strategy):
    client.force_login(cast.office)
    for fmt in ("yaml", "csv"):
        exported = client.get(reverse("strategy:download", args=[fmt])).content.decode("utf-8-sig")
        response = client.post(
            reverse("strategy:upload"),
            {"file": SimpleUploadedFile(f"strategy.{fmt}", exported.encode())},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert services.to_file(services.current_strategy()) == sf.demo_strategy()
    assert Strategy.objects.count() == 1


def test_malformed_file_lists_every_problem_by_line_and_imports_nothing(client, cast, strategy):
    text = sf.demo_strategy_text()
    broken = text.replace("status: done", "status: finished", 1).replace(
        "title: Health and wellbeing", "titel: Health and wellbeing", 1
    )
    before = services.to_file(strategy)
    client.force_login(cast.office)
    page = client.post(
        reverse("strategy:upload"),
        {"file": SimpleUploadedFile("strategy.yaml", broken.encode())},
    ).content.decode()
    assert "The file was not imported" in page
    status_line = next(
        n for n, line in enumerate(broken.splitlines(), 1) if "status: finished" in line
    )
    assert f"line {status_line}: status &#x27;finished&#x27; is not one of" in page or (
        f"line {status_line}:" in page and "finished" in page
    )
    assert "titel" in page
    assert services.to_file(services.current_strategy()) == before


def test_wrong_kind_of_file_is_refused(client, cast):
    client.force_login(cast.office)
    page = client.post(
        reverse("strategy:upload"), {"file": SimpleUploadedFile("strategy.docx", b"PK")}
    ).content.decode()
    assert "Choose a .yaml, .yml or .csv file." in page


def test_programme_links_survive_a_new_version(client, cast, strategy):
    mentoring = Initiative.objects.get(key="reciprocal-mentoring")
    mentoring.programmes.add(cast.cohort.programme)
    services.strategy_import(parsed=sf.demo_strategy())
    assert list(Initiative.objects.get(key="reciprocal-mentoring").programmes.all()) == [
        cast.cohort.programme
    ]


def test_office_links_a_programme_to_initiatives(client, cast, strategy):
    initiative = Initiative.objects.get(key="shadowing")
    client.force_login(cast.office)
    url = reverse("strategy:programme_initiatives", args=[cast.cohort.programme.slug])
    client.post(url, {"initiatives": [initiative.pk]})
    assert list(cast.cohort.programme.initiatives.all()) == [initiative]


def test_dashboard_shows_programme_figures_through_disclosure_control(client, cast, strategy):
    Initiative.objects.get(key="reciprocal-mentoring").programmes.add(cast.cohort.programme)
    client.force_login(cast.steering)
    overview = client.get(reverse("strategy:dashboard")).content.decode()
    assert f"Delivered by {cast.cohort.programme.name}" in overview
    url = reverse("strategy:workstream", args=["edib"])
    page = client.get(url).content.decode()
    assert f"Delivered by {cast.cohort.programme.name}" in page
    # Four people take part: a small number, never shown.
    assert "not shown" in page
    for n in range(20):
        add_participant(cast.cohort, type(cast.aspiring).objects.create(email=f"p{n}@x.example"))
    page = client.get(url).content.decode()
    assert ">25<" in page  # 24 people, rounded to the nearest 5


def test_framework_matrix(client, cast, strategy):
    client.force_login(cast.faculty)
    page = client.get(reverse("strategy:frameworks")).content.decode()
    assert "We each have a voice that counts" in page
    assert "Supporting inclusion and belonging for all" in page
    assert page.count("●") == sum(len(ws.framework_links) for ws in strategy.workstreams.all())
