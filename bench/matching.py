"""Benchmark of the matching engine against SciPy on the same instances (not a test).

    .venv/bin/python bench/matching.py                 # 17-person cohort and 10,000 x 10,000
    .venv/bin/python bench/matching.py --pool 50000    # also 25,000 a side with top-k pruning
    .venv/bin/python bench/matching.py --json          # one JSON object per case

Every case times our whole pipeline (scores, constraints, solve, explanations; the dense cases
also per stage, from the engine's progress reports) and SciPy's solver alone on the finished
score matrix (or, for the pool, SciPy's matching and HiGHS LP on
the same pruned candidate graph), checks the totals agree, and shows what a greedy "best pair
first" heuristic would have lost.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import resource
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment, linprog
from scipy.sparse.csgraph import maximum_bipartite_matching

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from synthetic import profiles  # noqa: E402

from mutuality.matching import MatchSettings, match  # noqa: E402
from mutuality.matching.constraints import ConstraintModel  # noqa: E402
from mutuality.matching.pool import candidate_edges  # noqa: E402
from mutuality.matching.problem import Edges  # noqa: E402
from mutuality.matching.scoring import ScoreModel  # noqa: E402


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def greedy_edges(n_rows: int, n_cols: int, edges: Edges) -> tuple[int, float]:
    """Best remaining pair first, over an edge list. Returns (pairs, total)."""
    order = np.argsort(-edges.weights, kind="stable")
    row_free = np.ones(n_rows, dtype=bool)
    col_free = np.ones(n_cols, dtype=bool)
    count, total = 0, []
    for e in order.tolist():
        r, c = int(edges.rows[e]), int(edges.cols[e])
        if row_free[r] and col_free[c]:
            row_free[r] = col_free[c] = False
            count += 1
            total.append(float(edges.weights[e]))
    return count, math.fsum(total)


def greedy_dense(scores: np.ndarray, k: int = 60) -> tuple[int, float]:
    """Best pair first over each row's top k, then the best remaining pair among leftovers.

    A close, fast stand-in for full greedy (sorting 10^8 cells in Python is not practical).
    """
    n, m = scores.shape
    k = min(k, m)
    top = np.argpartition(scores, m - k, axis=1)[:, m - k :]
    rows = np.repeat(np.arange(n), k)
    cols = top.ravel()
    vals = scores[rows, cols]
    order = np.argsort(-vals, kind="stable")
    row_free = np.ones(n, dtype=bool)
    col_free = np.ones(m, dtype=bool)
    picked: list[float] = []
    for e in order.tolist():
        r, c, v = int(rows[e]), int(cols[e]), float(vals[e])
        if np.isfinite(v) and row_free[r] and col_free[c]:
            row_free[r] = col_free[c] = False
            picked.append(v)
    while row_free.any() and col_free.any():  # leftovers: global best remaining pair
        sub = scores[np.ix_(row_free, col_free)]
        if not np.isfinite(sub).any():
            break
        flat = int(np.argmax(sub))
        r = np.flatnonzero(row_free)[flat // sub.shape[1]]
        c = np.flatnonzero(col_free)[flat % sub.shape[1]]
        picked.append(float(scores[r, c]))
        row_free[r] = col_free[c] = False
    return len(picked), math.fsum(picked)


def scipy_pruned_optimum(n: int, m: int, edges: Edges) -> tuple[int, float, float]:
    """SciPy's answer on the same candidate graph: Hopcroft-Karp for the most pairs, then the
    HiGHS linear program for the best total with exactly that many pairs (the assignment LP
    has integral optima, so its value is the optimum).

    SciPy's sparse assignment solver (LAPJVsp) is not used: on these graphs it does not
    finish (see docs/decisions/0002-matching-solver.md).
    """
    start = time.perf_counter()
    shape = (n, m)
    graph = sp.csr_array((np.ones(len(edges)), (edges.rows, edges.cols)), shape=shape)
    count = int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())
    e = len(edges)
    idx = np.arange(e)
    a_ub = sp.csr_array(
        (
            np.ones(2 * e),
            (np.concatenate([edges.rows, n + edges.cols]), np.concatenate([idx, idx])),
        ),
        shape=(n + m, e),
    )
    a_eq = sp.csr_array(np.ones((1, e)))
    # Interior point: the dual simplex took over 10 minutes at 25,000 a side. Only the optimal
    # value is compared.
    result = linprog(
        -edges.weights,
        A_ub=a_ub,
        b_ub=np.ones(n + m),
        A_eq=a_eq,
        b_eq=[count],
        bounds=(0, 1),
        method="highs-ipm",
    )
    seconds = time.perf_counter() - start
    if result.status != 0:
        raise RuntimeError(f"HiGHS failed: {result.message}")
    return count, float(-result.fun), seconds


class StageClock:
    """Seconds spent in each stage, from the engine's progress reports."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.marks: list[tuple[str, float]] = []

    def __call__(self, stage: str, fraction: float) -> None:
        if not self.marks or self.marks[-1][0] != stage:
            self.marks.append((stage, time.perf_counter()))

    def seconds(self, end: float) -> dict[str, float]:
        ends = [t for _, t in self.marks[1:]] + [end]
        return {stage: round(e - t, 2) for (stage, t), e in zip(self.marks, ends, strict=True)}


