"""match(), explanations and rematching, as a programme manager would check them."""

from __future__ import annotations

import re

import numpy as np
import pytest

from mutuality.matching import MatchSettings, Rules, match, propose_replacements

from .people import person


def test_pairs_come_with_scores_components_and_plain_reasons() -> None:
    people = [
        person(
            "a1",
            "aspiring",
            topics={"digital inclusion"},
            level=4,
            availability={("tue", "morning")},
            meeting_modes={"video"},
        ),
        person(
            "e1",
            "established",
            topics={"digital inclusion"},
            level=7,
            availability={("tue", "morning")},
            meeting_modes={"video", "phone"},
        ),
    ]
    result = match(people)
    (pair,) = result.pairs
    assert (pair.aspiring, pair.established) == ("a1", "e1")
    assert 0 < pair.score <= 1 and set(pair.components) >= {"topics", "seniority"}
    assert "both want to work on digital inclusion" in pair.reasons
    assert "a three-band gap" in pair.reasons
    assert len(pair.reasons) == 3
    assert result.exact and not result.unmatched


def test_unmatched_person_with_no_feasible_partner_gets_counts() -> None:
    people = [person("a", "aspiring", organisation="X", level=6)]
    people += [person(f"s{i}", "established", organisation="X") for i in range(3)]
    people += [person("low", "established", level=7)]
    result = match(people, MatchSettings(rules=Rules(min_gap=2)))
    (lonely,) = [u for u in result.unmatched if u.person == "a"]
    assert lonely.reason == (
        "a has no possible partner: 3 ruled out because they work for the same organisation "
        "(s0, s1 and s2); 1 ruled out because the gap in seniority is too small (low)"
    )
    assert lonely.excluded == {"same_organisation": 3, "seniority_gap": 1}


def test_unmatched_reasons_name_the_person_for_the_team_and_never_say_you() -> None:
    people = [person("a", "aspiring", name="Joel Carter", organisation="X")]
    people += [person(f"s{i}", "established", name=f"Sam {i}", organisation="X") for i in range(5)]
    (lonely,) = [u for u in match(people).unmatched if u.person == "a"]
    assert lonely.reason.startswith("Joel Carter has no possible partner: 5 ruled out")
    # A cohort's reason names at most three people, then says how many more.
    assert "(Sam 0, Sam 1, Sam 2 and 2 more)" in lonely.reason
    assert " you" not in lonely.reason and "feasible" not in lonely.reason


def test_a_pool_reason_gives_counts_without_names() -> None:
    from mutuality.matching.engine import NAME_BLOCKERS_UP_TO

    people = [person("a", "aspiring", organisation="X")]
    people += [
        person(f"s{i}", "established", organisation="X") for i in range(NAME_BLOCKERS_UP_TO + 1)
    ]
    (lonely,) = [u for u in match(people).unmatched if u.person == "a"]
    assert lonely.reason.endswith(
        f"{NAME_BLOCKERS_UP_TO + 1} ruled out because they work for the same organisation"
    )


def test_a_pair_with_no_time_in_common_says_so_beside_its_strengths() -> None:
    a = person(
        "a",
        "aspiring",
        topics={"digital inclusion"},
        availability={("mon", "morning")},
        meeting_modes={"video"},
    )
    e = person(
        "e",
        "established",
        topics={"digital inclusion"},
        availability={("fri", "evening")},
        meeting_modes={"in_person"},
    )
    (pair,) = match([a, e]).pairs
    assert "both want to work on digital inclusion" in pair.reasons
    tradeoff = pair.reasons[-1]
    assert tradeoff.startswith("but ")
    # Availability weighs more than meeting mode by default, so it is the main trade-off.
    assert tradeoff == "but they have no free time in common, so they will need to agree one"
    assert not any("happy to meet" in reason for reason in pair.reasons)


def test_different_ways_of_meeting_are_the_trade_off_when_time_is_shared() -> None:
    a = person("a", "aspiring", availability={("mon", "morning")}, meeting_modes={"video"})
    e = person("e", "established", availability={("mon", "morning")}, meeting_modes={"in_person"})
    (pair,) = match([a, e]).pairs
    assert pair.reasons[-1] == (
        "but one prefers to meet by video and the other in person, "
        "so they will need to agree how to meet"
    )


def test_a_pair_with_nothing_missing_has_no_trade_off() -> None:
    slot = {("tue", "morning")}
    a = person("a", "aspiring", topics={"x"}, availability=slot, meeting_modes={"video"})
    e = person("e", "established", topics={"x"}, availability=slot, meeting_modes={"video"})
    (pair,) = match([a, e]).pairs
    assert not any(reason.startswith("but ") for reason in pair.reasons)


