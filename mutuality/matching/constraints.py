"""Hard constraints: which pairs may never be proposed, and why not.

Each excluded pair carries a bit per reason, so the explanation for someone left unmatched
can say "12 ruled out because they work for the same organisation" from the same data that
decided the match. Reasons are computed per block of rows, like scores, so a 50,000-person
pool never needs its full reason matrix in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntFlag

import numpy as np
import scipy.sparse as sp

from .scoring import Profile

__all__ = [
    "REASON_TEXT",
    "RULE_NAMES",
    "ConstraintModel",
    "Reason",
    "Rules",
    "broken_rules",
    "primary_reason",
]


class Reason(IntFlag):
    """Why a pair is excluded. Lower bits win when several apply (see ``primary_reason``)."""

    PINNED_ELSEWHERE = 1
    FORBIDDEN = 2
    NO_CAPACITY = 4
    LINE_MANAGEMENT = 8
    AVOID = 16
    SAME_ORGANISATION = 32
    SENIORITY_GAP = 64


REASON_TEXT: dict[Reason, str] = {
    Reason.PINNED_ELSEWHERE: "because one of the two is pinned to someone else",
    Reason.FORBIDDEN: "by the programme team",
    Reason.NO_CAPACITY: "because they are taking no partners",
    Reason.LINE_MANAGEMENT: "because they are in the same line-management chain",
    Reason.AVOID: "by a \u201cplease don't pair me with\u201d request",
    Reason.SAME_ORGANISATION: "because they work for the same organisation",
    Reason.SENIORITY_GAP: "because the gap in seniority is too small",
}


# What each rule is called when a pin would set it aside ("breaks the rule: ...").
RULE_NAMES: dict[Reason, str] = {
    Reason.NO_CAPACITY: "a person taking no partners is not paired",
    Reason.LINE_MANAGEMENT: "never pair people in the same line-management chain",
    Reason.AVOID: "respect \u201cplease don't pair me with\u201d requests",
    Reason.SAME_ORGANISATION: "never pair people from the same organisation",
    Reason.SENIORITY_GAP: "keep the smallest seniority gap",
}


def broken_rules(code: int) -> list[Reason]:
    """The rules a pair's code says it breaks, leaving out the team's own pins and forbids.

    Rationale: pinning a pair the rules exclude is the one way a published pair can break a
    rule the settings page promises, so every pin and swap is checked with this first and
    the team must name the rule it is setting aside.
    """
    own = Reason.PINNED_ELSEWHERE | Reason.FORBIDDEN
    return [reason for reason in Reason if code & reason and not reason & own]


def primary_reason(bits: np.ndarray) -> np.ndarray:
    """The lowest set bit of each code (0 where allowed), so counts add up to the total."""
    bits = bits.astype(np.int64)
    return bits & -bits


@dataclass(frozen=True, slots=True)
class Rules:
    """A cohort's hard constraints. Pairs are (aspiring id, established id)."""

    different_organisation: bool = True
    min_gap: int | None = None  # established level minus aspiring level must reach this
    pinned: frozenset[tuple[str, str]] = frozenset()
    forbidden: frozenset[tuple[str, str]] = frozenset()
    line_managers: Mapping[str, str] = field(default_factory=dict)  # extra chain links


def _chain(email: str, manager_of: Mapping[str, str]) -> set[str]:
    """Everyone above ``email`` in the known line-management chain (cycles tolerated)."""
    above: set[str] = set()
    current = manager_of.get(email, "")
    while current and current not in above and current != email:
        above.add(current)
        current = manager_of.get(current, "")
    return above