def dense_case(name: str, n: int, seed: int) -> dict[str, object]:
    people = profiles(n, n, seed=seed)
    settings = MatchSettings()
    gc.collect()
    start = time.perf_counter()
    clock = StageClock()
    result = match(people, settings, progress=clock)
    ours = time.perf_counter() - start
    stages = clock.seconds(start + ours)
    ours_peak = peak_mib()
    rows = [p for p in people if p.side == "aspiring"]
    cols = [p for p in people if p.side == "established"]
    t = time.perf_counter()
    scores = ScoreModel(rows, cols, settings.weights).matrix()
    scoring = time.perf_counter() - t
    feasible = ConstraintModel(rows, cols, settings.rules).matrix() == 0
    np.copyto(scores, -np.inf, where=~feasible)
    del feasible
    t = time.perf_counter()
    r, c = linear_sum_assignment(scores, maximize=True)
    theirs = time.perf_counter() - t
    scipy_total = math.fsum(scores[r, c].tolist())
    g_pairs, g_total = greedy_dense(scores)
    return {
        "case": name,
        "size": f"{n}x{n}",
        "ours_s": round(ours, 3),
        "scoring_s": round(scoring, 3),
        "scipy_s": round(theirs, 3),
        "ratio": round(ours / theirs, 3),
        "pairs": len(result.pairs),
        "scipy_pairs": int(r.size),
        "total": result.total,
        "scipy_total": scipy_total,
        "optimal": bool(
            len(result.pairs) == r.size
            and math.isclose(result.total, scipy_total, rel_tol=1e-9, abs_tol=1e-9)
        ),
        "explained": sum(bool(p.reasons) for p in result.pairs),
        "greedy_shortfall": result.total - g_total,
        "greedy_unmatched": (len(result.pairs) - g_pairs) * 2,
        "stages_s": stages,
        "ours_peak_mib": round(ours_peak),
        "peak_mib": round(peak_mib()),
    }


def pool_case(size: int, k: int, seed: int) -> dict[str, object]:
    half = size // 2
    people = profiles(half, size - half, seed=seed)
    settings = MatchSettings(pool_cells=0, top_k=k)
    gc.collect()
    start = time.perf_counter()
    result = match(people, settings)
    ours = time.perf_counter() - start
    peak = peak_mib()
    print(
        f"# pool ours: {ours:.1f} s, peak {peak:.0f} MiB, {len(result.pairs)} pairs, "
        f"total {result.total:.6f}; checking with SciPy",
        file=sys.stderr,
        flush=True,
    )
    rows = [p for p in people if p.side == "aspiring"]
    cols = [p for p in people if p.side == "established"]
    model = ScoreModel(rows, cols, settings.weights)
    edges = candidate_edges(model, ConstraintModel(rows, cols, settings.rules), k)
    s_pairs, s_total, theirs = scipy_pruned_optimum(len(rows), len(cols), edges)
    g_pairs, g_total = greedy_edges(len(rows), len(cols), edges)
    return {
        "case": "pool",
        "size": f"{half}x{size - half}",
        "k": k,
        "edges": len(edges),
        "ours_s": round(ours, 3),
        "scipy_s": round(theirs, 3),
        "ratio": round(ours / theirs, 3),
        "pairs": len(result.pairs),
        "scipy_pairs": s_pairs,
        "total": result.total,
        "scipy_total": s_total,
        "optimal": bool(
            len(result.pairs) == s_pairs and math.isclose(result.total, s_total, rel_tol=1e-7)
        ),
        "unmatched": len(result.unmatched),
        "greedy_shortfall": result.total - g_total,
        "greedy_unmatched": (len(result.pairs) - g_pairs) * 2,
        "peak_mib": round(peak),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON object per case")
    parser.add_argument("--pool", type=int, default=0, help="also run a pool of this size")
    parser.add_argument("--size", type=int, default=10_000, help="dense case, people a side")
    parser.add_argument("--k", type=int, default=40, help="candidates per person (pool)")
    parser.add_argument("--skip-dense", action="store_true")
    args = parser.parse_args()
    cases = [dense_case("cohort", 17, 1)]
    if not args.skip_dense:
        cases.append(dense_case("dense", args.size, 2))
    if args.pool:
        cases.append(pool_case(args.pool, args.k, 3))
    if args.json:
        for case in cases:
            print(json.dumps(case))
    else:
        header = (
            "case",
            "size",
            "ours_s",
            "scipy_s",
            "ratio",
            "pairs",
            "total",
            "optimal",
            "greedy_shortfall",
            "greedy_unmatched",
            "ours_peak_mib",
            "peak_mib",
        )
        print(" | ".join(header))
        for case in cases:
            print(
                " | ".join(
                    f"{case[h]:.4f}" if isinstance(case.get(h), float) else str(case.get(h, ""))
                    for h in header
                )
            )
        for case in cases:
            if case.get("stages_s"):
                spent = ", ".join(f"{k} {v:.2f} s" for k, v in case["stages_s"].items())
                print(f"# {case['case']} {case['size']} stages: {spent}")
    if args.pool:
        pool = cases[-1]
        print(
            f"pool={args.pool} seconds={pool['ours_s']:.1f} peak_mib={pool['peak_mib']} "
            f"optimal={'yes' if pool['optimal'] else 'no'}"
        )


if __name__ == "__main__":
    main()
