"""Text as the identifying-detail check reads it, with a map back to the text as written.

A name can be hidden from a pattern without hiding it from a reader: a zero-width space inside
"Aa​ron", a Cyrillic "а" in place of a Latin "a", full-width or "mathematical bold" letters,
an accent written as a separate combining mark. :func:`normalise` undoes these so every rule
sees plain letters, and keeps, for each character it produces, the span of the original text
it came from. A flag found in the normalised text is moved back with :meth:`Normalised.span`,
so the moderator's highlight and the suggested redaction cover the characters as sent,
including any invisible ones inside a name.

Plain Python, standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

# Cyrillic, Greek and a few other letters drawn the same as a Latin letter in common fonts
# (a subset of Unicode's confusables list, chosen for the letters of names). Folded only
# inside a word that also has Latin letters, or whose letters are all look-alikes, so a word
# really written in Cyrillic or Greek is left as it is.
HOMOGLYPHS: Final = {
    # Cyrillic capitals
    "А": "A",
    "В": "B",
    "Е": "E",
    "Ё": "E",
    "Ѕ": "S",
    "І": "I",
    "Ї": "I",
    "Ј": "J",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "У": "Y",
    "Х": "X",
    "Ү": "Y",
    "Һ": "H",
    "Ԁ": "D",
    "Ԛ": "Q",
    "Ԝ": "W",
    # Cyrillic small letters
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "ѕ": "s",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "к": "k",
    "о": "o",
    "р": "p",
    "с": "c",
    "у": "y",
    "х": "x",
    "һ": "h",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ү": "y",
    "ɡ": "g",
    # Greek capitals
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
    # Greek small letters
    "α": "a",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    # Latin letters outside the basic alphabet that stand in for it
    "ı": "i",
    "ȷ": "j",
    "ʏ": "y",
    "ᴀ": "a",
    "ᴄ": "c",
    "ᴅ": "d",
    "ᴇ": "e",
    "ᴊ": "j",
    "ᴋ": "k",
    "ᴍ": "m",
    "ɴ": "n",
    "ᴏ": "o",
    "ᴘ": "p",
    "ʀ": "r",
    "ᴛ": "t",
    "ᴜ": "u",
    "ᴠ": "v",
    "ᴡ": "w",
    "ᴢ": "z",
}
"""Look-alike letter -> the Latin letter it passes for."""

_LETTERS = re.compile(r"[^\W\d_]+")


def invisible(character: str) -> bool:
    """Whether ``character`` is dropped before checking: format controls (zero-width space,
    joiners, the soft hyphen, bidirectional embeddings, overrides and isolates, the byte-order
    mark; Unicode category Cf) and variation selectors. None of them shows as a letter, and
    each can split a name so that no pattern matches it."""
    return unicodedata.category(character) == "Cf" or (
        "\ufe00" <= character <= "\ufe0f" or "\U000e0100" <= character <= "\U000e01ef"
    )


def _is_latin(character: str) -> bool:
    return "LATIN" in unicodedata.name(character, "")


@dataclass(frozen=True)
class Normalised:
    """The normalised ``text``, and for each of its characters the original span it came from."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that ``text[start:end]`` came from."""
        if start >= end:
            at = self.starts[start] if start < len(self.starts) else len(self.original)
            return at, at
        return self.starts[start], self.ends[end - 1]


def normalise(text: str) -> Normalised:
    """Read ``text`` as a person would: NFKC (full-width and styled letters become plain ones;
    "ﬁ" becomes "fi"), invisible characters dropped, combining marks left over after NFKC
    dropped (an accent cannot hide a name), and look-alike letters folded to Latin (see
    :data:`HOMOGLYPHS`). Each base character and the combining marks after it are normalised
    together, so every output character maps to a whole run of the original."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        for character in unicodedata.normalize("NFKC", text[i:j]):
            if invisible(character) or unicodedata.combining(character):
                continue
            chars.append(character)
            starts.append(i)
            ends.append(j)
        i = j
    for word in _LETTERS.finditer("".join(chars)):
        letters = chars[word.start() : word.end()]
        if any(_is_latin(c) for c in letters) or all(c in HOMOGLYPHS for c in letters):
            for k in range(word.start(), word.end()):
                chars[k] = HOMOGLYPHS.get(chars[k], chars[k])
    return Normalised(text, "".join(chars), tuple(starts), tuple(ends))


_JOINERS = frozenset("\u200c\u200d")


def strip_invisible(text: str) -> str:
    """``text`` without invisible characters, except a zero-width joiner or non-joiner with no
    Latin letter beside it (they join emoji, as in the health worker emoji, and shape letters
    in Arabic and Indic scripts). Used on suggested redactions, where nothing invisible should
    remain for the moderator to miss."""
    kept = []
    for n, character in enumerate(text):
        if not invisible(character):
            kept.append(character)
        elif character in _JOINERS:
            neighbours = text[max(0, n - 1) : n] + text[n + 1 : n + 2]
            if not any(c.isalpha() and _is_latin(c) for c in neighbours):
                kept.append(character)
    return "".join(kept)
