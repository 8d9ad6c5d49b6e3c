"""Everyday English and NHS words: the shipped vocabulary and how a word is matched to it."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Final

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@cache
def vocabulary() -> frozenset[str]:
    """The everyday words shipped in ``vocabulary.txt``, with month and weekday names."""
    text = resources.files(__package__).joinpath("vocabulary.txt").read_text(encoding="utf-8")
    words = {
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    }
    return frozenset(words | {m.lower() for m in MONTHS} | set(WEEKDAYS) | set(ENGLISH_STOP_WORDS))


def _bases(word: str) -> Iterable[str]:
    """The word and the forms it may be an inflection of: "managers" -> "manager"."""
    word = word.lower().replace("’", "'")
    word = word.removesuffix("'s").rstrip("'")
    yield word
    for ending, replacement in (
        ("ies", "y"),
        ("ied", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("ing", ""),
        ("ing", "e"),
        ("ly", ""),
        ("er", ""),
        ("er", "e"),
        ("ers", ""),
        ("ness", ""),
        ("ment", ""),
        ("ful", ""),
    ):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)] + replacement
            yield stem
            if len(stem) > 3 and stem[-1] == stem[-2]:  # "stopped" -> "stopp" -> "stop"
                yield stem[:-1]


def is_everyday(word: str) -> bool:
    """Whether ``word`` (in any inflection) is in the shipped everyday vocabulary."""
    words = vocabulary()
    return any(base in words for base in _bases(word))


def is_listed(word: str) -> bool:
    """Whether ``word`` itself, or its plural or possessive trimmed, is in the vocabulary.

    Stricter than :func:`is_everyday`, which also strips "-er" and "-ing": that is right for
    rare-phrase spotting but would make "Turner", "Walker" and "Fielding" everyday words.
    """
    words = vocabulary()
    word = word.lower().replace("’", "'").removesuffix("'s").rstrip("'")
    return (
        word in words
        or (word.endswith("s") and word[:-1] in words)
        or (word.endswith("es") and word[:-2] in words)
        or (word.endswith("ies") and word[:-3] + "y" in words)
    )
