"""Suggested clusters: the invented corpus's topics come out together, deterministically."""

from __future__ import annotations

import itertools

import pytest

from mutuality.themes import Cluster, contributors, split_cluster, suggest_clusters

from .corpus import TEXTS, TOPICS


def cluster_of(clusters: list[Cluster]) -> dict[int, int]:
    return {member: n for n, cluster in enumerate(clusters) for member in cluster.members}


def test_every_text_is_in_exactly_one_cluster():
    clusters = suggest_clusters(TEXTS)
    members = [m for c in clusters for m in c.members]
    assert sorted(members) == list(range(len(TEXTS)))


def test_same_topic_statements_mostly_share_a_cluster():
    where = cluster_of(suggest_clusters(TEXTS))
    pairs = list(itertools.combinations(range(len(TEXTS)), 2))
    same = [(i, j) for i, j in pairs if TOPICS[i] == TOPICS[j]]
    different = [(i, j) for i, j in pairs if TOPICS[i] != TOPICS[j]]
    together = sum(where[i] == where[j] for i, j in same) / len(same)
    apart = sum(where[i] != where[j] for i, j in different) / len(different)
    assert together >= 0.8
    assert apart >= 0.9


def test_number_of_clusters_is_chosen_automatically_and_can_be_capped():
    assert 4 <= len(suggest_clusters(TEXTS)) <= 6
    assert len(suggest_clusters(TEXTS, max_clusters=3)) <= 3
    assert len(suggest_clusters(TEXTS, max_clusters=1)) == 1
    with pytest.raises(ValueError):
        suggest_clusters(TEXTS, max_clusters=0)


def test_labels_come_from_top_terms():
    clusters = suggest_clusters(TEXTS)
    for cluster in clusters:
        assert cluster.top_terms
        assert cluster.label == ", ".join(cluster.top_terms[:2])
    labels = " / ".join(c.label for c in clusters)
    for expected in ("flexible working", "reasonable adjustments", "line managers", "meetings"):
        assert expected in labels


def test_clusters_are_deterministic_and_ordered_largest_first():
    first = suggest_clusters(TEXTS)
    assert suggest_clusters(list(TEXTS)) == first
    sizes = [len(c.members) for c in first]
    assert sizes == sorted(sizes, reverse=True)
    assert all(c.members == tuple(sorted(c.members)) for c in first)


def test_no_texts_one_text_and_two_texts():
    assert suggest_clusters([]) == []
    [only] = suggest_clusters(["Meetings always overrun."])
    assert only.members == (0,)
    assert "meetings" in only.label
    together = suggest_clusters(["Flexible working is refused.", "Flexible working requests wait."])
    assert [c.members for c in together] == [(0, 1)]
    apart = suggest_clusters(["Flexible working is refused.", "Racism goes unreported."])
    assert sorted(c.members for c in apart) == [(0,), (1,)]


def test_identical_texts_share_one_cluster():
    clusters = suggest_clusters(["Meetings overrun every week."] * 5)
    assert [c.members for c in clusters] == [(0, 1, 2, 3, 4)]
    mixed = suggest_clusters(["Meetings overrun every week."] * 3 + ["Racism goes unreported."] * 3)
    assert sorted(c.members for c in mixed) == [(0, 1, 2), (3, 4, 5)]


def test_texts_without_content_words_are_grouped_as_other():
    clusters = suggest_clusters(["", "the and of", "Meetings overrun.", "Meetings start late."])
    other = [c for c in clusters if c.label == "other"]
    assert [c.members for c in other] == [(0, 1)]
    assert suggest_clusters(["", "of the"]) == [Cluster("other", (0, 1), ())]


def test_split_cluster_separates_two_topics():
    members = [i for i, t in enumerate(TOPICS) if t in ("flexible", "adjustments")]
    parts = split_cluster(TEXTS, members, parts=2)
    assert len(parts) == 2
    assert sorted(m for p in parts for m in p.members) == members
    for part in parts:
        assert len({TOPICS[m] for m in part.members}) == 1
    assert split_cluster(TEXTS, members, parts=2) == parts


def test_split_cluster_of_too_few_or_identical_themes():
    assert [c.members for c in split_cluster(TEXTS, [3], parts=2)] == [(3,)]
    same = ["Meetings overrun."] * 4
    assert [c.members for c in split_cluster(same, [0, 1, 2, 3], parts=3)] == [(0, 1, 2, 3)]
    with pytest.raises(ValueError):
        split_cluster(TEXTS, [1, 2], parts=0)


def test_contributors_counts_distinct_authors_per_cluster():
    clusters = [Cluster("a", (0, 1, 2), ()), Cluster("b", (3,), ()), Cluster("c", (4, 5), ())]
    authors = ["ann", "ann", "ben", "cat", None, None]
    assert contributors(clusters, authors) == [2, 1, 1]
