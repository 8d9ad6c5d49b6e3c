"""A participant answers a poll and records a career move; the programme manager sees how
many answered, shares some words and records a move with the person's agreement; a steering
group member reads the evaluation report, its charts and figures, its PDF and a comparison."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mutuality.organisations.models import Organisation
from mutuality.partnerships.models import Partnership
from mutuality.polls.models import CareerOutcome, Quote, Response, Wave
from mutuality.polls.services import default_instrument, freeze_closed_waves, questions_for
from mutuality.programmes.models import CohortRole, Side
from tests.browser.conftest import fill_date
from tests.factories import CohortFactory, UserFactory, add_participant, add_role, give_totp

pytestmark = pytest.mark.django_db(transaction=True)

AGREE_LABELS = {2: "Disagree", 4: "Agree", 5: "Strongly agree"}


def sign_in_as(journey, person) -> None:
    journey.visit("/demo/people/")
    row = journey.page.get_by_role("row").filter(has_text=person.email)
    journey.click(row.get_by_role("button"))


def invented_answers(wave, side: str, i: int, final: bool) -> dict:
    """Most people move from disagreeing at the start to agreeing at the end."""
    answers = {}
    for q in questions_for(wave, side):
        if q.kind == "likert5":
            answers[q.key] = (3 if i % 5 == 0 else 4 + i % 2) if final else (4 if i % 4 == 0 else 2)
        elif q.kind == "scale10":
            answers[q.key] = (9 if i % 2 else 7) if final else 6
        elif q.kind == "yesno":
            answers[q.key] = final and i % 2 == 0
    return answers


def closed_cohort_with_a_follow_up_open():
    """Twenty pairs who answered a baseline and a final poll; the six-month follow-up is open
    now. The first aspiring participant is Ade, who has not answered it yet."""
    today = timezone.localdate()
    cohort = CohortFactory(
        name="2025 cohort",
        programme__name="Inclusive Cultures system programme",
        programme__slug="inclusive-cultures",
        status="closed",
        applications_open_on=today - timedelta(days=560),
        applications_close_on=today - timedelta(days=520),
        starts_on=today - timedelta(days=480),
        ends_on=today - timedelta(days=180),
    )
    trusts = [Organisation.objects.create(name=f"Northmere Trust {n}", kind="trust") for n in "AB"]
    people = {Side.ASPIRING: [], Side.ESTABLISHED: []}
    for i in range(20):
        for side in (Side.ASPIRING, Side.ESTABLISHED):
            user = UserFactory(
                email=f"{side[:3]}{i}@trust.example", first_name=f"{side[:3].title()}{i}"
            )
            people[side].append(add_participant(cohort, user, side, trusts[i % 2]))
    ade = people[Side.ASPIRING][0].user
    ade.first_name, ade.last_name, ade.email = "Ade", "Bello", "ade@trust.example"
    ade.save()
    for a, e in zip(people[Side.ASPIRING], people[Side.ESTABLISHED], strict=True):
        Partnership.objects.create(cohort=cohort, aspiring=a, established=e, status="completed")
    instrument = default_instrument()

    def wave(stage, title, opens):
        return Wave.objects.create(
            cohort=cohort, instrument=instrument, stage=stage, title=title,
            opens_on=opens, closes_on=opens + timedelta(days=21),
        )  # fmt: skip

    baseline = wave("baseline", "Baseline poll", cohort.starts_on)
    final = wave("final", "Final poll", cohort.ends_on - timedelta(days=14))
    follow_up = wave("follow_up_6", "Six months on", today - timedelta(days=3))
    for side, parts in people.items():
        for i, p in enumerate(parts):
            for w in (baseline, final):
                answers = invented_answers(w, side, i, w is final)
                Response.objects.create(wave=w, participation=p, answers=answers)
    freeze_closed_waves()  # the daily task, for the baseline and final polls
    for p in people[Side.ASPIRING][1:10]:
        CareerOutcome.objects.create(
            participation=p, kind="promotion", happened_on=today - timedelta(days=30)
        )
    return cohort, people, follow_up


def test_polls_career_moves_and_the_evaluation_report(journey):
    # Given a closed cohort of 20 pairs whose six-month follow-up poll is open
    cohort, people, follow_up = closed_cohort_with_a_follow_up_open()
    ade = people[Side.ASPIRING][0].user
    erin = people[Side.ESTABLISHED][3].user
    manager = UserFactory(email="priya@icb.example", first_name="Priya", last_name="Shah")
    manager_secret = give_totp(manager)
    add_role(cohort, manager, CohortRole.Role.PROGRAMME_MANAGER)
    sponsor = UserFactory(email="sam@council.example", first_name="Sam", last_name="Okoro")
    add_role(cohort, sponsor, CohortRole.Role.STEERING)
    page = journey.page

    # When Ade goes from the cohort page to their polls and answers the open one
    sign_in_as(journey, ade)
    journey.visit(cohort.get_absolute_url())
    journey.click(page.get_by_role("link", name="Your polls and career moves"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your polls and career moves")
    journey.click(page.get_by_role("link", name="Answer now (Six months on)"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Six months on")
    questions = questions_for(follow_up, Side.ASPIRING)
    for q in questions:
        group = page.get_by_role("group", name=q.text)
        if q.kind == "likert5":
            group.get_by_label("Agree", exact=True).check()
        elif q.kind == "scale10":
            # The eleven points sit on one line rather than in a tall column.
            expect(group.locator(".nhsuk-radios")).to_have_class(
                re.compile(r"nhsuk-radios--inline")
            )
            group.get_by_label("8", exact=True).check()
        elif q.kind == "yesno":
            group.get_by_label("Yes", exact=True).check()
        elif q.kind == "text":
            page.get_by_label(q.text).fill(
                "My partner at the Northmere trust showed me how the board really decides."
            )
    journey.click(page.get_by_role("button", name="Save my answers"))

    # Then they are thanked and can change an answer until the poll closes
    expect(page.get_by_text("Thank you. Your answers to Six months on are saved")).to_be_visible()
    journey.click(page.get_by_role("link", name="Change your answers (Six months on)"))
    heard = next(q for q in questions if q.key == "being-heard")
    group = page.get_by_role("group", name=heard.text)
    expect(group.get_by_label("Agree", exact=True)).to_be_checked()
    group.get_by_label("Strongly agree").check()
    journey.click(page.get_by_role("button", name="Save my answers"))
    expect(page.get_by_text("Thank you.")).to_be_visible()
    response = Response.objects.get(wave=follow_up, participation__user=ade)
    assert response.answers["being-heard"] == 5
    assert response.answers["recommend"] == 8 and response.answers["applied-for-role"] is True

    # And they add a career move of their own
    journey.click(page.get_by_role("button", name="Add a career move"))
    page.get_by_label("Applied for promotion").check()
    fill_date(page, "Date of the move", timezone.localdate() - timedelta(days=10))
    page.get_by_label("Anything to add").fill("Head of patient experience")
    journey.click(page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_text("Saved. Congratulations on the move.")).to_be_visible()
    expect(page.get_by_text("Applied for promotion,")).to_be_visible()
    journey.sign_out()

    # When the programme manager signs in with a code and their authenticator app
    journey.sign_in_by_code(manager.email, manager_secret)
    journey.visit(cohort.get_absolute_url())
    journey.click(page.get_by_role("link", name="Polls and career moves"))
    rows = page.get_by_role("row")
    # Then they see how many answered a closed poll, rounded, and nothing of the open one
    # (not even a count that would tick up as Ade answers), and no answers
    expect(rows.filter(has_text="Final poll")).to_contain_text("40")
    expect(rows.filter(has_text="Six months on")).to_contain_text("Shown when it closes")
    expect(page.get_by_text("showed me how the board")).to_have_count(0)

    # When they close the follow-up early, so its answers are frozen and can be quoted
    journey.click(
        rows.filter(has_text="Six months on").get_by_role("link", name=re.compile("^Close it now"))
    )
    journey.click(page.get_by_role("button", name="Close the poll now"))
    expect(page.get_by_text("Closed Six months on.")).to_be_visible()
    assert follow_up.results.exists()
    # And choose words from it to share, taking out the trust's name
    journey.click(page.get_by_role("link", name="Choose words to share from Six months on"))
    expect(page.get_by_text("Ade Bello")).to_have_count(0)
    expect(page.get_by_text(ade.email)).to_have_count(0)
    page.get_by_label("Words to share").fill("My partner showed me how the board really decides.")
    journey.click(page.get_by_role("button", name="Share these words"))
    expect(page.get_by_text("Shared in the report, without a name.")).to_be_visible()
    expect(page.get_by_label("Words to share (shared)")).to_have_value(
        "My partner showed me how the board really decides."
    )
    assert Quote.objects.get().text == "My partner showed me how the board really decides."

    # And record Erin's secondment, first forgetting to tick that Erin agreed
    journey.click(page.get_by_role("link", name="Polls", exact=True))
    journey.click(
        page.get_by_role("link", name="Record a career move for someone, with their agreement")
    )
    erin_part = people[Side.ESTABLISHED][3]
    page.get_by_label("Who").select_option(label=f"{erin.get_full_name()} ({erin_part.side_label})")
    page.get_by_label("Secondment").check()
    fill_date(page, "Date of the move", timezone.localdate() - timedelta(days=40))
    journey.click(page.get_by_role("button", name="Record career move"))
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Ask the person first"))).to_be_visible()
    assert not CareerOutcome.objects.filter(participation__user=erin).exists()
    page.get_by_label("The person has agreed to us recording this").check()
    journey.click(page.get_by_role("button", name="Record career move"))
    expect(page.get_by_text(f"Recorded for {erin.get_full_name()}.")).to_be_visible()
    outcome = CareerOutcome.objects.get(participation__user=erin)
    assert outcome.kind == "secondment" and outcome.recorded_by == manager
    journey.sign_out()

    # When a steering group member opens the cohort's evaluation report
    sign_in_as(journey, sponsor)
    journey.visit(cohort.get_absolute_url())
    journey.click(page.get_by_role("link", name="Evaluation report", exact=True))
    # Then they read headlines, a chart with its figures, and the shared words; no names
    headlines = page.locator(".mutuality-headlines li")
    expect(headlines.first).to_contain_text("% of aspiring leaders")
    expect(page.get_by_text("up from 30% at baseline").first).to_be_visible()
    figure = page.locator("figure").filter(has=page.locator("svg")).first
    expect(figure).to_be_visible()
    expect(figure.get_by_role("table")).to_be_visible()  # the figures beside the chart
    expect(page.get_by_text("My partner showed me how the board really decides.")).to_be_visible()
    for parts in people.values():
        for p in parts[:3]:
            expect(page.get_by_text(p.user.email)).to_have_count(0)
    expect(page.get_by_text("Ade Bello")).to_have_count(0)

    # And the PDF downloads as a PDF
    pdf_link = page.get_by_role("button", name="Download as PDF")
    pdf = page.request.get(journey.base_url + pdf_link.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # And the cohorts of the programme can be compared
    journey.click(page.get_by_role("link", name=f"Compare the cohorts of {cohort.programme.name}"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cohorts compared")
    expect(page.get_by_role("table").first).to_contain_text(cohort.name)
    journey.assert_every_page_checked()
