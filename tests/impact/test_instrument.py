"""The default instrument: stable keys, every kind it needs, and headlines that read well."""

from __future__ import annotations

import re

import pytest

from mutuality.impact.instrument import (
    ASPIRING,
    DEFAULT_INSTRUMENT,
    ESTABLISHED,
    LIKERT5,
    LIKERT_LABELS,
    SCALE10,
    TEXT,
    YESNO,
    Question,
)


def test_about_a_dozen_questions_with_slug_keys():
    keys = [question.key for question in DEFAULT_INSTRUMENT.questions]
    assert 10 <= len(keys) <= 12
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key) for key in keys)


def test_covers_the_themes_of_the_issue():
    kinds = {question.key: question.kind for question in DEFAULT_INSTRUMENT.questions}
    for key in (
        "navigating-organisation",
        "lived-experience",
        "power-privilege",
        "trust-senior-leaders",
        "ready-for-promotion",
        "supporting-equity",
        "being-heard",
    ):
        assert kinds[key] == LIKERT5
    assert kinds["recommend"] == SCALE10
    assert kinds["applied-for-role"] == YESNO
    assert kinds["what-changed"] == TEXT


def test_sides():
    aspiring = {question.key for question in DEFAULT_INSTRUMENT.for_side(ASPIRING)}
    established = {question.key for question in DEFAULT_INSTRUMENT.for_side(ESTABLISHED)}
    assert "trust-senior-leaders" in aspiring - established
    assert "ready-for-promotion" in aspiring - established
    assert "supporting-equity" in established - aspiring
    assert "power-privilege" in established


def test_statements_first_person_and_headlines_third_person():
    for question in DEFAULT_INSTRUMENT.questions:
        if question.kind == LIKERT5:
            assert question.text.startswith(("I ", "When I ", "Taking part"))
        if question.headline:
            assert not re.search(r"\b(I|my|me)\b", question.headline)
            assert question.headline[0].islower()


def test_likert_labels_run_from_disagree_to_agree():
    assert LIKERT_LABELS[0] == "Strongly disagree"
    assert LIKERT_LABELS[-1] == "Strongly agree"
    assert len(LIKERT_LABELS) == 5


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind": "stars"},
        {"sides": ("faculty",)},
        {"sides": ()},
        {"kind": "single"},
        {"headline": ""},
    ],
)
def test_malformed_questions_are_refused(kwargs):
    fields = {
        "key": "k",
        "kind": LIKERT5,
        "text": "I agree.",
        "headline": "agree",
        "sides": (ASPIRING,),
    } | kwargs
    with pytest.raises(ValueError):
        Question(**fields)


def test_questions_about_the_programme_s_effects_wait_until_it_has_begun():
    asked = {q.key for q in DEFAULT_INSTRUMENT.questions if q.asked_at("baseline")}
    later = {q.key for q in DEFAULT_INSTRUMENT.questions if q.asked_at("midpoint")}
    assert {"renewed-energy", "applied-for-role", "most-useful", "what-changed"} <= later - asked
    # The statements compared from start to end are asked at both.
    assert {"navigating-organisation", "ready-for-promotion", "being-heard"} <= asked
    assert all(q.asked_at("final") for q in DEFAULT_INSTRUMENT.questions)
