"""Polls and career outcomes: waves laid out over the programme, one response per person per
wave that can be changed until it closes, reminders sent once, free text shared only as the
team chose, and career moves recorded by the person or, with their agreement, the team."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mutuality.polls import services
from mutuality.polls.models import CareerOutcome, Quote, Reminder, Response, Wave
from mutuality.programmes.models import Side

from .factories import CohortFactory


@pytest.fixture
def wave(cast):
    today = timezone.localdate()
    return Wave.objects.create(
        cohort=cast.cohort, instrument=services.default_instrument(), stage="baseline",
        title="Baseline poll", opens_on=today - timedelta(days=8), closes_on=today + timedelta(7),
    )  # fmt: skip


def full_answers(wave, side: str) -> dict[str, str]:
    """A POST that answers every closed question with the middle-but-one choice."""
    data = {}
    for q in services.questions_for(wave, side):
        if q.kind == "likert5":
            data[q.key] = "4"
        elif q.kind == "scale10":
            data[q.key] = "8"
        elif q.kind == "yesno":
            data[q.key] = "yes"
        elif q.kind == "single":
            data[q.key] = q.options[0]
        elif q.kind == "text":
            data[q.key] = "My partner showed me how the board really works."
    return data


@pytest.mark.django_db
def test_standard_waves_cover_start_middle_end_and_follow_ups():
    cohort = CohortFactory(starts_on=date(2027, 1, 11), ends_on=date(2027, 10, 29))
    waves = services.standard_waves(cohort)
    stages = [stage for stage, *_ in waves]
    assert stages[0] == "baseline" and waves[0][2] == date(2027, 1, 11)
    assert stages.count("midpoint") == 1 and stages.count("final") == 1
    assert stages[-2:] == ["follow_up_6", "follow_up_12"]
    assert waves[-2][2] == date(2028, 4, 29) and waves[-1][2] == date(2028, 10, 29)
    assert "interval" in stages
    assert all(opens <= closes for _, _, opens, closes in waves)
    assert [w[2] for w in waves] == sorted(w[2] for w in waves)


def test_lay_out_once(cast):
    waves = services.lay_out_waves(cohort=cast.cohort, by=cast.office)
    assert len(waves) == cast.cohort.waves.count() >= 5
    with pytest.raises(services.ValidationError):
        services.lay_out_waves(cohort=cast.cohort, by=cast.office)
    assert cast.cohort.waves.count() == len(waves)


def test_each_side_is_asked_its_own_questions(client, cast, wave):
    aspiring_keys = {q.key for q in services.questions_for(wave, Side.ASPIRING)}
    established_keys = {q.key for q in services.questions_for(wave, Side.ESTABLISHED)}
    assert aspiring_keys - established_keys and established_keys - aspiring_keys
    client.force_login(cast.established)
    page = client.get(reverse("polls:answer", args=[cast.cohort.pk, wave.pk])).content.decode()
    for q in wave.instrument.questions.all():
        assert (f'name="{q.key}"' in page) == (q.key in established_keys), q.key


def test_answer_then_change_keeps_one_response(client, cast, wave):
    # A mid-point poll, so that its yes/no question ("Since the programme began …") is asked.
    wave.stage = "midpoint"
    wave.save()
    client.force_login(cast.aspiring)
    url = reverse("polls:answer", args=[cast.cohort.pk, wave.pk])
    data = full_answers(wave, Side.ASPIRING)
    assert client.post(url, data).status_code == 302
    first_key = next(k for k, v in data.items() if v == "4")
    client.post(url, {**data, first_key: "2"})
    (response,) = Response.objects.filter(wave=wave)
    assert response.answers[first_key] == 2
    assert any(v is True for v in response.answers.values())  # yes/no kept as a boolean
    page = client.get(url).content.decode()
    # The form opens with the changed answer chosen, and only that one for the question.
    chosen = re.findall(rf'name="{first_key}" type="radio" value="(\d)"\s+checked', page)
    assert chosen == ["2"]


def test_a_missing_answer_is_named_and_nothing_is_saved(client, cast, wave):
    client.force_login(cast.aspiring)
    data = full_answers(wave, Side.ASPIRING)
    missing = next(k for k, v in data.items() if v == "4")
    del data[missing]
    page = client.post(reverse("polls:answer", args=[cast.cohort.pk, wave.pk]), data)
    assert page.status_code == 200
    assert "There is a problem" in page.content.decode()
    assert f'href="#id_{missing}' in page.content.decode()
    assert not Response.objects.exists()


def test_closed_wave_cannot_be_changed(client, cast, wave):
    services.response_save(wave=wave, participation=cast.partnership.aspiring, answers={"x": 1})
    wave.closes_on = timezone.localdate() - timedelta(days=1)
    wave.save()
    client.force_login(cast.aspiring)
    url = reverse("polls:answer", args=[cast.cohort.pk, wave.pk])
    response = client.post(url, full_answers(wave, Side.ASPIRING))
    assert response.status_code == 410
    assert "is closed" in response.content.decode()
    assert Response.objects.get().answers == {"x": 1}
    with pytest.raises(services.ValidationError, match="closed"):
        services.response_save(wave=wave, participation=cast.partnership.aspiring, answers={})


def test_reminders_go_once_to_those_who_have_not_answered(
    cast, wave, django_capture_on_commit_callbacks
):
    services.response_save(wave=wave, participation=cast.partnership.aspiring, answers={"x": 1})
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_wave_reminders()
    # Four people take part in the cohort; one has answered.
    assert sent == 3 == len(mail.outbox)
    assert cast.aspiring.email not in {m.to[0] for m in mail.outbox}
    assert "Baseline poll" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_wave_reminders() == 0
    assert Reminder.objects.count() == 3 and len(mail.outbox) == 3


def test_no_reminder_before_the_reminder_day(cast, wave):
    wave.opens_on = timezone.localdate() - timedelta(days=wave.remind_after_days - 1)
    wave.save()
    assert services.send_wave_reminders() == 0


def test_the_team_sees_a_disclosed_count_never_the_answers(client, cast, wave):
    secret = "Only my partner knew about my tribunal."
    services.response_save(
        wave=wave, participation=cast.partnership.aspiring, answers={"what-changed": secret}
    )
    client.force_login(cast.programme_manager)
    page = client.get(reverse("polls:cohort", args=[cast.cohort.pk])).content.decode()
    # While the poll is open no count moves, not even a rounded one.
    assert "Shown when it closes" in page and "not shown <span" not in page
    wave.closes_on = timezone.localdate() - timedelta(days=1)
    wave.save()
    assert services.freeze_closed_waves() == 1
    page = client.get(reverse("polls:cohort", args=[cast.cohort.pk])).content.decode()
    assert "not shown <span" in page and "(fewer than 8 people" in page and secret not in page


def test_closing_freezes_the_answers_once_and_reopening_is_audited(client, cast, wave):
    from mutuality.audit.models import AuditEvent

    services.response_save(wave=wave, participation=cast.partnership.aspiring, answers={"x": 1})
    assert services.freeze_closed_waves() == 0  # still open: nothing frozen
    wave.closes_on = timezone.localdate() - timedelta(days=1)
    wave.save()
    assert services.freeze_closed_waves() == 1
    assert services.freeze_closed_waves() == 0  # once per version
    client.force_login(cast.programme_manager)
    url = reverse("polls:reopen", args=[cast.cohort.pk, wave.pk])
    # Dates of a closed poll cannot be changed on the edit form, only by reopening.
    edit = reverse("polls:edit", args=[cast.cohort.pk, wave.pk])
    page = client.get(edit).content.decode()
    # Said once, not under both dates; the form's labels are plain words.
    assert page.count("To let people change their answers, reopen it.") == 1
    assert "Set of questions" in page and "Send a reminder after (days)" in page
    refused = client.post(url, {"closes_on": "2000-01-01", "reason": "Fix"})
    assert "today or later" in refused.content.decode()
    until = timezone.localdate() + timedelta(days=3)
    response = client.post(
        url, {"closes_on": until.isoformat(), "reason": "One answer typed wrongly."}
    )
    assert response.status_code == 302
    wave.refresh_from_db()
    assert (wave.version, wave.closes_on, wave.is_open()) == (2, until, True)
    event = AuditEvent.objects.get(action="polls.wave_reopened")
    assert (
        event.detail["reason"] == "One answer typed wrongly."
        and event.actor == cast.programme_manager
    )
    services.response_save(wave=wave, participation=cast.partnership.aspiring, answers={"x": 2})
    assert [r.version for r in wave.results.all()] == [1]
    assert wave.results.get().answers[0][2] == {"x": 1}  # the published version stays


def test_free_text_reaches_the_team_without_names_and_is_shared_as_edited(client, cast, wave):
    text_key = next(q.key for q in wave.instrument.questions.all() if q.kind == "text")
    services.response_save(
        wave=wave,
        participation=cast.partnership.aspiring,
        answers={text_key: "Ade's partner at the trust opened doors."},
    )
    services.wave_close(wave=wave, by=cast.programme_manager)
    client.force_login(cast.programme_manager)
    url = reverse("polls:quotes", args=[cast.cohort.pk, wave.pk])
    page = client.get(url).content.decode()
    assert "opened doors" in page
    assert cast.aspiring.email not in page
    assert cast.aspiring.get_full_name() not in page
    response = Response.objects.get()
    client.post(
        url,
        {"response": response.pk, "question": text_key, "action": "share",
         "text": "My partner opened doors."},
    )  # fmt: skip
    assert Quote.objects.get().text == "My partner opened doors."
    client.post(url, {"response": response.pk, "question": text_key, "action": "withdraw"})
    assert not Quote.objects.exists()


def test_team_records_a_career_move_only_with_agreement(client, cast):
    client.force_login(cast.programme_manager)
    url = reverse("polls:outcomes", args=[cast.cohort.pk])
    data = {
        "participation": cast.partnership.aspiring.pk,
        "kind": "promotion",
        "happened_on": "2027-05-01",
        "note": "Head of service",
    }
    page = client.post(url, data).content.decode()
    assert "Ask the person first" in page and not CareerOutcome.objects.exists()
    assert client.post(url, {**data, "person_agreed": "on"}).status_code == 302
    outcome = CareerOutcome.objects.get()
    assert outcome.recorded_by == cast.programme_manager and outcome.person_agreed


def test_people_record_and_remove_their_own_career_moves(client, cast):
    client.force_login(cast.aspiring)
    add = reverse("polls:my_outcome_add", args=[cast.cohort.pk])
    client.post(add, {"kind": "acting_up", "happened_on": "2027-04-01", "note": ""})
    outcome = CareerOutcome.objects.get()
    assert outcome.participation.user == cast.aspiring
    page = client.get(reverse("polls:mine", args=[cast.cohort.pk])).content.decode()
    assert "Acting up" in page
    client.post(reverse("polls:my_outcome_remove", args=[cast.cohort.pk, outcome.pk]))
    assert not CareerOutcome.objects.exists()


def _writes(queries) -> list[str]:
    """The statements that change a table, apart from the sign-in session's own row (which
    records the time of each request)."""
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))
        and "django_session" not in q["sql"]
    ]


def test_a_new_database_has_the_shared_poll_and_opening_the_editor_writes_nothing(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mutuality.impact.instrument import DEFAULT_INSTRUMENT
    from mutuality.polls.models import Instrument, Question

    # Made by a migration, with every question of the engine's bank.
    shared = Instrument.objects.get(name=DEFAULT_INSTRUMENT.name, programme=None)
    assert shared.questions.count() == len(DEFAULT_INSTRUMENT.questions)
    counts = (Instrument.objects.count(), Question.objects.count())
    client.force_login(cast.programme_manager)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("polls:new", args=[cast.cohort.pk]))
    assert page.status_code == 200
    assert _writes(captured.captured_queries) == []
    assert (Instrument.objects.count(), Question.objects.count()) == counts
    # The shared poll is chosen for a new one.
    assert re.search(rf'value="{shared.pk}"[^>]*\b(selected|checked)', page.content.decode())
    # The service that makes it again after a test empties the tables finds this one.
    assert services.default_instrument() == shared


def test_the_poll_editor_still_opens_if_the_shared_poll_is_gone(client, cast):
    from mutuality.polls.models import Instrument

    Instrument.objects.all().delete()
    client.force_login(cast.programme_manager)
    page = client.get(reverse("polls:new", args=[cast.cohort.pk]))
    assert page.status_code == 200
    assert not Instrument.objects.exists()


def test_the_team_closes_a_poll_early_and_its_answers_are_frozen_at_once(client, cast, wave):
    from mutuality.audit.models import AuditEvent

    planned = wave.closes_on
    services.response_save(wave=wave, participation=cast.partnership.aspiring, answers={"x": 1})
    client.force_login(cast.programme_manager)
    polls_page = client.get(reverse("polls:cohort", args=[cast.cohort.pk])).content.decode()
    url = reverse("polls:close", args=[cast.cohort.pk, wave.pk])
    assert f'href="{url}"' in polls_page
    # Looking at the page changes nothing: it asks first.
    confirm = client.get(url).content.decode()
    assert "nobody can answer it" in confirm
    wave.refresh_from_db()
    assert wave.is_open() and not wave.results.exists()
    assert client.post(url).status_code == 302
    wave.refresh_from_db()
    today = timezone.localdate()
    assert not wave.is_open() and wave.has_closed() and wave.closes_on == today
    # Frozen now, not at the next daily run, and the daily run does not freeze it twice.
    frozen = wave.results.get()
    assert (frozen.version, frozen.closed_on, frozen.answers[0][2]) == (1, today, {"x": 1})
    assert services.freeze_closed_waves() == 0
    event = AuditEvent.objects.get(action="polls.wave_closed")
    assert event.actor == cast.programme_manager
    assert event.detail["planned_close"] == planned.isoformat()
    # Nobody can answer or change an answer any more, and nobody is reminded.
    client.force_login(cast.aspiring)
    answer = reverse("polls:answer", args=[cast.cohort.pk, wave.pk])
    assert client.post(answer, full_answers(wave, Side.ASPIRING)).status_code == 410
    assert Response.objects.get().answers == {"x": 1}
    assert services.send_wave_reminders() == 0
    # Closing twice is refused with a reason, and changes nothing.
    client.force_login(cast.programme_manager)
    again = client.post(url)
    assert again.status_code == 400 and "has already closed" in again.content.decode()
    assert AuditEvent.objects.filter(action="polls.wave_closed").count() == 1


def test_reopening_a_poll_closed_early_opens_it_again(cast, wave):
    services.wave_close(wave=wave, by=cast.programme_manager)
    wave.refresh_from_db()
    until = timezone.localdate() + timedelta(days=2)
    services.wave_reopen(wave=wave, by=cast.programme_manager, closes_on=until, reason="Too soon")
    wave.refresh_from_db()
    assert wave.is_open() and wave.version == 2 and wave.closed_at is None
    # When it passes its new date the daily job freezes version 2 as before.
    assert services.freeze_closed_waves(today=until + timedelta(days=1)) == 1
    assert [r.version for r in wave.results.all()] == [2, 1]


def test_a_poll_not_yet_open_cannot_be_closed_early(cast):
    today = timezone.localdate()
    later = Wave.objects.create(
        cohort=cast.cohort, instrument=services.default_instrument(), stage="final",
        title="Final poll", opens_on=today + timedelta(days=5), closes_on=today + timedelta(9),
    )  # fmt: skip
    with pytest.raises(services.ValidationError, match="has not opened yet"):
        services.wave_close(wave=later, by=cast.programme_manager)
    later.refresh_from_db()
    assert later.closed_at is None and not later.results.exists()


def test_the_daily_job_freezes_a_poll_closed_early_if_it_was_not_frozen(cast, wave):
    Wave.objects.filter(pk=wave.pk).update(closed_at=timezone.now())
    assert services.freeze_closed_waves() == 1
    assert wave.results.count() == 1


def test_report_and_steering_page_say_an_open_poll_s_results_come_when_it_closes(client, cast):
    today = timezone.localdate()
    final = Wave.objects.create(
        cohort=cast.cohort, instrument=services.default_instrument(), stage="final",
        title="Final poll", opens_on=today - timedelta(days=3), closes_on=today + timedelta(9),
    )  # fmt: skip
    services.response_save(wave=final, participation=cast.partnership.aspiring, answers={"x": 1})
    waiting = "Final poll is open. Its results will appear when the poll has closed"
    report = reverse("evaluation:cohort", args=[cast.cohort.pk])
    steering = reverse("steering:programme", args=[cast.cohort.programme.slug])
    client.force_login(cast.steering)
    assert waiting in client.get(report).content.decode()
    assert waiting in client.get(steering).content.decode()
    services.wave_close(wave=final, by=cast.programme_manager)
    for url in (report, steering):
        page = client.get(url).content.decode()
        assert waiting not in page and "results will appear" not in page


def test_free_text_of_an_open_poll_is_read_by_nobody_until_it_closes(client, cast, wave):
    """ADR 0010: the team sees free text only from frozen answers. Were it listed live, an
    answer appearing just after someone said "I've done the poll" would be theirs."""
    text_key = next(q.key for q in wave.instrument.questions.all() if q.kind == "text")
    aspiring = cast.partnership.aspiring
    services.response_save(
        wave=wave, participation=aspiring, answers={text_key: "My manager blocked my bid."}
    )
    client.force_login(cast.programme_manager)
    url = reverse("polls:quotes", args=[cast.cohort.pk, wave.pk])
    page = client.get(url).content.decode()
    assert "blocked my bid" not in page
    assert "Its answers will appear here when the poll has closed" in page
    # Nor can words be shared from it by posting the answer's id.
    response = Response.objects.get()
    refused = client.post(
        url, {"response": response.pk, "question": text_key, "action": "share", "text": "x"}
    )
    assert refused.status_code == 404 and not Quote.objects.exists()
    services.wave_close(wave=wave, by=cast.programme_manager)
    assert "blocked my bid" in client.get(url).content.decode()
    # Reopened, a changed answer stays unseen until the poll closes again: the team reads
    # the words as they were frozen.
    wave.refresh_from_db()
    until = timezone.localdate() + timedelta(days=3)
    wave = services.wave_reopen(
        wave=wave, by=cast.programme_manager, closes_on=until, reason="Late"
    )
    services.response_save(
        wave=wave, participation=aspiring, answers={text_key: "Now it is all fine."}
    )
    page = client.get(url).content.decode()
    assert "blocked my bid" in page and "all fine" not in page


def test_closing_the_cohort_closes_its_open_poll_and_freezes_the_answers(client, cast, wave):
    """After the cohort closes, the open poll no longer offers 'Change your answers', and its
    answers are frozen, in the same step as the closing."""
    from mutuality.audit.models import AuditEvent
    from mutuality.programmes.models import Cohort

    today = timezone.localdate()
    later = Wave.objects.create(
        cohort=cast.cohort, instrument=services.default_instrument(), stage="follow_up_6",
        title="Six months on", opens_on=today + timedelta(days=180),
        closes_on=today + timedelta(days=200),
    )  # fmt: skip
    client.force_login(cast.aspiring)
    answer = reverse("polls:answer", args=[cast.cohort.pk, wave.pk])
    assert client.post(answer, full_answers(wave, Side.ASPIRING)).status_code == 302
    mine = reverse("polls:mine", args=[cast.cohort.pk])
    assert "Change your answers" in client.get(mine).content.decode()

    Cohort.objects.filter(pk=cast.cohort.pk).update(status=Cohort.Status.RUNNING)
    client.force_login(cast.programme_manager)
    advance = reverse("programmes:cohort_advance", args=[cast.cohort.pk])
    assert "The open poll closes now" in client.get(advance).content.decode()
    assert client.post(advance).status_code == 302
    cast.cohort.refresh_from_db()
    assert cast.cohort.status == Cohort.Status.CLOSED

    wave.refresh_from_db()
    assert wave.has_closed() and wave.results.get().closed_on == today
    event = AuditEvent.objects.get(action="polls.wave_closed")
    assert event.actor == cast.programme_manager
    later.refresh_from_db()
    assert later.closed_at is None  # a poll planned for after the year is left as planned

    client.force_login(cast.aspiring)
    assert "Change your answers" not in client.get(mine).content.decode()
    before = Response.objects.get().answers
    changed = {**full_answers(wave, Side.ASPIRING)}
    changed[next(k for k, v in changed.items() if v == "4")] = "1"
    assert client.post(answer, changed).status_code == 410
    assert Response.objects.get().answers == before


def test_a_cohort_that_fails_to_close_leaves_its_poll_open(cast, wave):
    """Closing the cohort and closing its polls happen together or not at all: a failure in
    a later step of the closing undoes the poll's closing too."""
    from mutuality.programmes import services as programme_services
    from mutuality.programmes.models import Cohort
    from mutuality.programmes.signals import cohort_closed

    Cohort.objects.filter(pk=cast.cohort.pk).update(status=Cohort.Status.RUNNING)

    def fail(sender, **kwargs):
        raise RuntimeError("disk full")

    cohort_closed.connect(fail, dispatch_uid="test.fail_after_polls")
    try:
        with pytest.raises(RuntimeError):
            programme_services.cohort_advance(cohort=cast.cohort, by=cast.programme_manager)
    finally:
        cohort_closed.disconnect(dispatch_uid="test.fail_after_polls")
    wave.refresh_from_db()
    cast.cohort.refresh_from_db()
    assert cast.cohort.status == Cohort.Status.RUNNING
    assert wave.is_open() and not wave.results.exists()


