"""Large dense instances: solve on a few candidates per person, then prove it optimal.

SciPy's dense solver is cubic and, at 10,000 x 10,000, takes several times longer than
computing every score. Almost every optimal pair is among each person's better options, so we
solve exactly over a pruned candidate graph (each row's and each column's top ``k``) and then
*prove* the answer optimal for the whole feasible matrix by linear-programming duality:

* **cardinality**: the number of pairs ``K`` reaches the obvious upper bound (rows with any
  feasible partner, seats of columns with any feasible partner), or, failing that, the set of
  people reachable from the unmatched rows in the residual graph is closed under *every*
  feasible pair, so no augmenting path exists anywhere;
* **total**: with ``K`` fixed, the assignment LP ``max s.x`` subject to row sums <= 1, column
  sums <= capacity and ``sum x = K`` has the dual ``min sum u + sum cap.v + K t`` with
  ``u, v >= 0`` and ``u_i + v_j + t >= s_ij`` on every feasible cell. Column prices ``v`` and
  ``t`` come from shortest-path potentials of the pruned residual graph (warm-started from the
  previous round); the row prices are then *repaired on the full matrix*,
  ``u_i = max(0, max_j s_ij - v_j - t)``, block by block. That dual is feasible by
  construction, so by weak duality its value bounds the optimum from above; when it is within
  ``tolerance`` of our total, the answer is proved optimal.

Cells that break the pruned problem's dual (worst few per row) join the candidate graph and we
solve again. If that has not converged after ``max_rounds`` rounds the caller falls back to a
dense solve. ``tolerance`` is stated with every certificate: the float slack of the sums
(``1e-12 * (rows + cols + 1) * (1 + max |s|)``) plus, when the inner solve ran on OR-Tools'
integer grid, ``K`` grid steps (see :func:`.exact.rounding_bound`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order

from .exact import rounding_bound, solve_dense, solve_edges
from .problem import Edges
from .topk import ColumnTop, row_top

__all__ = ["Certificate", "candidates", "certified_solve", "prove"]

BLOCK = 1024
MAX_ROUNDS = 12  # then give up on pruning and solve densely
ADD_PER_ROW = 20  # violated cells that may join per row and round
MAX_SWEEPS = 4000  # Bellman-Ford sweeps for potentials (a heuristic: the repair keeps rigour)

Progress = Callable[[float], None]


@dataclass(frozen=True, slots=True)
class Certificate:
    """The answer of the pruned solve and what was proved about it.

    ``certified`` means: ``rows``/``cols`` has the most pairs possible over the whole feasible
    matrix, and its total is at least ``bound - tolerance`` >= optimum - tolerance.
    """

    rows: np.ndarray
    cols: np.ndarray
    certified: bool
    rounds: int
    candidates: int
    total: float
    bound: float  # a dual (upper) bound on the best total with this many pairs
    tolerance: float


class _Blocks:
    """Row blocks of ``scores - shift`` with infeasible cells at -inf, in one reused buffer.

    Allocating a fresh 80 MB array per block costs more (page faults) than the arithmetic, so
    every pass over the matrix writes into the same buffer. A block is only valid until the
    next one is requested.
    """

    def __init__(self, scores: np.ndarray, mask: np.ndarray | None) -> None:
        self.scores, self.mask = scores, mask
        self.n_rows, self.n_cols = scores.shape
        self._buffer = np.empty((min(BLOCK, self.n_rows), self.n_cols))

    def __call__(self, shift: np.ndarray | None = None):
        for lo in range(0, self.n_rows, BLOCK):
            hi = min(lo + BLOCK, self.n_rows)
            block = self._buffer[: hi - lo]
            if shift is None:
                np.copyto(block, self.scores[lo:hi])
            else:
                np.subtract(self.scores[lo:hi], shift, out=block)
            if self.mask is not None:
                np.copyto(block, -np.inf, where=~self.mask[lo:hi])
            yield lo, hi, block


@dataclass(frozen=True, slots=True)
class _Survey:
    keys: np.ndarray  # flat indices of the initial candidates, sorted
    scale: float  # largest |score| over feasible cells
    max_pairs: int  # an upper bound on the cardinality


def _unique(keys: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sorting beats ``np.unique``'s hashing for these sizes)."""
    keys = np.sort(keys)
    return keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if keys.size else keys


