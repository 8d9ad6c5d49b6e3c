"""Invented participants for the benchmark: made-up words, fixed seed, no real people."""

from __future__ import annotations

import numpy as np

from mutuality.matching.scoring import MODES, PERIODS, WEEKDAYS, Profile

_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "tu",
    "sha",
    "vo",
    "pel",
    "dri",
    "an",
    "qua",
    "zo",
    "bel",
    "nix",
    "ter",
    "ou",
    "gra",
    "fe",
    "sim",
    "dal",
]


def _words(rng: np.random.Generator, count: int) -> list[str]:
    out: set[str] = set()
    while len(out) < count:
        out.add("".join(rng.choice(_SYLLABLES, size=rng.integers(2, 4))))
    return sorted(out)


def profiles(n_aspiring: int, n_established: int, seed: int = 2024) -> list[Profile]:
    """Profiles with clustered interests, so candidate lists overlap as in real pools."""
    rng = np.random.default_rng(seed)
    vocabulary = np.array(_words(rng, 3000))
    topics = np.array(_words(rng, 60))
    organisations = [f"org-{i:03d}" for i in range(40)]
    places = ["north", "south", "east", "west"]
    clusters = 30
    # Each cluster of interest favours its own slice of the vocabulary and topics.
    word_p = rng.dirichlet(np.full(vocabulary.size, 0.05), size=clusters)
    topic_p = rng.dirichlet(np.full(topics.size, 0.3), size=clusters)
    slots = [(d, p) for d in WEEKDAYS[:5] for p in PERIODS]
    people: list[Profile] = []
    for i in range(n_aspiring + n_established):
        side = "aspiring" if i < n_aspiring else "established"
        cluster = rng.integers(clusters)
        level = int(rng.integers(3, 8) if side == "aspiring" else rng.integers(6, 14))
        n_modes = rng.integers(1, 4)
        people.append(
            Profile(
                id=f"p{i}",
                side=side,
                email=f"person{i}@example.org",
                organisation=organisations[rng.integers(len(organisations))],
                level=level,
                place=places[rng.integers(len(places))],
                aspirations=" ".join(
                    rng.choice(vocabulary, size=rng.integers(8, 25), p=word_p[cluster])
                ),
                experience=" ".join(
                    rng.choice(
                        vocabulary, size=rng.integers(8, 25), p=word_p[rng.integers(clusters)]
                    )
                ),
                topics=frozenset(
                    rng.choice(
                        topics, size=rng.integers(1, 5), replace=False, p=topic_p[cluster]
                    ).tolist()
                ),
                availability=frozenset(
                    slots[j] for j in rng.choice(len(slots), size=rng.integers(2, 7), replace=False)
                ),
                meeting_modes=frozenset(rng.choice(MODES, size=n_modes, replace=False).tolist()),
            )
        )
    return people
