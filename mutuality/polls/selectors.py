"""Polls and career moves: the reads behind their pages. Nothing here writes; each function
runs a fixed number of queries, however many people answered."""

from datetime import date

from mutuality.disclosure import disclose_count
from mutuality.programmes.models import Cohort, Participation
from mutuality.programmes.numbers import policy_for

from .defaults import NAME as DEFAULT_NAME
from .models import CareerOutcome, Instrument, Kind, Question, Response, Wave, WaveResults


def participation_of(cohort: Cohort, user) -> Participation | None:
    return cohort.participations.filter(user=user).first()


def my_polls(cohort: Cohort, participation: Participation, *, today: date) -> dict:
    """A participant's polls, which of them they answered, and their own career moves."""
    answered = set(participation.poll_responses.values_list("wave_id", flat=True))
    return {
        "rows": [
            {
                "wave": w,
                "answered": w.pk in answered,
                "open": w.is_open(today),
                "past": w.has_closed(today),
            }
            for w in cohort.waves.all()
        ],
        "outcomes": list(participation.career_outcomes.all()),
    }


def wave_of(cohort: Cohort, pk: int) -> Wave | None:
    """One of the cohort's polls, with its instrument."""
    return Wave.objects.select_related("instrument").filter(pk=pk, cohort=cohort).first()


def response_of(wave: Wave, participation: Participation) -> Response | None:
    return Response.objects.filter(wave=wave, participation=participation).first()


def frozen_results(waves) -> dict[int, WaveResults]:
    """The latest frozen version of each of ``waves`` that has one, by wave id."""
    latest: dict[int, WaveResults] = {}
    for results in WaveResults.objects.filter(wave__in=waves).order_by("wave", "-version"):
        latest.setdefault(results.wave_id, results)
    return latest


def cohort_polls(cohort: Cohort) -> dict:
    """The team's polls page. Counts come only from frozen answers: while a poll is open
    nothing here moves, so nobody can watch a count tick up when one person answers."""
    policy = policy_for(cohort)
    all_waves = list(cohort.waves.select_related("instrument"))
    frozen = frozen_results(all_waves)
    waves = [
        {
            "wave": w,
            "frozen": frozen.get(w.pk),
            "responses": disclose_count(len(frozen[w.pk].answers), policy)
            if w.pk in frozen
            else None,
        }
        for w in all_waves
    ]
    return {"waves": waves, "policy": policy}


def default_instrument() -> Instrument | None:
    """The shared instrument a new poll starts with. A migration makes it; None only where
    the tables were emptied since (a test), and then the editor preselects nothing."""
    return Instrument.objects.filter(name=DEFAULT_NAME, programme=None).first()


def text_questions(wave: Wave) -> dict[str, Question]:
    """The wave's free-text questions by key."""
    return {q.key: q for q in wave.instrument.questions.all() if q.kind == Kind.TEXT}


def is_frozen(wave: Wave) -> bool:
    """Whether any version of the wave's answers has been frozen, so the report reads it."""
    return wave.results.exists()


def free_text_answers(wave: Wave, questions: dict[str, Question]) -> list[dict]:
    """The free-text answers of the wave's latest frozen version, for the team to choose
    quotes from: without names, with the quote already shared from each, in text order so
    the list says nothing about who answered first. Nothing while the wave is open (ADR
    0010): a new answer appearing as someone says they have just answered would tie the
    words to them, and the report reads only frozen answers anyway."""
    results = frozen_results([wave]).get(wave.pk)
    if results is None:
        return []
    response_of = dict(wave.responses.values_list("participation_id", "pk"))
    shared = {(q.response_id, q.question_key): q for q in wave.quotes.all()}
    answers = []
    for pid, _side, given in results.answers:
        response = response_of.get(pid)
        if response is None:  # their answers were removed since (withdrawn or erased)
            continue
        for key, question in questions.items():
            text = (given.get(key) or "").strip()
            if text:
                answers.append(
                    {
                        "response": response,
                        "question": question,
                        "text": text,
                        "quote": shared.get((response, key)),
                    }
                )
    answers.sort(key=lambda a: (a["question"].order, a["text"].casefold()))
    return answers


def frozen_text_answer(wave: Wave, response: Response, question_key: str) -> str:
    """The words ``response`` gave to ``question_key`` in the wave's latest frozen version,
    or "" if there are none: only these may be chosen as a quote."""
    results = frozen_results([wave]).get(wave.pk)
    if results is None:
        return ""
    for pid, _side, given in results.answers:
        if pid == response.participation_id:
            return (given.get(question_key) or "").strip()
    return ""


def recorded_outcomes(cohort: Cohort) -> list[CareerOutcome]:
    """Every career move recorded for the cohort's participants, with who made it."""
    return list(
        CareerOutcome.objects.filter(participation__cohort=cohort).select_related(
            "participation__user"
        )
    )