class ConstraintModel:
    """Reason codes (0 = allowed) between ``rows`` and ``cols``; see :class:`Reason`."""

    def __init__(
        self, rows: Sequence[Profile], cols: Sequence[Profile], rules: Rules | None = None
    ) -> None:
        self.rows, self.cols = list(rows), list(cols)
        self.rules = rules or Rules()
        n, m = len(self.rows), len(self.cols)
        self.warnings: list[str] = []
        row_at = {p.id: i for i, p in enumerate(self.rows)}
        col_at = {p.id: j for j, p in enumerate(self.cols)}
        row_email = {p.email: i for i, p in enumerate(self.rows) if p.email}
        col_email = {p.email: j for j, p in enumerate(self.cols) if p.email}

        orgs = {
            o: k
            for k, o in enumerate(
                sorted({p.organisation.strip().casefold() for p in self.rows + self.cols})
            )
        }
        self._org_r = np.array(
            [orgs[p.organisation.strip().casefold()] for p in self.rows], dtype=np.int64
        )
        self._org_c = np.array(
            [orgs[p.organisation.strip().casefold()] for p in self.cols], dtype=np.int64
        )
        blank = orgs.get("", -2)
        self._org_r[self._org_r == blank] = -1  # unknown organisations never clash
        self._org_c[self._org_c == blank] = -3
        self._lvl_r = np.array([np.nan if p.level is None else p.level for p in self.rows])
        self._lvl_c = np.array([np.nan if p.level is None else p.level for p in self.cols])
        self.capacity = np.array([max(p.capacity, 0) for p in self.cols], dtype=np.int64)

        pairs: list[tuple[int, int, int]] = []
        manager_of = {
            p.email: p.line_manager_email
            for p in self.rows + self.cols
            if p.email and p.line_manager_email
        }
        manager_of.update(
            {
                k.strip().casefold(): v.strip().casefold()
                for k, v in self.rules.line_managers.items()
            }
        )
        for i, p in enumerate(self.rows):
            pairs += [
                (i, col_email[e], Reason.LINE_MANAGEMENT)
                for e in _chain(p.email, manager_of)
                if e in col_email
            ]
            pairs += [(i, col_email[e], Reason.AVOID) for e in p.avoid_emails if e in col_email]
        for j, p in enumerate(self.cols):
            pairs += [
                (row_email[e], j, Reason.LINE_MANAGEMENT)
                for e in _chain(p.email, manager_of)
                if e in row_email
            ]
            pairs += [(row_email[e], j, Reason.AVOID) for e in p.avoid_emails if e in row_email]

        def located(pairs_in: Iterable[tuple[str, str]], what: str) -> list[tuple[int, int]]:
            found = []
            for a, b in sorted(pairs_in):
                if a in row_at and b in col_at:
                    found.append((row_at[a], col_at[b]))
                elif b in row_at and a in col_at:
                    found.append((row_at[b], col_at[a]))
                else:
                    raise ValueError(f"{what} pair ({a}, {b}) is not one person from each side")
            return found

        pairs += [(i, j, Reason.FORBIDDEN) for i, j in located(self.rules.forbidden, "forbidden")]
        self.pinned = located(self.rules.pinned, "pinned")
        pinned_rows = [i for i, _ in self.pinned]
        if len(set(pinned_rows)) != len(pinned_rows):
            raise ValueError("a person is pinned to more than one partner")
        pins_per_col = np.bincount([j for _, j in self.pinned], minlength=m)
        if np.any(pins_per_col > np.maximum(self.capacity, 1)):
            raise ValueError("more pairs are pinned to someone than their capacity allows")
        full = {j for j in range(m) if pins_per_col[j] and pins_per_col[j] >= self.capacity[j]}
        pinned_set = set(self.pinned)
        for i, j in self.pinned:
            pairs += [(i, jj, Reason.PINNED_ELSEWHERE) for jj in range(m) if jj != j]
        for j in full:
            pairs += [(i, j, Reason.PINNED_ELSEWHERE) for i in range(n) if (i, j) not in pinned_set]

        if pairs:
            arr = np.array(pairs, dtype=np.int64)
            keys = arr[:, 0] * m + arr[:, 1]
            order = np.argsort(keys, kind="stable")
            keys, bits = keys[order], arr[order, 2]
            starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
            merged = np.bitwise_or.reduceat(bits, starts).astype(np.uint8)
            r, c = np.divmod(keys[starts], m)
            self._pairs = sp.csr_array((merged, (r, c)), shape=(n, m), dtype=np.uint8)
        else:
            self._pairs = sp.csr_array((n, m), dtype=np.uint8)

        for i, j in self.pinned:
            self._check_pin(i, j)

    def _check_pin(self, i: int, j: int) -> None:
        code = int(self._grid(np.array([i]), np.array([j]))[0, 0]) & ~Reason.PINNED_ELSEWHERE
        if code:
            names = ", ".join(r.name.lower().replace("_", " ") for r in Reason if code & r)
            self.warnings.append(
                f"pinned pair ({self.rows[i].id}, {self.cols[j].id}) breaks a hard "
                f"constraint ({names}); pinned anyway"
            )

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), len(self.cols)

    def _grid(self, ri: np.ndarray, ci: np.ndarray, listed: np.ndarray | None = None) -> np.ndarray:
        out = np.zeros((ri.size, ci.size), dtype=np.uint8)
        if self.rules.different_organisation:
            same = self._org_r[ri, None] == self._org_c[None, ci]
            out |= same.astype(np.uint8) * np.uint8(Reason.SAME_ORGANISATION)
        if self.rules.min_gap is not None:
            gap = self._lvl_c[None, ci] - self._lvl_r[ri, None]  # unknown (NaN) levels pass
            out |= (gap < self.rules.min_gap).astype(np.uint8) * np.uint8(Reason.SENIORITY_GAP)
        out[:, self.capacity[ci] == 0] |= np.uint8(Reason.NO_CAPACITY)
        if listed is None:
            listed = self._pairs[ri][:, ci].toarray()
        out |= listed
        return out

    def block(self, lo: int, hi: int) -> np.ndarray:
        """Reason codes of rows ``lo:hi`` against every column (uint8, 0 = allowed)."""
        return self._grid(
            np.arange(lo, hi), np.arange(len(self.cols)), self._pairs[lo:hi].toarray()
        )

    def matrix(self) -> np.ndarray:
        return self.block(0, len(self.rows))

    def row(self, i: int) -> np.ndarray:
        return self.block(i, i + 1)[0]

    def column(self, j: int) -> np.ndarray:
        return self._grid(np.arange(len(self.rows)), np.array([j]))[:, 0]

    def pair(self, i: int, j: int) -> int:
        return int(self._grid(np.array([i]), np.array([j]))[0, 0])
