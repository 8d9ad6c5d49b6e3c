"""Suggested clusters of similar themes, for the moderator to accept, rename, split or merge.

The steering group should see "themes heard in several pairs" rather than a list of sentences,
but a machine grouping is only a suggestion: the moderator decides. So the engine aims to be
predictable (the same texts always give the same clusters) and explainable (each cluster comes
with the terms that drew it together, which also make its suggested label).

Method, and why
---------------
1. **TF-IDF** over words and two-word phrases, English stop words removed, sublinear term
   frequency (a word said three times in one theme is not three times as telling). Two-word
   phrases keep "flexible working" and "line manager" together.
2. **NMF** (non-negative matrix factorisation, deterministic ``nndsvda`` start) with ``k``
   topics; each theme joins the topic with its largest weight.
3. **k is chosen by the silhouette** (on cosine distance between the TF-IDF rows) over
   ``2 .. floor(sqrt(n))``. The cap matters: on short texts the silhouette keeps rising as
   clusters shrink towards single themes, which is no use to a steering group; √n clusters
   of about √n themes each is the scale of "heard in several pairs". ``max_clusters`` lowers
   the cap (1 means one cluster).

Measured on the invented corpus in ``tests/themes/corpus.py`` (42 statements in six topics:
meetings, recruitment and promotion, reasonable adjustments, line management, racism and
discrimination, flexible working), pairs of same-topic statements sharing a cluster /
pairs of different-topic statements kept apart:

=========================================  ====  ==========  =====  ===========
method                                      k    same topic  apart  adjusted Rand
=========================================  ====  ==========  =====  ===========
NMF (chosen)                                6    0.82        0.96   0.77
agglomerative, average link, cosine         6    0.84        0.89   0.61
agglomerative, complete link, cosine        6    0.72        0.73   0.30
k-means on TF-IDF                           6    0.56        0.90   0.44
k-means on 20-dimension LSA                 6    0.55        0.91   0.44
=========================================  ====  ==========  =====  ===========

Dropping words used in only one theme (``min_df=2``) or stripping plurals did not help NMF
and hurts small cohorts, so neither is done. With fewer than three texts there is nothing to
measure: two texts share a cluster when their cosine similarity is at least
``PAIR_SIMILARITY``. Texts with no content words (empty, or only stop words) form their own
cluster labelled "other".
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from scipy import sparse
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score

PAIR_SIMILARITY: Final = 0.2
"""Two texts alone are one cluster when their TF-IDF cosine similarity reaches this."""

TOP_TERMS: Final = 5
LABEL_TERMS: Final = 2
OTHER_LABEL: Final = "other"
GENERIC_TERMS: Final = frozenset({"staff", "colleagues", "people", "nhs", "work", "time", "team"})
"""Words too common in themes about NHS workplaces to say what a cluster is about; they
still count for clustering, but are left out of labels and top terms."""


@dataclass(frozen=True)
class Cluster:
    """A suggested group of themes: indexes into the texts given, and the terms behind it."""

    label: str
    members: tuple[int, ...]
    top_terms: tuple[str, ...]


def _vectorise(texts: Sequence[str]) -> tuple[sparse.csr_matrix | None, np.ndarray]:
    vectoriser = TfidfVectorizer(ngram_range=(1, 2), stop_words="english", sublinear_tf=True)
    try:
        matrix = vectoriser.fit_transform(texts)
    except ValueError:  # no content words in any text
        return None, np.array([], dtype=object)
    return matrix.tocsr(), vectoriser.get_feature_names_out()


def _top_terms(
    matrix: sparse.csr_matrix, terms: np.ndarray, rows: Sequence[int]
) -> tuple[str, ...]:
    """The terms most of the rows share, heaviest first; a phrase stands for its own words.

    Terms are ranked by how many of the themes use them, then by mean TF-IDF weight, so the
    label names what the cluster has in common rather than one theme's unusual word.
    """
    block = matrix[list(rows)]
    weights = np.asarray(block.mean(axis=0)).ravel()
    shared = np.asarray((block > 0).sum(axis=0)).ravel()
    order = sorted(range(len(terms)), key=lambda j: (-shared[j], -weights[j], terms[j]))
    index = {str(term): j for j, term in enumerate(terms)}
    chosen: list[str] = []
    for j in order:
        if weights[j] <= 0 or len(chosen) == TOP_TERMS:
            break
        term = str(terms[j])
        words = set(term.split())
        if words <= GENERIC_TERMS:
            continue
        overlapping = [c for c in chosen if words & set(c.split())]
        if overlapping:
            # A phrase may stand in for the single words it contains when two or more themes,
            # and at least half as many as use the word, use it ("line managers" for "line").
            if " " not in term or any(" " in c for c in overlapping):
                continue
            if shared[j] < 2 or any(2 * shared[j] < shared[index[c]] for c in overlapping):
                continue
            chosen = [c for c in chosen if c not in overlapping]
        chosen.append(term)
    return tuple(chosen)


def _make(matrix, terms, rows: Sequence[int], index: Sequence[int]) -> Cluster:
    top = _top_terms(matrix, terms, rows)
    return Cluster(", ".join(top[:LABEL_TERMS]), tuple(sorted(index[r] for r in rows)), top)


def _nmf_labels(matrix: sparse.csr_matrix, k: int, random_state: int) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = NMF(n_components=k, init="nndsvda", random_state=random_state, max_iter=1000)
        weights = model.fit_transform(matrix)
    return weights.argmax(axis=1)


def _choose_labels(
    matrix: sparse.csr_matrix, max_clusters: int | None, random_state: int
) -> np.ndarray:
    n = matrix.shape[0]
    if n == 1 or max_clusters == 1:
        return np.zeros(n, dtype=int)
    if n == 2:
        similarity = float((matrix[0] @ matrix[1].T).toarray()[0, 0])
        return np.array([0, 0 if similarity >= PAIR_SIMILARITY else 1])
    distinct = len({(tuple(row.indices), tuple(np.round(row.data, 12))) for row in matrix})
    cap = min(max(2, math.isqrt(n)), distinct, matrix.shape[1])
    if max_clusters is not None:
        cap = min(cap, max_clusters)
    distances = np.clip(1.0 - (matrix @ matrix.T).toarray(), 0.0, None)
    np.fill_diagonal(distances, 0.0)
    best: tuple[float, np.ndarray] | None = None
    for k in range(2, min(cap, n - 1) + 1):
        labels = _nmf_labels(matrix, k, random_state)
        if len(set(labels.tolist())) < 2:
            continue
        score = float(silhouette_score(distances, labels, metric="precomputed"))
        if best is None or score > best[0] + 1e-12:
            best = (score, labels)
    return best[1] if best is not None else np.zeros(n, dtype=int)


def _cluster(
    texts: Sequence[str],
    index: Sequence[int],
    *,
    max_clusters: int | None,
    fixed: int | None,
    random_state: int,
) -> list[Cluster]:
    matrix, terms = _vectorise(texts)
    if matrix is None:
        return [Cluster(OTHER_LABEL, tuple(sorted(index)), ())] if texts else []
    has_words = np.asarray(matrix.getnnz(axis=1)).ravel() > 0
    rows = [i for i in range(len(texts)) if has_words[i]]
    empty = [i for i in range(len(texts)) if not has_words[i]]
    sub = matrix[rows]
    if fixed is not None:
        distinct = len({(tuple(r.indices), tuple(np.round(r.data, 12))) for r in sub})
        k = min(fixed, len(rows), distinct, sub.shape[1])
        labels = _nmf_labels(sub, k, random_state) if k > 1 else np.zeros(len(rows), dtype=int)
    else:
        labels = _choose_labels(sub, max_clusters, random_state)
    groups: dict[int, list[int]] = {}
    for row, label in zip(rows, labels.tolist(), strict=True):
        groups.setdefault(label, []).append(row)
    clusters = [_make(matrix, terms, members, index) for members in groups.values()]
    if empty:
        clusters.append(Cluster(OTHER_LABEL, tuple(sorted(index[i] for i in empty)), ()))
    return sorted(clusters, key=lambda c: (-len(c.members), c.members))


def suggest_clusters(
    texts: Sequence[str], *, max_clusters: int | None = None, random_state: int = 0
) -> list[Cluster]:
    """Suggested clusters of ``texts``, largest first; every text is in exactly one.

    ``members`` are indexes into ``texts``. The same texts always give the same clusters.
    """
    if max_clusters is not None and max_clusters < 1:
        raise ValueError("max_clusters must be at least 1")
    return _cluster(
        list(texts),
        range(len(texts)),
        max_clusters=max_clusters,
        fixed=None,
        random_state=random_state,
    )


def split_cluster(
    texts: Sequence[str], members: Sequence[int], parts: int = 2, *, random_state: int = 0
) -> list[Cluster]:
    """The moderator's "split": divide the themes ``members`` (indexes into ``texts``) in
    ``parts``, weighing words by how they distinguish these themes from one another.

    Gives fewer parts when there are fewer themes (or distinct themes) than ``parts``.
    """
    if parts < 1:
        raise ValueError("parts must be at least 1")
    chosen = sorted(set(members))
    return _cluster(
        [texts[i] for i in chosen],
        chosen,
        max_clusters=None,
        fixed=parts,
        random_state=random_state,
    )


def contributors(clusters: Sequence[Cluster], authors: Sequence[Hashable]) -> list[int]:
    """How many distinct people contributed to each cluster, in the order of ``clusters``.

    ``authors[i]`` identifies the author of text ``i`` (any hashable id; None counts as one
    unknown author). These are raw counts: show them only through the disclosure engine.
    """
    return [len({authors[i] for i in cluster.members}) for cluster in clusters]
