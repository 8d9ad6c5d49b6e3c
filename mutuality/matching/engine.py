"""From profiles to published-ready pairs: scores, constraints, the solve, the reasons.

``match`` is what the web app and the CLI call; ``propose_replacements`` is what a programme
manager uses when someone's partner leaves, and it never moves anyone else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from .constraints import ConstraintModel, Rules
from .explain import Swap, SwapFinder, pair_reasons, pair_tradeoff, unmatched_reason
from .pool import candidate_edges
from .problem import Edges
from .scoring import Profile, ScoreModel, Weights
from .solver import assign

__all__ = [
    "STAGES",
    "MatchResult",
    "MatchSettings",
    "Pair",
    "Proposal",
    "Unmatched",
    "match",
    "propose_replacements",
]


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """Everything a run depends on, saved with it so it can be reproduced and audited."""

    weights: Weights = field(default_factory=Weights)
    rules: Rules = field(default_factory=Rules)
    pool_cells: int = 150_000_000  # beyond this many pairs, prune to top-k candidates
    top_k: int = 40
    explain: bool = True
    swap_edges: int = 50_000  # largest graph on which unmatched people's swaps are computed


@dataclass(frozen=True, slots=True)
class Pair:
    aspiring: str
    established: str
    score: float
    components: dict[str, float]
    reasons: list[str]
    pinned: bool = False


@dataclass(frozen=True, slots=True)
class Unmatched:
    person: str
    side: str
    reason: str
    excluded: dict[str, int]
    feasible_partners: int


@dataclass(frozen=True, slots=True)
class MatchResult:
    pairs: list[Pair]
    unmatched: list[Unmatched]
    total: float
    exact: bool  # False when pool pruning was used: optimal over the shortlists only
    warnings: list[str]
    settings: MatchSettings


@dataclass(frozen=True, slots=True)
class Proposal:
    candidate: str
    score: float
    components: dict[str, float]
    reasons: list[str]


#: What ``match`` reports through its ``progress`` callback: each stage with the share of the
#: whole run it ends at (measured at 10,000 a side; only a guide for a progress bar).
STAGES = {"scoring": 0.35, "candidates": 0.45, "solving": 0.85, "explaining": 1.0}

#: ``progress(stage, fraction)``: ``stage`` one of :data:`STAGES`, ``fraction`` of the whole
#: run done so far, from 0 to 1, never decreasing.
ProgressCallback = Callable[[str, float], None]


class _Progress:
    """Turns "this far through this stage" into "this far through the run" for the caller."""

    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback
        self.done = 0.0

    def stage(self, name: str) -> Callable[[float], None]:
        names = list(STAGES)
        start = STAGES[names[names.index(name) - 1]] if names.index(name) else 0.0
        end = STAGES[name]

        def report(fraction: float) -> None:
            overall = start + (end - start) * min(max(fraction, 0.0), 1.0)
            if self.callback is not None and overall >= self.done:
                self.done = overall
                self.callback(name, overall)

        report(0.0)
        return report


def _split(profiles: Sequence[Profile]) -> tuple[list[Profile], list[Profile]]:
    seen_ids: set[str] = set()
    seen_emails: set[str] = set()
    for p in profiles:
        if p.id in seen_ids:
            raise ValueError(f"duplicate participant id {p.id!r}")
        if p.email and p.email in seen_emails:
            raise ValueError(f"duplicate email {p.email!r}")
        seen_ids.add(p.id)
        seen_emails.add(p.email)
    return (
        [p for p in profiles if p.side == "aspiring"],
        [p for p in profiles if p.side == "established"],
    )


def match(
    profiles: Sequence[Profile],
    settings: MatchSettings | None = None,
    progress: ProgressCallback | None = None,
) -> MatchResult:
    """Pair aspiring with established leaders: most pairs, then best total score.

    ``progress``, if given, is called as ``progress(stage, fraction)`` while the run goes (see
    :data:`STAGES`); it is plain Python, so a background task can store it wherever it likes.
    """
    settings = settings or MatchSettings()
    report = _Progress(progress)
    rows, cols = _split(profiles)
    scoring = report.stage("scoring")
    scores = ScoreModel(rows, cols, settings.weights)
    rules = ConstraintModel(rows, cols, settings.rules)
    n, m = scores.shape
    pinned = sorted(rules.pinned)
    closed = np.zeros(n, dtype=bool)
    capacity = rules.capacity.copy()
    for i, j in pinned:
        closed[i] = True
        capacity[j] = max(capacity[j] - 1, 0)

    exact = n * m <= settings.pool_cells
    if exact:
        matrix = scores.matrix(progress=scoring)
        report.stage("candidates")
        feasible = rules.matrix() == 0
        feasible[closed] = False
        result = assign(
            matrix, feasible=feasible, capacity=capacity, progress=report.stage("solving")
        )
        found = result.pairs

        def weight(i: int, j: int) -> float:
            return float(matrix[i, j])
    else:
        edges = candidate_edges(
            scores, rules, settings.top_k, closed_rows=closed, progress=report.stage("candidates")
        )
        report.stage("solving")
        graph = sp.coo_array((edges.weights, (edges.rows, edges.cols)), shape=(n, m))
        found = assign(graph, capacity=capacity).pairs
        matrix, feasible = None, None
        lookup = dict(
            zip(
                zip(edges.rows.tolist(), edges.cols.tolist(), strict=True),
                edges.weights.tolist(),
                strict=True,
            )
        )

        def weight(i: int, j: int) -> float:
            return lookup[(i, j)]

    explaining = report.stage("explaining")
    all_pairs = sorted([(i, j, True) for i, j in pinned] + [(i, j, False) for i, j in found])
    ri = np.array([p[0] for p in all_pairs], dtype=np.int64)
    ci = np.array([p[1] for p in all_pairs], dtype=np.int64)
    parts = scores.components(ri, ci) if settings.explain else {}
    pair_scores = [
        weight(i, j) if not pin else float(scores.scores([i], [j])[0]) for i, j, pin in all_pairs
    ]
    terms = scores.shared_terms(ri, ci) if settings.explain else []
    out_pairs = []
    for k, (i, j, pin) in enumerate(all_pairs):
        comps = {name: float(values[k]) for name, values in parts.items()}
        reasons = (
            _reasons(rows[i], cols[j], comps, settings.weights, terms[k])
            if settings.explain
            else []
        )
        out_pairs.append(Pair(rows[i].id, cols[j].id, pair_scores[k], comps, reasons, pin))

    explaining(0.8)
    unmatched = _unmatched(rows, cols, rules, ri, ci, matrix, feasible, settings, exact)
    explaining(1.0)
    total = float(np.sum(pair_scores)) if pair_scores else 0.0
    return MatchResult(out_pairs, unmatched, total, exact, list(rules.warnings), settings)


def _reasons(
    row: Profile, col: Profile, comps: dict[str, float], weights, terms: list[str]
) -> list[str]:
    """The strongest reasons for a pair, then its main trade-off if it has one."""
    reasons = pair_reasons(row, col, comps, weights, terms)
    tradeoff = pair_tradeoff(row, col, comps, weights)
    return reasons + [tradeoff] if tradeoff else reasons


# Up to this many people on the other side, an unmatched person's reason names the people who
# rule them out (a cohort); beyond it (a pool) it gives counts only.
NAME_BLOCKERS_UP_TO = 200


def _label(person: Profile) -> str:
    return person.name or person.id


def _unmatched(
    rows: list[Profile],
    cols: list[Profile],
    rules: ConstraintModel,
    ri: np.ndarray,
    ci: np.ndarray,
    matrix: np.ndarray | None,
    feasible: np.ndarray | None,
    settings: MatchSettings,
    exact: bool,
) -> list[Unmatched]:
    n, m = len(rows), len(cols)
    lonely_rows = np.setdiff1d(np.arange(n), ri)
    lonely_cols = np.setdiff1d(np.flatnonzero(rules.capacity > 0), ci)
    if lonely_rows.size + lonely_cols.size == 0:
        return []
    finder = None
    if (
        feasible is not None
        and matrix is not None
        and settings.explain
        and int(np.count_nonzero(feasible)) <= settings.swap_edges
    ):
        r, c = np.nonzero(feasible)
        edges = Edges(r.astype(np.int64), c.astype(np.int64), matrix[r, c])
        finder = SwapFinder(n, m, edges, ri, ci)
    out: list[Unmatched] = []
    for i in lonely_rows.tolist():
        codes = rules.row(i)
        options = np.flatnonzero(codes == 0)
        swap, name, needed = _swap(finder, ri, ci, i, True, options, rows, rules)
        text, counts = unmatched_reason(
            codes,
            int(options.size),
            person=_label(rows[i]),
            others=[_label(c) for c in cols] if m <= NAME_BLOCKERS_UP_TO else None,
            swap=swap,
            left_out_name=name,
            all_needed=needed,
            pruned=not exact,
        )
        out.append(Unmatched(rows[i].id, rows[i].side, text, counts, int(options.size)))
    for j in lonely_cols.tolist():
        codes = rules.column(j)
        options = np.flatnonzero(codes == 0)
        swap, name, needed = _swap(finder, ri, ci, j, False, options, cols, rules)
        text, counts = unmatched_reason(
            codes,
            int(options.size),
            person=_label(cols[j]),
            others=[_label(r) for r in rows] if n <= NAME_BLOCKERS_UP_TO else None,
            swap=swap,
            left_out_name=name,
            all_needed=needed,
            pruned=not exact,
        )
        out.append(Unmatched(cols[j].id, cols[j].side, text, counts, int(options.size)))
    return out


def _swap(
    finder: SwapFinder | None,
    ri: np.ndarray,
    ci: np.ndarray,
    person: int,
    is_row: bool,
    options: np.ndarray,
    people: list[Profile],
    rules: ConstraintModel,
) -> tuple[Swap | None, str | None, bool]:
    """Cheapest way in, and whether every option's partners have nowhere else to go."""
    if options.size == 0:
        return None, None, False
    holders = ri[np.isin(ci, options)] if is_row else ci[np.isin(ri, options)]
    needed = False
    if 0 < holders.size <= 50:  # checking costs a constraint row per holder
        allowed = rules.row if is_row else rules.column
        needed = all(np.count_nonzero(allowed(h) == 0) == 1 for h in holders.tolist())
    if finder is None:
        return None, None, needed
    swap = finder.for_row(person) if is_row else finder.for_col(person)
    if swap is None or swap.left_out is None:
        return swap, None, needed
    return swap, _label(people[swap.left_out]), needed  # left out: same side as ``person``