def test_unmatched_when_the_only_partner_is_needed_by_someone_with_no_other_option() -> None:
    # b can only go with e1 and scores higher there; a could go nowhere else either.
    a = person("a", "aspiring")
    b = person("b", "aspiring", topics={"x"}, avoid_emails={"e2@example.org"})
    e1 = person("e1", "established", topics={"x"})
    e2 = person("e2", "established", avoid_emails={"a@example.org"})
    result = match([a, b, e1, e2])
    assert {(p.aspiring, p.established) for p in result.pairs} == {("b", "e1")}
    (lonely,) = [u for u in result.unmatched if u.person == "a"]
    assert "needed by someone with no other option" in lonely.reason


def test_unmatched_reason_states_the_cost_of_bringing_them_in() -> None:
    a = person("a", "aspiring", topics={"x"}, level=5)
    b = person("b", "aspiring", level=5)
    e = person("e", "established", topics={"x"}, level=7)
    result = match([a, b, e])
    (lonely,) = result.unmatched
    assert lonely.person == "b"
    loss = float(re.search(r"by (\d\.\d+)", lonely.reason).group(1))
    assert loss == pytest.approx(result.pairs[0].score - match([b, e]).total, abs=1e-3)
    assert "leave a without a partner" in lonely.reason


def test_ties_are_reported_as_swappable() -> None:
    result = match([person("a", "aspiring"), person("b", "aspiring"), person("e", "established")])
    (lonely,) = result.unmatched
    assert "equally good" in lonely.reason


def test_pinned_pairs_are_kept_even_when_the_solver_would_prefer_otherwise() -> None:
    a = person("a", "aspiring", topics={"x"})
    b = person("b", "aspiring")
    e = person("e", "established", topics={"x"})
    result = match([a, b, e], MatchSettings(rules=Rules(pinned=frozenset({("b", "e")}))))
    (pair,) = result.pairs
    assert (pair.aspiring, pair.established, pair.pinned) == ("b", "e", True)


def test_capacity_lets_an_established_leader_take_two() -> None:
    people = [person(f"a{i}", "aspiring") for i in range(3)]
    people += [person("e", "established", capacity=2)]
    result = match(people)
    assert len(result.pairs) == 2 and len(result.unmatched) == 1


def test_match_is_the_optimum_of_its_own_score_matrix() -> None:
    from mutuality.matching import assign
    from mutuality.matching.constraints import ConstraintModel
    from mutuality.matching.scoring import ScoreModel

    rng = np.random.default_rng(3)
    words = ["data", "care", "budget", "lead", "team", "coach", "equity", "digital"]
    people = [
        person(
            f"p{i}",
            "aspiring" if i < 14 else "established",
            organisation=f"org{rng.integers(4)}",
            topics=set(rng.choice(words, 2)),
            level=int(rng.integers(3, 12)),
            experience=" ".join(rng.choice(words, 5)),
            aspirations=" ".join(rng.choice(words, 5)),
        )
        for i in range(30)
    ]
    result = match(people)
    rows, cols = people[:14], people[14:]
    scores = ScoreModel(rows, cols).matrix()
    feasible = ConstraintModel(rows, cols).matrix() == 0
    assert result.total == pytest.approx(assign(scores, feasible=feasible).total)


def test_pool_pruning_path_gives_the_same_answer_on_an_easy_pool() -> None:
    people = [person(f"a{i}", "aspiring", topics={f"t{i}"}) for i in range(30)]
    people += [person(f"e{i}", "established", topics={f"t{i}"}) for i in range(30)]
    full = match(people)
    pruned = match(people, MatchSettings(pool_cells=100, top_k=3))
    assert not pruned.exact
    assert {(p.aspiring, p.established) for p in pruned.pairs} == {
        (p.aspiring, p.established) for p in full.pairs
    }


def test_duplicate_people_are_rejected() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        match([person("a", "aspiring"), person("a", "established")])


def test_replacements_rank_free_people_and_skip_the_excluded() -> None:
    leaver_partner = person("a", "aspiring", topics={"x", "y"}, organisation="Trust A")
    candidates = [
        person("best", "established", topics={"x", "y"}),
        person("ok", "established", topics={"x"}),
        person("meh", "established"),
        person("same-org", "established", topics={"x", "y"}, organisation="trust a"),
        person("other-side", "aspiring", topics={"x", "y"}),
        person("spare", "established", topics={"y"}),
    ]
    proposals = propose_replacements(leaver_partner, candidates, k=3)
    assert [p.candidate for p in proposals] == ["best", "ok", "spare"]
    assert proposals[0].reasons and proposals[0].score > proposals[1].score
    assert propose_replacements(leaver_partner, candidates, k=10)[-1].candidate == "meh"


def test_replacements_for_an_established_leader() -> None:
    e = person("e", "established", topics={"x"})
    proposals = propose_replacements(
        e, [person("a", "aspiring", topics={"x"}), person("b", "aspiring")], k=1
    )
    assert [p.candidate for p in proposals] == ["a"]
