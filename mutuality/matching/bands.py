"""Turn a band or grade as people write it into one comparable seniority level.

Matching needs to compare an NHS Band 6 nurse with a council team manager and a specialty
doctor, so everything maps onto the Agenda for Change (AfC) ladder, one level per band step:

====================  =====  ================================================================
written as            level  notes
====================  =====  ================================================================
Band 1 ... Band 7     1-7    AfC; "Band 6", "AfC 6", "b6" and "6" all work
Band 8a/8b/8c/8d      8-11   each sub-band is one step, so 7 -> 8b is a two-band gap
Band 9                12
VSM                   13     very senior managers, executive directors, chief executives
LG1 ... LG13          1-13   local government: a council states which AfC band each of its
                             grades sits beside and writes it as "LG<level>"; "Grade <n>" and
                             "Scale <n>" are read the same way. Named roles below cover the
                             common senior posts.
named council roles   8-13   team manager 8, service manager 9, head of service 10,
                             assistant director 11, director 12, chief executive 13
medical grades        5-13   FY1 5, FY2 6, CT/ST1-2 6, ST3+ and specialty registrar 7,
                             specialty doctor 8, specialist/associate specialist 9,
                             consultant 10, clinical director 11, medical director 13
anything else         None   "other", blank, unrecognised: the caller decides what to do
====================  =====  ================================================================

The medical and council equivalences are approximate and only used for matching distance,
never for pay or eligibility.
"""

from __future__ import annotations

import re

__all__ = ["gap_label", "level_label", "seniority_level"]

_SUB_BANDS = {"a": 8, "b": 9, "c": 10, "d": 11}
_NAMED: dict[str, int] = {
    "vsm": 13,
    "very senior manager": 13,
    "executive director": 13,
    "chief executive": 13,
    "director": 12,
    "assistant director": 11,
    "deputy director": 11,
    "head of service": 10,
    "service manager": 9,
    "team manager": 8,
    "fy1": 5,
    "foundation year 1": 5,
    "fy2": 6,
    "foundation year 2": 6,
    "ct1": 6,
    "ct2": 6,
    "st1": 6,
    "st2": 6,
    "specialty registrar": 7,
    "registrar": 7,
    "spr": 7,
    "specialty doctor": 8,
    "associate specialist": 9,
    "specialist": 9,
    "consultant": 10,
    "clinical director": 11,
    "medical director": 13,
}
_AFC = re.compile(r"^(?:afc\s*)?(?:band\s*|b)?(\d)\s*([a-d])?$")
_LOCAL = re.compile(r"^(?:lg|grade|scale)\s*(\d{1,2})$")
_SPECIALTY = re.compile(r"^(?:st|str|specialty trainee)\s*(\d)$")
_WORDS = [
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
]
_LABELS = {level: f"Band {level}" for level in range(1, 8)}
_LABELS.update({8: "Band 8a", 9: "Band 8b", 10: "Band 8c", 11: "Band 8d", 12: "Band 9", 13: "VSM"})


def seniority_level(text: str | None) -> int | None:
    """Comparable level (1-13) of a band or grade, or None if not recognised."""
    if text is None:
        return None
    key = re.sub(r"[\s\-_:]+", " ", str(text).strip().casefold()).strip()
    key = key.removeprefix("agenda for change").strip()
    if not key:
        return None
    if key in _NAMED:
        return _NAMED[key]
    if match := _AFC.match(key):
        number, sub = int(match.group(1)), match.group(2)
        if sub:
            return _SUB_BANDS[sub] if number == 8 else None
        if 1 <= number <= 7:
            return number
        return 12 if number == 9 else None  # a bare "8" is ambiguous: 8a to 8d
    if match := _LOCAL.match(key):
        number = int(match.group(1))
        return number if 1 <= number <= 13 else None
    if match := _SPECIALTY.match(key):
        return 6 if int(match.group(1)) <= 2 else 7
    return None


def level_label(level: int | None) -> str:
    """The AfC name of a level, for screens and explanations."""
    return _LABELS.get(level, "unknown band") if level is not None else "unknown band"


def gap_label(gap: int) -> str:
    """Plain English for a seniority gap in band steps: 3 -> "a three-band gap"."""
    size = abs(gap)
    if size == 0:
        return "the same band"
    word = _WORDS[size] if size < len(_WORDS) else str(size)
    phrase = f"{'an' if word in {'eight', 'eleven'} else 'a'} {word}-band gap"
    return phrase if gap > 0 else f"{phrase} the other way round"
