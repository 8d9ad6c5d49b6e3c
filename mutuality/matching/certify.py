"""Large dense instances: solve on a few candidates per person, then prove it is optimal.

SciPy's dense solver is cubic and, at 10,000 x 10,000, takes longer than computing every score
(MATCHING-NOTES.md). In a real score matrix almost every optimal pair is among each person's
best few options, so we solve exactly over the top ``k`` per row and per column, then certify
the answer against *every* feasible cell of the full matrix:

* **cardinality**: in the residual graph of the answer, no feasible pair leads from a person
  reachable from the "unmatched" source to one that is not (so no augmenting path exists);
* **total**: shortest-path potentials of the residual graph satisfy ``s_ij <= d_i - d_j`` on
  every feasible pair outside the candidate set (so no improving cycle exists: LP duality).

Pairs that break either test join the candidate set and we solve again; the loop stops as soon
as nothing breaks, which on realistic and on uniformly random matrices is the first round. The
answer is therefore the exact optimum of the full matrix, up to float rounding: every residual
arc is honoured to within ``tau = 1e-10 * (1 + max |s|)``, so the certified total is never more
than ``(rows + cols + 2) * tau`` below the true optimum.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order

from .exact import solve_edges
from .problem import Edges

__all__ = ["candidates", "certified_solve"]

BLOCK = 1024
MAX_ROUNDS = 40  # then give up on pruning and solve densely
ADD_PER_ROW = 20  # violated cells that may join per row and round


def _masked_block(scores: np.ndarray, mask: np.ndarray | None, lo: int, hi: int) -> np.ndarray:
    block = scores[lo:hi]
    if mask is None:
        return block
    return np.where(mask[lo:hi], block, -np.inf)


def candidates(scores: np.ndarray, mask: np.ndarray | None, k_row: int, k_col: int) -> np.ndarray:
    """Flat indices ``i * n_cols + j`` of each row's and each column's best feasible cells.

    One pass over the matrix in row blocks: rows take their top ``k_row`` directly, columns
    keep a running top ``k_col`` merged block by block, so the matrix is read once.
    """
    n_rows, n_cols = scores.shape
    k_row, k_col = min(k_row, n_cols), min(k_col, n_rows)
    found: list[np.ndarray] = []
    best_val = np.empty((0, n_cols))
    best_row = np.empty((0, n_cols), dtype=np.int64)
    cols = np.arange(n_cols)
    for lo in range(0, n_rows, BLOCK):
        hi = min(lo + BLOCK, n_rows)
        block = _masked_block(scores, mask, lo, hi)
        if k_row > 0:
            top = np.argpartition(block, n_cols - k_row, axis=1)[:, n_cols - k_row :]
            r = np.repeat(np.arange(lo, hi), k_row)
            c = top.ravel()
            ok = np.isfinite(block[r - lo, c])
            found.append(r[ok] * n_cols + c[ok])
        if k_col > 0:
            vals = np.concatenate([best_val, block])
            who = np.concatenate(
                [best_row, np.broadcast_to(np.arange(lo, hi)[:, None], block.shape)]
            )
            if vals.shape[0] > k_col:
                top = np.argpartition(vals, vals.shape[0] - k_col, axis=0)[-k_col:]
                vals = vals[top, cols]
                who = who[top, cols]
            best_val, best_row = vals, who
    if k_col > 0:
        ok = np.isfinite(best_val)
        found.append(best_row[ok] * n_cols + np.broadcast_to(cols, best_val.shape)[ok])
    if not found:
        return np.empty(0, dtype=np.int64)
    return np.unique(np.concatenate(found))


def _potentials(
    n_rows: int,
    n_cols: int,
    edges: Edges,
    rows: np.ndarray,
    cols: np.ndarray,
    capacity: np.ndarray,
    tau: float,
) -> tuple[np.ndarray, np.ndarray] | None:
    """Shortest-path potentials and source reachability in the residual graph.

    Nodes: rows, columns, the source S (feeds rows) and the sink T (drains columns). Bellman-Ford
    runs as vectorised Jacobi sweeps; an update smaller than ``tau`` is ignored so that a
    zero-cost cycle blurred by rounding cannot keep the loop alive.
    """
    s_node, t_node = n_rows + n_cols, n_rows + n_cols + 1
    n_nodes = n_rows + n_cols + 2
    matched_col = np.full(n_rows, -1, dtype=np.int64)
    matched_col[rows] = cols  # rows appear at most once
    is_matched = matched_col[edges.rows] == edges.cols
    load = np.bincount(cols, minlength=n_cols)
    row_ids, col_ids = np.arange(n_rows), np.arange(n_cols)
    row_free = matched_col < 0
    src = np.concatenate(
        [
            np.where(is_matched, n_rows + edges.cols, edges.rows),
            np.where(row_free, s_node, row_ids),
            n_rows + col_ids[load < capacity],
            np.full(int(np.count_nonzero(load > 0)), t_node),
        ]
    )
    dst = np.concatenate(
        [
            np.where(is_matched, edges.rows, n_rows + edges.cols),
            np.where(row_free, row_ids, s_node),
            np.full(int(np.count_nonzero(load < capacity)), t_node),
            n_rows + col_ids[load > 0],
        ]
    )
    cost = np.concatenate(
        [
            np.where(is_matched, edges.weights, -edges.weights),
            np.zeros(
                n_rows + int(np.count_nonzero(load < capacity)) + int(np.count_nonzero(load > 0))
            ),
        ]
    )
    order = np.argsort(dst, kind="stable")
    src, dst, cost = src[order], dst[order], cost[order]
    starts = np.flatnonzero(np.concatenate([[True], dst[1:] != dst[:-1]]))
    heads = dst[starts]
    dist = np.zeros(n_nodes)
    for _ in range(n_nodes + 1):
        best = np.minimum.reduceat(dist[src] + cost, starts)
        better = best < dist[heads] - tau
        if not better.any():
            break
        dist[heads[better]] = best[better]
    else:  # a negative cycle: the candidate solve is not optimal on the float scores
        return None

    graph = sp.csr_array(
        (np.ones(src.size, dtype=np.float32), (src, dst)), shape=(n_nodes, n_nodes)
    )
    reach = np.zeros(n_nodes, dtype=bool)
    reach[breadth_first_order(graph, s_node, directed=True, return_predecessors=False)] = True
    return dist, reach


def _scale(scores: np.ndarray, mask: np.ndarray | None) -> float:
    """Largest absolute feasible score, read block by block to avoid a full-size copy."""
    scale = 0.0
    for lo in range(0, scores.shape[0], BLOCK):
        block = np.abs(scores[lo : lo + BLOCK])
        if mask is not None:
            block = np.where(mask[lo : lo + BLOCK], block, 0.0)
        scale = max(scale, float(block.max(initial=0.0)))
    return scale


def _violations(
    scores: np.ndarray,
    mask: np.ndarray | None,
    capacity: np.ndarray,
    keys: np.ndarray,
    edges: Edges,
    rows: np.ndarray,
    cols: np.ndarray,
    tau: float,
) -> np.ndarray | None:
    """Cells outside ``keys`` that break cardinality or dual feasibility (worst few per row).

    None means the potentials could not be computed (the candidate solve was not optimal to
    within ``tau`` on the float scores), which the caller treats as "not certified".
    """
    n_rows, n_cols = scores.shape
    found = _potentials(n_rows, n_cols, edges, rows, cols, capacity, tau)
    if found is None:
        return None
    dist, reach = found
    d_row, d_col = dist[:n_rows], dist[n_rows : n_rows + n_cols]
    reach_row, reach_col = reach[:n_rows], reach[n_rows : n_rows + n_cols]
    broken: list[np.ndarray] = []
    take = min(ADD_PER_ROW, n_cols)
    for lo in range(0, n_rows, BLOCK):
        hi = min(lo + BLOCK, n_rows)
        excess = scores[lo:hi] - (d_row[lo:hi, None] - d_col[None, :]) - tau
        excess[reach_row[lo:hi, None] & ~reach_col[None, :]] = np.inf
        if mask is not None:
            excess[~mask[lo:hi]] = -np.inf
        inside = keys[(keys >= lo * n_cols) & (keys < hi * n_cols)] - lo * n_cols
        excess.ravel()[inside] = -np.inf
        top = np.argpartition(excess, n_cols - take, axis=1)[:, n_cols - take :]
        rr = np.repeat(np.arange(hi - lo), take)
        cc = top.ravel()
        hit = excess[rr, cc] > 0
        if hit.any():
            broken.append((rr[hit] + lo) * n_cols + cc[hit])
    return np.concatenate(broken) if broken else np.empty(0, dtype=np.int64)


def certified_solve(
    scores: np.ndarray, mask: np.ndarray | None, capacity: np.ndarray, k: int = 10
) -> tuple[np.ndarray, np.ndarray]:
    """Exact lexicographic optimum of a large dense instance (see module docstring)."""
    n_rows, n_cols = scores.shape
    usable = capacity > 0
    if not usable.all():
        mask = np.broadcast_to(usable, scores.shape) if mask is None else mask & usable
    col_factor = int(max(1, min(int(capacity.max(initial=1)), 4)))
    tau = 1e-10 * (1.0 + _scale(scores, mask))
    keys = candidates(scores, mask, k, k * col_factor)
    for _ in range(MAX_ROUNDS):
        r_all, c_all = np.divmod(keys, n_cols)
        edges = Edges(r_all, c_all, scores[r_all, c_all])
        rows, cols = solve_edges(n_rows, n_cols, edges, capacity)
        broken = _violations(scores, mask, capacity, keys, edges, rows, cols, tau)
        if broken is None:
            break
        if broken.size == 0:
            return rows, cols
        keys = np.union1d(keys, broken)
    # Not certified: every feasible pair, with SciPy's dense solver on each part. Slow, exact.
    if mask is None:
        r_all, c_all = np.divmod(np.arange(n_rows * n_cols), n_cols)
    else:
        r_all, c_all = np.nonzero(mask)
    edges = Edges(r_all, c_all, scores[r_all, c_all])
    return solve_edges(n_rows, n_cols, edges, capacity, dense_cells=n_rows * n_cols)
