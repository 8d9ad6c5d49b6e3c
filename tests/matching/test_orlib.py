"""Beasley's OR-Library assignment instances: every published optimum is reached."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from mutuality.matching import assign
from mutuality.matching.certify import certified_solve

DENSE = [f"assign{n}" for n in range(100, 900, 100)]
SPARSE = ["assignp800", "assignp1500", "assignp3000", "assignp5000"]


def optima(folder: Path) -> dict[str, int]:
    found: dict[str, int] = {}
    for line in (folder / "assignopt.txt").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[-1].lstrip("-").isdigit():
            found[parts[0].removesuffix(".txt")] = int(parts[-1])
    return found


def read_dense(path: Path) -> np.ndarray:
    numbers = np.array(path.read_text().split(), dtype=np.int64)
    n = int(numbers[0])
    return numbers[1 : 1 + n * n].reshape(n, n).astype(np.float64)


def read_sparse(path: Path) -> sp.coo_array:
    numbers = np.array(path.read_text().split(), dtype=np.int64)
    n = int(numbers[0])
    triples = numbers[1:].reshape(-1, 3)
    return sp.coo_array(
        (triples[:, 2].astype(np.float64), (triples[:, 0] - 1, triples[:, 1] - 1)), shape=(n, n)
    )


def test_every_instance_has_a_published_optimum(orlib: Path) -> None:
    assert set(DENSE + SPARSE) <= set(optima(orlib))


@pytest.mark.parametrize("name", DENSE)
def test_dense_instances(orlib: Path, name: str) -> None:
    costs = read_dense(orlib / f"{name}.txt")
    result = assign(-costs)
    assert result.size == costs.shape[0]
    assert -result.total == optima(orlib)[name]


@pytest.mark.parametrize("name", ["assign100", "assign800"])
def test_dense_instances_certified_path(orlib: Path, name: str) -> None:
    costs = read_dense(orlib / f"{name}.txt")
    rows, cols = certified_solve(-costs, None, np.ones(costs.shape[1], dtype=np.int64), k=3)
    assert rows.size == costs.shape[0]
    assert costs[rows, cols].sum() == optima(orlib)[name]


@pytest.mark.parametrize("name", SPARSE)
def test_sparse_instances(orlib: Path, name: str) -> None:
    graph = read_sparse(orlib / f"{name}.txt")
    result = assign(-graph)
    assert result.size == graph.shape[0]
    assert -result.total == optima(orlib)[name]


@pytest.mark.parametrize("name", ["assignp800", "assignp1500"])
def test_sparse_instances_as_dense_with_mask(orlib: Path, name: str) -> None:
    graph = read_sparse(orlib / f"{name}.txt").tocsr()
    feasible = (graph != 0).toarray()
    result = assign(-graph.toarray(), feasible=feasible)
    assert -result.total == optima(orlib)[name]
