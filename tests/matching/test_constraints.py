"""Hard constraints and the reasons recorded for each excluded pair."""

from __future__ import annotations

import pytest

from mutuality.matching import Reason, Rules
from mutuality.matching.constraints import ConstraintModel

from .people import person


def test_same_organisation_is_excluded_unless_allowed() -> None:
    a = person("a", "aspiring", organisation="Leeds Teaching Hospitals")
    b = person("b", "established", organisation="leeds teaching hospitals ")
    assert ConstraintModel([a], [b]).pair(0, 0) & Reason.SAME_ORGANISATION
    assert ConstraintModel([a], [b], Rules(different_organisation=False)).pair(0, 0) == 0


def test_line_management_chain_is_excluded_transitively() -> None:
    a = person("a", "aspiring", line_manager_email="mid@example.org")
    mid = person("mid", "aspiring", line_manager_email="top@example.org")
    top = person("top", "established")
    other = person("o", "established")
    model = ConstraintModel([a, mid], [top, other])
    assert model.pair(0, 0) & Reason.LINE_MANAGEMENT  # a -> mid -> top
    assert model.pair(1, 0) & Reason.LINE_MANAGEMENT
    assert model.pair(0, 1) == 0
    # Links known only to the programme office count too, and cycles do not hang.
    rules = Rules(
        line_managers={"o@example.org": "a@example.org", "a@example.org": "o@example.org"}
    )
    assert ConstraintModel([a], [other], rules).pair(0, 0) & Reason.LINE_MANAGEMENT


def test_minimum_gap_avoid_and_forbidden() -> None:
    a = person("a", "aspiring", level=6, avoid_emails={"c@example.org"})
    b = person("b", "established", level=7)
    c = person("c", "established", level=9)
    d = person("d", "established", level=9, avoid_emails={"A@example.org"})
    e = person("e", "established", level=None)
    model = ConstraintModel([a], [b, c, d, e], Rules(min_gap=2, forbidden=frozenset({("e", "a")})))
    assert model.row(0).tolist() == [
        Reason.SENIORITY_GAP,
        Reason.AVOID,
        Reason.AVOID,
        Reason.FORBIDDEN,
    ]


def test_pins_close_other_options_and_warn_when_breaking_a_rule() -> None:
    a = person("a", "aspiring", organisation="same")
    b = person("b", "established", organisation="same")
    c = person("c", "established")
    x = person("x", "aspiring")
    model = ConstraintModel([a, x], [b, c], Rules(pinned=frozenset({("a", "b")})))
    assert model.pinned == [(0, 0)]
    assert model.pair(0, 1) & Reason.PINNED_ELSEWHERE
    assert model.pair(1, 0) & Reason.PINNED_ELSEWHERE  # b's only seat is taken
    assert "same organisation" in model.warnings[0]


def test_unknown_people_in_rules_are_an_error() -> None:
    with pytest.raises(ValueError, match="not one person from each side"):
        ConstraintModel(
            [person("a", "aspiring")],
            [person("b", "established")],
            Rules(forbidden=frozenset({("a", "zz")})),
        )


def test_capacity_zero_excludes() -> None:
    model = ConstraintModel([person("a", "aspiring")], [person("b", "established", capacity=0)])
    assert model.pair(0, 0) == Reason.NO_CAPACITY