def _survey(
    scores: np.ndarray, mask: np.ndarray | None, capacity: np.ndarray, k_row: int, k_col: int
) -> _Survey:
    """One pass over the matrix: top candidates per row and column, scale, degree bound."""
    n_rows, n_cols = scores.shape
    k_row, k_col = min(k_row, n_cols), min(k_col, n_rows)
    found: list[np.ndarray] = []
    column_top = ColumnTop(n_cols, k_col)
    col_degree = np.zeros(n_cols, dtype=np.int64)
    rows_with_partner = 0
    top_value, low_value = -np.inf, np.inf
    for lo, hi, block in _Blocks(scores, mask)():
        if mask is None:
            col_degree += hi - lo
            rows_with_partner += hi - lo
            low_value = min(low_value, float(block.min(initial=np.inf)))
        else:
            feasible = mask[lo:hi]
            col_degree += feasible.sum(axis=0)
            rows_with_partner += int(np.count_nonzero(feasible.any(axis=1)))
            low_value = min(low_value, float(np.min(block, where=feasible, initial=np.inf)))
        top_value = max(top_value, float(block.max(initial=-np.inf)))
        r, c = row_top(block, k_row)
        found.append((r + lo) * n_cols + c)
        column_top.add(lo, block)
    r, c, _ = column_top.cells()
    found.append(r * n_cols + c)
    keys = _unique(np.concatenate(found).astype(np.int64))
    finite = [abs(x) for x in (top_value, low_value) if math.isfinite(x)]
    seats = int(np.minimum(capacity, col_degree).sum())
    return _Survey(keys, max(finite, default=0.0), min(rows_with_partner, seats))


def candidates(scores: np.ndarray, mask: np.ndarray | None, k_row: int, k_col: int) -> np.ndarray:
    """Flat indices ``i * n_cols + j`` of each row's and each column's best feasible cells."""
    capacity = np.ones(scores.shape[1], dtype=np.int64)
    return _survey(scores, mask, capacity, k_row, k_col).keys


@dataclass(frozen=True, slots=True)
class _Residual:
    """The residual graph of a matching over the candidate arcs, as parallel arc arrays."""

    src: np.ndarray
    dst: np.ndarray
    cost: np.ndarray
    n_nodes: int
    real: np.ndarray  # arcs that exist in the true residual graph (for reachability)


def _residual(
    n_rows: int,
    n_cols: int,
    edges: Edges,
    rows: np.ndarray,
    cols: np.ndarray,
    capacity: np.ndarray,
) -> _Residual:
    """Rows, columns, a source S feeding rows and a sink T draining columns.

    Costs are negated scores on row -> column arcs, so shortest-path potentials are dual
    prices. Besides the true residual arcs, every row gets a zero arc to S and T one to every
    column: they only close zero-cost cycles, and they pin free rows to S and unused columns to
    T, which is what makes ``u, v >= 0`` with complementary slackness.
    """
    s_node, t_node = n_rows + n_cols, n_rows + n_cols + 1
    matched_col = np.full(n_rows, -1, dtype=np.int64)
    matched_col[rows] = cols  # rows take one partner
    is_matched = matched_col[edges.rows] == edges.cols
    load = np.bincount(cols, minlength=n_cols)
    row_ids, col_ids = np.arange(n_rows), np.arange(n_cols)
    free_rows = row_ids[matched_col < 0]
    open_cols = col_ids[load < capacity]
    parts = [
        # candidate pairs: row -> column when unused (-s), column -> row when used (+s)
        (
            np.where(is_matched, n_rows + edges.cols, edges.rows),
            np.where(is_matched, edges.rows, n_rows + edges.cols),
            np.where(is_matched, edges.weights, -edges.weights),
            True,
        ),
        (np.full(free_rows.size, s_node), free_rows, np.zeros(free_rows.size), True),
        (row_ids, np.full(n_rows, s_node), np.zeros(n_rows), matched_col >= 0),
        (n_rows + open_cols, np.full(open_cols.size, t_node), np.zeros(open_cols.size), True),
        (np.full(n_cols, t_node), n_rows + col_ids, np.zeros(n_cols), load > 0),
    ]
    src = np.concatenate([p[0] for p in parts]).astype(np.int64)
    dst = np.concatenate([p[1] for p in parts]).astype(np.int64)
    cost = np.concatenate([p[2] for p in parts]).astype(np.float64)
    real = np.concatenate([np.broadcast_to(p[3], p[0].shape) for p in parts])
    return _Residual(src, dst, cost, n_rows + n_cols + 2, real)