def test_a_baseline_poll_asks_nothing_about_the_programme_s_effects(client, cast, wave):
    """Before the programme begins, nobody is asked what it has done for them; the mid-point
    and final polls ask, and the statements asked both times are the same."""
    client.force_login(cast.aspiring)
    baseline = client.get(reverse("polls:answer", args=[cast.cohort.pk, wave.pk])).content
    today = timezone.localdate()
    final = Wave.objects.create(
        cohort=cast.cohort, instrument=wave.instrument, stage="final", title="Final poll",
        opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=7),
    )  # fmt: skip
    end = client.get(reverse("polls:answer", args=[cast.cohort.pk, final.pk])).content
    for retrospective in (
        b"Taking part has renewed my energy",
        b"Since the programme began",
        b"most useful to you",
        b"how likely are you to recommend this programme",
    ):
        assert retrospective not in baseline
        assert retrospective in end
    assert b"I feel confident finding my way around" in baseline
    asked_first = {q.key for q in services.questions_for(wave, Side.ASPIRING)}
    asked_last = {q.key for q in services.questions_for(final, Side.ASPIRING)}
    assert asked_first < asked_last
    assert {"renewed-energy", "applied-for-role", "most-useful"} <= asked_last - asked_first
    # Answering the baseline poll in full needs no answer to a question it did not ask.
    data = full_answers(wave, Side.ASPIRING)
    assert (
        client.post(reverse("polls:answer", args=[cast.cohort.pk, wave.pk]), data).status_code
        == 302
    )
    assert "renewed-energy" not in Response.objects.get(wave=wave).answers