def propose_replacements(
    person: Profile,
    candidates: Sequence[Profile],
    settings: MatchSettings | None = None,
    k: int = 3,
) -> list[Proposal]:
    """The best ``k`` new partners for ``person`` among ``candidates``; nobody else moves.

    Candidates on the same side as ``person`` are ignored, as are any the hard constraints
    rule out (pins are ignored: they belong to the original run).
    """
    settings = settings or MatchSettings()
    others = [c for c in candidates if c.side != person.side and c.id != person.id]
    if not others or k <= 0:
        return []
    if person.side == "aspiring":
        rows, cols = [person], others
    else:
        rows, cols = others, [person]
    rules = Rules(
        different_organisation=settings.rules.different_organisation,
        min_gap=settings.rules.min_gap,
        forbidden=settings.rules.forbidden,
        line_managers=settings.rules.line_managers,
    )
    model = ScoreModel(rows, cols, settings.weights)
    codes = ConstraintModel(rows, cols, rules).matrix()
    idx = np.arange(len(others))
    ri = np.zeros_like(idx) if person.side == "aspiring" else idx
    ci = idx if person.side == "aspiring" else np.zeros_like(idx)
    allowed = codes[ri, ci] == 0
    if person.side == "aspiring":
        allowed &= np.array([c.capacity > 0 for c in others])
    values = model.scores(ri, ci)
    order = sorted(np.flatnonzero(allowed).tolist(), key=lambda t: (-values[t], others[t].id))
    chosen = order[:k]
    parts = model.components(ri[chosen], ci[chosen])
    terms = model.shared_terms(ri[chosen], ci[chosen])
    out = []
    for pos, t in enumerate(chosen):
        comps = {name: float(v[pos]) for name, v in parts.items()}
        reasons = _reasons(rows[ri[t]], cols[ci[t]], comps, settings.weights, terms[pos])
        out.append(Proposal(others[t].id, float(values[t]), comps, reasons))
    return out