def _relax(
    graph: _Residual, start: np.ndarray, tau: float, max_sweeps: int = MAX_SWEEPS
) -> np.ndarray:
    """Largest potentials ``d <= start`` with ``d[dst] <= d[src] + cost`` (to within ``tau``).

    Bellman-Ford from a virtual root joined to every node (at cost ``start``, 0 the first
    time, the previous round's potentials after that, which is a warm start), as vectorised
    Jacobi sweeps. Improvements under ``tau`` are ignored so that rounding-sized cycles (the
    inner solver works on an integer grid) cannot keep it going, and it stops after
    ``MAX_SWEEPS``: the potentials only steer the search, the proof does not rely on them.
    """
    order = np.argsort(graph.dst, kind="stable")
    src, dst, cost = graph.src[order], graph.dst[order], graph.cost[order]
    starts = np.flatnonzero(np.concatenate([[True], dst[1:] != dst[:-1]]))
    heads = dst[starts]
    dist = start.copy()
    for _ in range(max_sweeps):
        best = np.minimum.reduceat(dist[src] + cost, starts)
        better = best < dist[heads] - tau
        if not better.any():
            break
        dist[heads[better]] = best[better]
    return dist


def _prices(d: np.ndarray, n_rows: int, n_cols: int):
    """Dual prices ``(u, v, t)`` of the pruned problem from residual-graph potentials ``d``.

    ``u_i = d_i - d_S``, ``v_j = d_T - d_j``, ``t = d_S - d_T``, so ``u_i + v_j + t = d_i -
    d_j``, which is >= ``s_ij`` on every candidate pair and equal on the matched ones.
    """
    s_node, t_node = n_rows + n_cols, n_rows + n_cols + 1
    u = np.maximum(d[:n_rows] - d[s_node], 0.0)
    v = np.maximum(d[t_node] - d[n_rows : n_rows + n_cols], 0.0)
    return u, v, float(d[s_node] - d[t_node])


