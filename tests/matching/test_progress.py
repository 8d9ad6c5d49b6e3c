"""match() reports its stages and how far through the run it is, through a plain callback."""

from __future__ import annotations

import pytest

from mutuality.matching import MatchSettings, match
from mutuality.matching.engine import STAGES

from .people import person


def cohort(n: int) -> list:
    people = [
        person(f"a{i}", "aspiring", organisation=f"org{i % 3}", level=4, topics={f"t{i % 4}"})
        for i in range(n)
    ]
    people += [
        person(f"e{i}", "established", organisation=f"org{i % 5}", level=7, topics={f"t{i % 4}"})
        for i in range(n)
    ]
    return people


@pytest.mark.parametrize("pool", [False, True], ids=["full matrix", "pool shortlists"])
def test_stages_come_in_order_and_the_fraction_only_grows(pool: bool) -> None:
    seen: list[tuple[str, float]] = []
    settings = MatchSettings(pool_cells=0, top_k=5) if pool else MatchSettings()
    result = match(cohort(30), settings, progress=lambda stage, done: seen.append((stage, done)))
    assert len(result.pairs) == 30
    stages = list(dict.fromkeys(stage for stage, _ in seen))
    assert stages == list(STAGES)
    fractions = [done for _, done in seen]
    assert fractions == sorted(fractions)
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    for stage, done in seen:  # each report lies within its own stage's share
        names = list(STAGES)
        start = STAGES[names[names.index(stage) - 1]] if names.index(stage) else 0.0
        assert start <= done <= STAGES[stage]


def test_without_a_callback_nothing_changes() -> None:
    assert match(cohort(5)).total == match(cohort(5), progress=lambda *_: None).total
