"""Exact lexicographic optimum over an explicit list of feasible pairs.

Capacities become copies of a column, the Dulmage-Mendelsohn parts fix the cardinality
structurally (see :mod:`.structure`), and each part is a full-matching problem: SciPy's dense
Hungarian solver (exact in float64) when the part is small or well filled, OR-Tools'
cost-scaling assignment or min-cost flow on whole-number costs otherwise. SciPy's own sparse
solver (LAPJVsp) is not used: on candidate graphs built from profile scores it ran for
minutes (see docs/decisions/0002-matching-solver.md).
"""

from __future__ import annotations

import math

import numpy as np
from ortools.graph.python import linear_sum_assignment as linear_sum_assignment_ortools
from ortools.graph.python import min_cost_flow
from scipy.optimize import linear_sum_assignment

from .problem import Edges
from .structure import decompose

__all__ = ["rounding_bound", "solve_dense", "solve_edges"]

#: Parts at most this many cells, and at least this full, go to the dense solver.
DENSE_PART_CELLS = 4_000_000
DENSE_PART_FILL = 0.2
#: Parts this small always go to the dense solver: fast, and exact in float64.
SMALL_PART_CELLS = 1_000_000


def _expand(n_cols: int, edges: Edges, capacity: np.ndarray) -> tuple[Edges, np.ndarray]:
    """Replace a column of capacity c by c identical copies; return edges and copy owners."""
    degree = np.bincount(edges.cols, minlength=n_cols)
    copies = np.minimum(capacity, degree)  # more seats than candidates can never be used
    if np.all(copies == (degree > 0)):
        keep = copies[edges.cols] > 0
        owner = np.arange(n_cols)
        return Edges(edges.rows[keep], edges.cols[keep], edges.weights[keep]), owner
    first = np.concatenate([[0], np.cumsum(copies)[:-1]])
    repeat = copies[edges.cols]
    rows = np.repeat(edges.rows, repeat)
    cols = np.repeat(edges.cols, repeat)
    weights = np.repeat(edges.weights, repeat)
    run_start = np.repeat(np.cumsum(repeat) - repeat, repeat)
    copy_no = np.arange(rows.size) - run_start
    owner = np.repeat(np.arange(n_cols), copies)
    return Edges(rows, first[cols] + copy_no, weights), owner


def _integer_costs(weights: np.ndarray, bits: int) -> np.ndarray:
    """Whole-number costs >= 1 on a ``2**-bits`` grid of the score span (OR-Tools needs ints).

    A power-of-two grid keeps whole-number scores (OR-Library) exact; otherwise each pair's
    score moves by at most ``2**-(bits + 1)`` of the span.
    """
    top = float(weights.max())
    span = top - float(weights.min())
    scale = 2.0 ** (bits - math.ceil(math.log2(span))) if span > 0 else 1.0
    return (np.round((top - weights) * scale) + 1.0).astype(np.int64)


def _grid_bits(size: int) -> int:
    """Grid fineness for OR-Tools: its price bounds grow with the square of the node count."""
    return int(min(40, 60 - 2 * math.log2(size + 1)))


def rounding_bound(
    n_rows: int, n_cols: int, edges: Edges, capacity: np.ndarray, pairs: int
) -> float:
    """How far below the float optimum :func:`solve_edges` may land with ``pairs`` pairs.

    Zero when every part is small enough for SciPy's dense solver (exact in float64);
    otherwise ``pairs`` grid steps of the coarsest grid any part could have used (each score
    moves by at most half a step, in our answer and in the true optimum alike).
    """
    if len(edges) == 0 or pairs == 0:
        return 0.0
    degree = np.bincount(edges.cols, minlength=n_cols)
    copies = int(np.minimum(capacity, degree).sum())
    if n_rows * copies <= SMALL_PART_CELLS:
        return 0.0
    span = float(edges.weights.max()) - float(edges.weights.min())
    if span <= 0:
        return 0.0
    step = 2.0 ** (math.ceil(math.log2(span)) - _grid_bits(max(n_rows, copies)))
    return pairs * step