def _reached(graph: _Residual, n_rows: int, n_cols: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns reachable from S over true residual arcs (alternating paths)."""
    src, dst = graph.src[graph.real], graph.dst[graph.real]
    adjacency = sp.csr_array(
        (np.ones(src.size, dtype=np.float32), (src, dst)), shape=(graph.n_nodes, graph.n_nodes)
    )
    seen = np.zeros(graph.n_nodes, dtype=bool)
    seen[breadth_first_order(adjacency, n_rows + n_cols, return_predecessors=False)] = True
    return seen[:n_rows], seen[n_rows : n_rows + n_cols]


def _exclude_candidates(sub: np.ndarray, row_ids: np.ndarray, keys: np.ndarray, n_cols: int):
    """Set the candidate cells of the given rows (global ids) to -inf in ``sub``, in place."""
    starts = np.searchsorted(keys, row_ids * n_cols)
    ends = np.searchsorted(keys, (row_ids + 1) * n_cols)
    lengths = ends - starts
    if not lengths.any():
        return
    local = np.repeat(np.arange(row_ids.size), lengths)
    offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    cells = keys[np.repeat(starts, lengths) + offsets] - row_ids[local] * n_cols
    sub[local, cells] = -np.inf


def _best_per_row(sub: np.ndarray, floor: np.ndarray, take: int) -> tuple[np.ndarray, np.ndarray]:
    """(local row, column) of up to ``take`` cells per row of ``sub`` above that row's floor."""
    n_cols = sub.shape[1]
    take = min(take, n_cols)
    top = np.argpartition(sub, n_cols - take, axis=1)[:, n_cols - take :]
    rr = np.repeat(np.arange(sub.shape[0]), take)
    cc = top.ravel()
    hit = sub[rr, cc] > floor[rr]
    return rr[hit], cc[hit]


def prove(
    scores: np.ndarray,
    mask: np.ndarray | None,
    capacity: np.ndarray,
    k: int = 10,
    *,
    max_rounds: int | None = None,
    progress: Progress | None = None,
) -> Certificate:
    """Solve over candidates and certify against every feasible cell (see module docstring).

    Returns the last pruned answer with ``certified=False`` if no proof was found within
    ``max_rounds`` rounds (default :data:`MAX_ROUNDS`); the caller must then solve another way.
    """
    max_rounds = MAX_ROUNDS if max_rounds is None else max_rounds
    n_rows, n_cols = scores.shape
    capacity = np.asarray(capacity, dtype=np.int64)
    usable = capacity > 0
    if not usable.all():
        mask = np.broadcast_to(usable, scores.shape) if mask is None else mask & usable
    col_factor = int(max(1, min(int(capacity.max(initial=1)), 4)))
    survey = _survey(scores, mask, capacity, k, k * col_factor)
    blocks = _Blocks(scores, mask)
    keys = survey.keys
    tau = 1e-10 * (1.0 + survey.scale)
    float_slack = 1e-12 * (n_rows + n_cols + 1) * (1.0 + survey.scale)
    rows = cols = np.empty(0, dtype=np.int64)
    total, bound, tolerance = 0.0, math.inf, float_slack
    rounds = 0
    potentials = np.zeros(n_rows + n_cols + 2)
    for rounds in range(1, max_rounds + 1):
        if progress is not None:
            progress(1.0 - 0.5 ** (rounds - 1))  # rounds usually needed: a handful
        r_all, c_all = np.divmod(keys, n_cols)
        edges = Edges(r_all, c_all, scores[r_all, c_all])
        rows, cols = solve_edges(n_rows, n_cols, edges, capacity)
        size = int(rows.size)
        total = math.fsum(scores[rows, cols].tolist())
        tolerance = float_slack + rounding_bound(n_rows, n_cols, edges, capacity, size)
        graph = _residual(n_rows, n_cols, edges, rows, cols, capacity)
        potentials = _relax(graph, np.minimum(potentials, 0.0), tau)
        # Then settle what the coarse pass left (arcs off by under tau would each add to the
        # gap); capped, because rounding-sized cycles of the integer grid never settle.
        potentials = _relax(graph, potentials, 1e-3 * float_slack / (n_rows + n_cols + 1), 200)
        u_pruned, v, t = _prices(potentials, n_rows, n_cols)
        reach_row = reach_col = None
        if size < survey.max_pairs:
            reach_row, reach_col = _reached(graph, n_rows, n_cols)
        u = np.empty(n_rows)
        added: list[np.ndarray] = []
        path_cells = 0  # feasible pairs that could extend an alternating path
        for lo, hi, excess in blocks(v + t):  # s_ij - v_j - t, -inf where infeasible
            row_max = excess.max(axis=1, initial=-np.inf)
            u[lo:hi] = np.maximum(row_max, 0.0)
            broken = np.flatnonzero(row_max > u_pruned[lo:hi] + tau)
            if broken.size:
                sub = excess[broken]
                _exclude_candidates(sub, lo + broken, keys, n_cols)
                rr, cc = _best_per_row(sub, u_pruned[lo + broken] + tau, ADD_PER_ROW)
                added.append((lo + broken[rr]) * n_cols + cc)
            if reach_row is not None and reach_col is not None:
                # Feasible pairs leaving the reachable set would extend an alternating path.
                open_rows = np.flatnonzero(reach_row[lo:hi])
                if open_rows.size:
                    sub = excess[open_rows]
                    sub[:, reach_col] = -np.inf
                    _exclude_candidates(sub, lo + open_rows, keys, n_cols)
                    floor = np.full(open_rows.size, -np.inf)
                    rr, cc = _best_per_row(sub, floor, ADD_PER_ROW)
                    added.append((lo + open_rows[rr]) * n_cols + cc)
                    path_cells += int(rr.size)
        new = np.concatenate(added) if added else np.empty(0, dtype=np.int64)
        bound = math.fsum(u.tolist()) + math.fsum((capacity * v).tolist()) + size * t
        if not path_cells and bound - total <= tolerance:
            return Certificate(rows, cols, True, rounds, int(keys.size), total, bound, tolerance)
        if new.size == 0:
            break
        keys = _unique(np.concatenate([keys, new]))
    return Certificate(rows, cols, False, rounds, int(keys.size), total, bound, tolerance)


def certified_solve(
    scores: np.ndarray,
    mask: np.ndarray | None,
    capacity: np.ndarray,
    k: int = 10,
    *,
    max_rounds: int | None = None,
    progress: Progress | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Exact lexicographic optimum: the certified pruned answer, else a dense solve."""
    found = prove(scores, mask, capacity, k, max_rounds=max_rounds, progress=progress)
    if found.certified:
        return found.rows, found.cols
    return solve_dense(scores, mask, np.asarray(capacity, dtype=np.int64))
