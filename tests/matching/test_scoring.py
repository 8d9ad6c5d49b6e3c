"""Scores: each component in [0, 1], behaviour a programme manager would recognise."""

from __future__ import annotations

import numpy as np
import pytest

from mutuality.matching import Profile, Weights
from mutuality.matching.scoring import COMPONENTS, ScoreModel

from .people import person


def _one(a: Profile, b: Profile, **weights: float) -> dict[str, float]:
    model = ScoreModel([a], [b], Weights(**weights) if weights else None)
    return {k: float(v[0]) for k, v in model.components([0], [0]).items()}


def test_reciprocal_text_rewards_aspirations_meeting_experience() -> None:
    a = person(
        "a",
        "aspiring",
        aspirations="learn budgeting and commissioning",
        experience="community nursing",
    )
    good = person(
        "g",
        "established",
        experience="commissioning budgets for community care",
        aspirations="understand community nursing",
    )
    poor = person(
        "p", "established", experience="estates and car parking", aspirations="theatre scheduling"
    )
    model = ScoreModel([a], [good, poor])
    text = model.components([0, 0], [0, 1])["text"]
    assert text[0] > 0.2 > text[1] == 0
    # The words carrying the match, as someone wrote them ("budgeting", not a stem).
    terms = model.shared_terms([0], [0], limit=4)[0]
    assert {"commissioning", "budgeting"} <= set(terms)


def test_shared_topics_and_seniority_target() -> None:
    a = person("a", "aspiring", topics={"Digital inclusion", "anti-racism"}, level=5)
    b = person("b", "established", topics={"digital inclusion"}, level=7)
    c = _one(a, b, target_gap=2)
    assert c["topics"] == pytest.approx(0.5)
    assert c["seniority"] == 1.0
    far = person("f", "established", level=13)
    assert _one(a, far)["seniority"] == 0.0


def test_availability_mode_and_place() -> None:
    a = person(
        "a",
        "aspiring",
        availability={("tue", "morning"), ("thu", "evening")},
        meeting_modes={"in_person"},
        place="Leeds",
    )
    same = person(
        "b",
        "established",
        availability={("tue", "morning"), ("thu", "evening")},
        meeting_modes={"in_person", "video"},
        place="leeds",
    )
    c = _one(a, same)
    assert (c["availability"], c["meeting_mode"], c["place"]) == (1.0, 1.0, 1.0)
    apart = person(
        "c",
        "established",
        availability={("mon", "morning")},
        meeting_modes={"phone"},
        place="Bradford",
    )
    c = _one(a, apart)
    assert (c["availability"], c["meeting_mode"], c["place"]) == (0.0, 0.0, 0.5)


def test_blank_answers_are_neutral_not_penalised() -> None:
    c = _one(person("a", "aspiring", level=None), person("b", "established"))
    assert c["seniority"] == 0.5 and c["availability"] == 0.5 and c["meeting_mode"] == 1.0


def test_lived_experience_counts_only_when_both_consented() -> None:
    a = person("a", "aspiring", lived_experience={"disability"})
    different = person("b", "established", lived_experience={"race"})
    silent = person("c", "established")
    assert _one(a, different, lived_experience=1.0)["lived_experience"] == 1.0
    assert _one(a, silent, lived_experience=1.0)["lived_experience"] == 0.5


def test_stated_preferences() -> None:
    a = person("a", "aspiring", preferred_emails={"B@example.org"})
    b = person("b", "established", preferred_emails={"a@example.org"})
    assert _one(a, b)["preferences"] == 1.0
    assert _one(a, person("b", "established"))["preferences"] == 0.5


def test_matrix_equals_pairwise_and_stays_in_range() -> None:
    rng = np.random.default_rng(0)
    words = ["data", "care", "budget", "lead", "team", "coach", "equity", "digital"]
    people = [
        person(
            f"x{i}",
            "aspiring" if i < 9 else "established",
            aspirations=" ".join(rng.choice(words, 4)),
            experience=" ".join(rng.choice(words, 4)),
            topics=set(rng.choice(words, 2)),
            level=int(rng.integers(3, 12)),
            availability={("mon", "morning")} if i % 2 else set(),
            place="Leeds",
            meeting_modes={"in_person"} if i % 3 else {"video"},
        )
        for i in range(20)
    ]
    model = ScoreModel(people[:9], people[9:])
    matrix = model.matrix(block=4)
    r, c = np.divmod(np.arange(matrix.size), matrix.shape[1])
    assert np.allclose(matrix.ravel(), model.scores(r, c), atol=1e-6)
    assert matrix.min() >= 0 and matrix.max() <= 1
    assert set(model.components([0], [0])) == set(COMPONENTS)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": -1.0}, "non-negative"),
        ({"text": float("nan")}, "finite"),
        ({**dict.fromkeys(COMPONENTS, 0.0)}, "not all zero"),
        ({"gap_tolerance": 0}, "positive"),
    ],
)
def test_bad_weights(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Weights(**kwargs)


def test_bad_profile_values() -> None:
    with pytest.raises(ValueError, match="side"):
        person("a", "mentor")
    with pytest.raises(ValueError, match="availability"):
        person("a", "aspiring", availability={("someday", "morning")})
    with pytest.raises(ValueError, match="meeting modes"):
        person("a", "aspiring", meeting_modes={"carrier pigeon"})


def test_lived_experience_can_favour_shared_or_different_experience() -> None:
    a = person("a", "aspiring", lived_experience={"race", "disability"})
    shared = person("b", "established", lived_experience={"race"})
    other = person("c", "established", lived_experience={"sexuality"})
    different = {"lived_experience": 1.0}
    similar = {"lived_experience": 1.0, "lived_experience_mode": "similar"}
    # By default a pair scores higher for bringing each other different experience...
    assert _one(a, other, **different)["lived_experience"] == 1.0
    assert _one(a, shared, **different)["lived_experience"] == 0.5
    # ...and a cohort that asks for shared experience turns that round.
    assert _one(a, other, **similar)["lived_experience"] == 0.0
    assert _one(a, shared, **similar)["lived_experience"] == 0.5
    model = ScoreModel([a], [shared, other], Weights(**similar))
    assert model.matrix()[0, 0] > model.matrix()[0, 1]


def test_an_unknown_lived_experience_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="lived_experience_mode"):
        Weights(lived_experience_mode="opposite")