def _sparse_full(n_rows: int, n_cols: int, edges: Edges) -> tuple[np.ndarray, np.ndarray]:
    """OR-Tools: cost-scaling assignment when square, min-cost flow when one side is shorter.

    The grid is as fine as OR-Tools' overflow guard allows: its price bounds grow with the
    square of the node count, so 25,000 a side gets a 2**-30 grid and small parts 2**-40.
    """
    bits = _grid_bits(max(n_rows, n_cols))
    cost = _integer_costs(edges.weights, bits)
    if n_rows == n_cols:
        solver = linear_sum_assignment_ortools.SimpleLinearSumAssignment()
        solver.add_arcs_with_cost(edges.rows, edges.cols, cost)
        status = solver.solve()
        if status != solver.OPTIMAL:
            raise RuntimeError(f"OR-Tools assignment failed with status {status}")
        rows = np.arange(n_rows, dtype=np.int64)
        return rows, np.array([solver.right_mate(i) for i in range(n_rows)], dtype=np.int64)
    # Shorter side supplies one unit each; the longer side drains into one sink.
    short_is_rows = n_rows < n_cols
    n_short, n_long = (n_rows, n_cols) if short_is_rows else (n_cols, n_rows)
    tails = edges.rows if short_is_rows else edges.cols
    heads = n_short + (edges.cols if short_is_rows else edges.rows)
    sink = n_short + n_long
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([tails, n_short + np.arange(n_long)]),
        np.concatenate([heads, np.full(n_long, sink)]),
        np.ones(len(edges) + n_long, dtype=np.int64),
        np.concatenate([cost, np.zeros(n_long, dtype=np.int64)]),
    )
    flow.set_nodes_supplies(
        np.arange(sink + 1),
        np.concatenate(
            [np.ones(n_short, dtype=np.int64), np.zeros(n_long, dtype=np.int64), [-n_short]]
        ),
    )
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools min cost flow failed with status {status}")
    used = np.flatnonzero(flow.flows(arcs[: len(edges)]) > 0)
    return edges.rows[used].astype(np.int64), edges.cols[used].astype(np.int64)


def _solve_full(
    n_rows: int, n_cols: int, edges: Edges, dense_cells: int = DENSE_PART_CELLS
) -> tuple[np.ndarray, np.ndarray]:
    """Maximum-weight matching covering the smaller side (which the caller guarantees exists).

    Small or well-filled parts go to SciPy's dense solver, exact in float64; large sparse
    parts to OR-Tools on an integer grid (see ``_sparse_full``).
    """
    if n_rows == 0 or n_cols == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    cells = n_rows * n_cols
    if cells <= SMALL_PART_CELLS or (
        cells <= dense_cells and len(edges) >= DENSE_PART_FILL * cells
    ):
        matrix = np.full((n_rows, n_cols), -np.inf)
        matrix[edges.rows, edges.cols] = edges.weights
        r, c = linear_sum_assignment(matrix, maximize=True)
        return r.astype(np.int64), c.astype(np.int64)
    return _sparse_full(n_rows, n_cols, edges)


def _relabel(index: np.ndarray, size: int) -> np.ndarray:
    lookup = np.full(size, -1, dtype=np.int64)
    lookup[index] = np.arange(index.size)
    return lookup


def solve_edges(
    n_rows: int,
    n_cols: int,
    edges: Edges,
    capacity: np.ndarray,
    dense_cells: int = DENSE_PART_CELLS,
) -> tuple[np.ndarray, np.ndarray]:
    """Most pairs, then highest total, over the given feasible pairs. Returns (rows, cols)."""
    if len(edges) == 0 or n_rows == 0 or n_cols == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    expanded, owner = _expand(n_cols, edges, capacity)
    n_copies = int(owner.size)
    parts = decompose(n_rows, n_copies, expanded.rows, expanded.cols)
    out_rows, out_cols = [], []
    for part_rows, part_cols in zip(parts.rows, parts.cols, strict=True):
        if part_rows.size == 0 or part_cols.size == 0:
            continue
        local_row = _relabel(part_rows, n_rows)[expanded.rows]
        local_col = _relabel(part_cols, n_copies)[expanded.cols]
        inside = (local_row >= 0) & (local_col >= 0)
        sub = Edges(local_row[inside], local_col[inside], expanded.weights[inside])
        r, c = _solve_full(part_rows.size, part_cols.size, sub, dense_cells)
        out_rows.append(part_rows[r])
        out_cols.append(owner[part_cols[c]])
    if not out_rows:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    rows = np.concatenate(out_rows)
    cols = np.concatenate(out_cols)
    order = np.lexsort((cols, rows))
    return rows[order], cols[order]


def solve_dense(
    scores: np.ndarray, mask: np.ndarray | None, capacity: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Most pairs, then highest total, over a dense matrix; exact in float64.

    SciPy's dense solver on the matrix (forbidden pairs at -inf, capacities as repeated
    columns) whenever it can cover the smaller side, which is then the lexicographic optimum;
    otherwise the Dulmage-Mendelsohn split over every feasible pair, each part solved densely.
    """
    n_rows, n_cols = scores.shape
    fits = np.minimum(capacity, n_rows)
    cols = np.repeat(np.arange(n_cols), fits)
    single = bool(np.all(capacity == 1))
    if cols.size:
        matrix = scores if single else scores[:, cols]
        if mask is not None:
            matrix = np.where(mask if single else mask[:, cols], matrix, -np.inf)
        try:
            r, c = linear_sum_assignment(matrix, maximize=True)
        except ValueError:  # "cost matrix is infeasible": someone must be left out
            pass
        else:
            del matrix
            return r.astype(np.int64), (c if single else cols[c]).astype(np.int64)
    if mask is None:
        r, c = np.divmod(np.arange(n_rows * n_cols, dtype=np.int64), n_cols)
    else:
        r, c = np.nonzero(mask)
    edges = Edges(r.astype(np.int64), c.astype(np.int64), scores[r, c])
    return solve_edges(n_rows, n_cols, edges, capacity, dense_cells=n_rows * n_cols)
