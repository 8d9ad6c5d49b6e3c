"""The identifying-detail check that helps a moderator anonymise a theme.

A theme is a short statement of something learned about the organisations' culture ("in my
directorate, meetings are where decisions are announced, not made"). Before the steering group
sees it, a moderator reads it and removes anything that could point to a person. This check
marks the places a moderator should look twice; it never edits or rejects by itself, and a
theme with no flags still needs a human read.

Each rule has a name (the ``rule`` of a :class:`Flag`) and a rationale:

``email``
    An email address. NHS addresses are usually first.last@..., so an address names a person.
``phone``
    A UK phone number, mobile (07...) or landline (01..., 02..., 03...), with or without +44,
    spaces, hyphens or "(0)", and internal extensions ("ext 4412"). A direct line or extension
    leads straight to one person; a switchboard number is flagged too, because it names the
    organisation.
``person``
    The name of a person in the cohort. A full name is always flagged. Each part of a name is
    flagged on its own too (first names are how people talk: "Priya said..."), case-insensitive
    and with possessives ("Amara's"), *unless* the part is also an everyday word ("Hope",
    "Will", "White", "May"; the vocabulary, or a word in ``name_words.txt`` such as "Grace",
    "Mark" or "Brown"). Such a part is flagged only when it is written with a capital
    letter and is not the first word of a sentence, where a capital says nothing. Single
    letters and initials are never matched alone. Rationale: surnames and most first names are
    distinctive enough to flag wherever they appear; flagging "white" in a theme about racism
    would teach moderators to ignore the flags.
``name``
    The name of anyone else: a patient, a relative, a colleague in another team. Nothing
    lists those people, so :mod:`mutuality.themes.names` recognises a name by its look and its
    place in the sentence: a title before it ("Mr Okonkwo"), a given name or surname from a
    gazetteer built from Faker's name lists for all its locales ("Aaron", "Okafor"), a role
    or team beside it ("Priya in payroll", "the HR manager Dave"), a verb of saying or being
    treated after it ("Grace said", "Will was moved"), or a sentence where only a person fits
    ("told Kofi", "after Tendai went off sick", "Hamza's wife"). Names that are also everyday
    words ("Will", "May", "Grace", "Hope", "White") need such a context; names at the start of
    a place ("Victoria Road", "St Thomas'") are left to the place rules. See that module for
    each rule's rationale, and ADR 0011 for what it misses and how often.
``job_title``
    A job title from the context held by fewer than ``min_group_size`` people (default 10,
    the disclosure engine's group size): a title that few people hold identifies them.
    Plurals ("matrons") match too.
``senior_role``
    A senior title written out, such as "Director of Nursing", "Head of Estates" or "Chief
    People Officer", unless the context says it is held by at least ``min_group_size`` people.
    Each organisation has one such post, so the title names its holder as soon as the reader
    can guess the organisation.
``organisation``
    An organisation's name or alias when either (a) fewer than ``min_group_size`` people in
    the cohort come from it (a small hospice names its two participants), or (b) the same
    theme also names a job title (any title from the context, or a senior role): "a matron at
    Northmoor General" narrows to a handful even though neither does alone. Otherwise naming
    a large partner organisation is fine: themes are about organisations' cultures. If the
    number of people is not known, only (b) applies.
``ward``
    A ward, unit or team with a proper name: "Ward 7B" (or "ward 7": a number is specific in
    any case), "Rowan Ward", "Bluebell Unit", "Heron Team". A named ward is a small group of
    people. A capitalised name made only of everyday words ("Senior Leadership Team") is not
    flagged: every organisation has one.
``date``
    The date of a specific event: a day with a month ("on 3 March", "March 3rd 2024",
    "3/3/24"). An incident on a known day points to the people on shift. A month alone ("in
    March") or a month and year are too broad to flag.
``rare_phrase``
    A word written with a capital letter that does not start a sentence (a proper noun: a
    place, project, club or award), or two such words side by side, that appears in no other
    theme of the corpus (at most ``rare_max_documents`` others) and is not an everyday English
    or NHS word from the shipped vocabulary (``vocabulary.txt``, plus scikit-learn's English
    stop words). Unusual names are how people recognise one another's stories ("the Bluebell
    Café", "the Kestrel project"). The rule only runs once the corpus holds
    ``rare_min_corpus`` texts (default 20), because in a handful of themes every word is rare;
    words shorter than four letters are ignored. Lower-case words are left out unless
    ``rare_lowercase`` is set: on the 42-theme test corpus they gave about one flag per theme,
    nearly all ordinary words ("overrun", "vague"), which would teach moderators to skip the
    flags. Kept conservative on purpose; the moderator still reads every theme.

Every rule reads the text normalised (:mod:`mutuality.themes.normalise`): Unicode NFKC,
zero-width and bidirectional control characters dropped, Cyrillic and Greek look-alike
letters folded to Latin, so a zero-width space or a Cyrillic "а" inside a name cannot slip it
past the rules. Flags are mapped back: their spans, text and messages are those of the theme
as written, invisible characters inside a flagged name included, so :func:`redact` takes
them out too.

Where flags overlap, the one covering a wider span wins and one lying wholly inside another
is dropped (a name inside an email address gives one ``email`` flag); at equal spans the rule
earlier in the list above wins. Partly overlapping flags are both kept, and :func:`redact`
merges them into one placeholder. Results are sorted by position, so the same text and
context always give the same flags.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Final

from .names import find_names, name_words
from .normalise import normalise, strip_invisible
from .words import is_everyday

RULES: Final = (
    "email",
    "phone",
    "person",
    "name",
    "job_title",
    "senior_role",
    "organisation",
    "ward",
    "date",
    "rare_phrase",
)
"""Every rule, in priority order (an earlier rule wins when two flag the same span)."""

PLACEHOLDERS: Final = {
    "email": "[email address]",
    "phone": "[phone number]",
    "person": "[name]",
    "name": "[name]",
    "job_title": "[job title]",
    "senior_role": "[job title]",
    "organisation": "[organisation]",
    "ward": "[ward or team]",
    "date": "[date]",
    "rare_phrase": "[detail]",
}
"""What :func:`redact` puts in place of each rule's flags."""

DEFAULT_MIN_GROUP_SIZE: Final = 10

_MONTH_PATTERN = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)


@dataclass(frozen=True)
class Flag:
    """A span of the text a moderator should look at, and why, in plain English."""

    rule: str
    start: int
    end: int
    text: str
    message: str


@dataclass(frozen=True)
class JobTitle:
    """A job title and how many people in the cohort (or the system) hold it."""

    title: str
    holders: int


@dataclass(frozen=True)
class Organisation:
    """A partner organisation, its short names, and how many cohort members come from it.

    ``members`` is None when not known; such an organisation is flagged only beside a job
    title (see the ``organisation`` rule).
    """

    name: str
    aliases: tuple[str, ...] = ()
    members: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "aliases", tuple(self.aliases))


@dataclass(frozen=True)
class Context:
    """What the check knows about the cohort: who is in it, where they work, what they do.

    Lists and dicts are accepted for convenience and stored as tuples, so a context is
    hashable and can be reused for every theme of a cohort (patterns are compiled once).
    ``corpus`` is the text of the cohort's other themes, used for the rare-phrase rule.
    """

    people: tuple[str, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    job_titles: tuple[JobTitle, ...] = ()
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE
    corpus: tuple[str, ...] = ()
    rare_min_corpus: int = 20
    rare_max_documents: int = 0
    rare_lowercase: bool = False

    def __post_init__(self) -> None:
        titles = self.job_titles
        if isinstance(titles, Mapping):
            titles = [JobTitle(t, n) for t, n in sorted(titles.items())]
        organisations = [Organisation(o) if isinstance(o, str) else o for o in self.organisations]
        object.__setattr__(self, "people", tuple(self.people))
        object.__setattr__(self, "organisations", tuple(organisations))
        object.__setattr__(self, "job_titles", tuple(titles))
        object.__setattr__(self, "corpus", tuple(self.corpus))
        if self.min_group_size < 1:
            raise ValueError("min_group_size must be at least 1")

    @cached_property
    def _compiled(self) -> _Compiled:
        return _Compiled.build(self)


@dataclass
class _Compiled:
    names: list[tuple[re.Pattern[str], str, bool]] = field(default_factory=list)
    rare_titles: list[re.Pattern[str]] = field(default_factory=list)
    all_titles: list[re.Pattern[str]] = field(default_factory=list)
    common_titles: set[str] = field(default_factory=set)
    organisations: list[tuple[re.Pattern[str], Organisation]] = field(default_factory=list)
    document_frequency: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, context: Context) -> _Compiled:
        compiled = cls()
        seen: set[tuple[str, bool]] = set()
        for person in context.people:
            parts = person.split()
            if not parts:
                continue
            full = r"\s+".join(re.escape(p) for p in parts)
            candidates = [(full, False)] if len(parts) > 1 else []
            for part in parts:
                if len(part.strip(".")) < 2:
                    continue
                everyday = is_everyday(part) or part.lower() in name_words()
                candidates.append((re.escape(part), everyday))
            for pattern, everyday in candidates:
                if (pattern.lower(), everyday) in seen:
                    continue
                seen.add((pattern.lower(), everyday))
                flags = 0 if everyday else re.IGNORECASE
                compiled.names.append(
                    (re.compile(rf"(?<!\w){pattern}(?!\w)", flags), pattern, everyday)
                )
        for job in context.job_titles:
            words = job.title.split()
            if not words:
                continue
            pattern = re.compile(
                r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?:e?s)?(?!\w)",
                re.IGNORECASE,
            )
            compiled.all_titles.append(pattern)
            if job.holders < context.min_group_size:
                compiled.rare_titles.append(pattern)
            else:
                compiled.common_titles.add(_squash(job.title))
        for organisation in context.organisations:
            for name in (organisation.name, *organisation.aliases):
                words = name.split()
                if not words:
                    continue
                # Short or upper-case aliases ("NGH", "Dale") are matched as written, so the
                # word "dale" in a sentence is not taken for an organisation.
                exact = len(name) <= 4 or name.isupper()
                pattern = re.compile(
                    r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)",
                    0 if exact else re.IGNORECASE,
                )
                compiled.organisations.append((pattern, organisation))
        counts: dict[str, int] = {}
        for document in context.corpus:
            words = _WORD.findall(normalise(document).text)
            for word in {re.sub(r"['’]s$", "", w.lower()) for w in words}:
                counts[word] = counts.get(word, 0) + 1
        compiled.document_frequency = counts
        return compiled


def _squash(text: str) -> str:
    return " ".join(text.lower().split())


_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*")

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_INTERNATIONAL = r"(?:\+44|0044)\s?(?:\(0\)\s?)?"
_PHONE = re.compile(
    rf"(?<![\w+])(?:"
    # Mobiles: 07xxx xxxxxx, +44 7xxx xxx xxx.
    rf"(?:{_INTERNATIONAL}|0)7\d{{3}}[\s-]?\d{{3}}[\s-]?\d{{3}}"
    # Landlines and non-geographic: 01..., 02..., 03..., 08...; digits counted afterwards.
    rf"|(?:{_INTERNATIONAL}|\(?0)[1238]\d{{1,4}}\)?[\s-]?\d{{3,4}}[\s-]?\d{{3,4}}"
    rf")(?![\d-])"
)
_EXTENSION = re.compile(r"(?<!\w)(?:ext|extn|extension)\.?\s?\d{3,6}(?!\d)", re.IGNORECASE)
_SENIOR = re.compile(
    r"(?<!\w)(?:(?:Deputy|Associate|Assistant|Interim|Acting)\s+)?(?:"
    r"Chief\s+(?:[A-Z][\w-]*\s+){0,3}Officer"
    r"|Chief\s+(?:Executive|Nurse|Midwife|Pharmacist|Allied\s+Health\s+Professional)"
    r"|(?:Medical|Nursing|Finance|Operations|People)\s+Director"
    r"|(?:Director|Head)\s+of\s+[A-Z][\w-]*(?:,?\s+(?:and\s+)?[A-Z][\w-]*){0,3}"
    r")(?!\w)"
    r"|(?<!\w)(?:chief\s+executive|medical\s+director|director\s+of\s+nursing|chief\s+nurse)"
    r"(?!\w)",
)
_DETERMINERS = (
    "The|A|An|Our|My|Their|His|Her|This|That|These|Those|Each|Every|Any|Which|Whose|Its|One"
    "|Some|No|New|Whole|Entire|Same"
)
_WARD = re.compile(
    r"(?<!\w)(?:[Ww]ard\s+\d{1,3}[A-Za-z]?"
    rf"|(?:(?!(?:{_DETERMINERS})\s)[A-Z][\w'’-]*\s+){{1,3}}(?:Ward|Unit|Team))(?!\w)"
)
_DATE = re.compile(
    rf"(?<!\w)(?:"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_PATTERN}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH_PATTERN}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}})"
    rf")(?![\w/])"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s*[\"“‘']?|\n\s*[-*•]?\s*)$")


def _phone_digits_ok(found: str) -> bool:
    digits = re.sub(r"\D", "", found)
    if digits.startswith("0044"):
        digits = digits[4:]
    elif found.lstrip().startswith("+44"):
        digits = digits[2:]
    national = digits if digits.startswith("0") else "0" + digits
    if national.startswith("07"):
        return len(national) == 11
    return len(national) in (10, 11)


def _at_sentence_start(text: str, start: int) -> bool:
    return bool(_SENTENCE_START.search(text[max(0, start - 4) : start].rstrip(" ") or ""))


def _candidates(text: str, context: Context, original: str) -> list[Flag]:
    compiled = context._compiled
    group = context.min_group_size
    flags: list[Flag] = []

    def add(rule: str, start: int, end: int, message: str) -> None:
        flags.append(Flag(rule, start, end, text[start:end], f"{message}: '{text[start:end]}'"))

    for m in _EMAIL.finditer(text):
        add("email", m.start(), m.end(), "Email address")
    for m in _PHONE.finditer(text):
        if _phone_digits_ok(m.group()):
            add("phone", m.start(), m.end(), "Phone number")
    for m in _EXTENSION.finditer(text):
        add("phone", m.start(), m.end(), "Phone extension")

    for pattern, _, everyday in compiled.names:
        for m in pattern.finditer(text):
            if everyday and (not m.group()[0].isupper() or _at_sentence_start(text, m.start())):
                continue
            add("person", m.start(), m.end(), "Names a person in this cohort")
    names = find_names(text)

    title_spans: list[str] = []
    for pattern in compiled.rare_titles:
        for m in pattern.finditer(text):
            title_spans.append(m.group())
            add("job_title", m.start(), m.end(), f"Job title held by fewer than {group} people")
    for pattern in compiled.all_titles:
        title_spans.extend(m.group() for m in pattern.finditer(text))
    for m in _SENIOR.finditer(text):
        title_spans.append(m.group())
        if _squash(m.group()) not in compiled.common_titles:
            add(
                "senior_role",
                m.start(),
                m.end(),
                "Senior role, usually held by one person in each organisation",
            )

    known: list[tuple[int, int]] = []  # spans of anything the context names, flagged or not
    for pattern, organisation in compiled.organisations:
        for m in pattern.finditer(text):
            known.append(m.span())
            names = [n for n in names if n.end <= m.start() or m.end() <= n.start]
            if organisation.members is not None and organisation.members < group:
                add(
                    "organisation",
                    m.start(),
                    m.end(),
                    f"Organisation with fewer than {group} people in this cohort",
                )
            elif title_spans:
                add(
                    "organisation",
                    m.start(),
                    m.end(),
                    f"Organisation named with a job title ('{title_spans[0]}'), which together "
                    "may point to a few people",
                )

    for hit in names:
        add("name", hit.start, hit.end, hit.message)

    for m in _WARD.finditer(text):
        words = m.group().split()
        if words[0].lower() == "ward" or not all(is_everyday(w) for w in words[:-1]):
            add("ward", m.start(), m.end(), "Names a ward, unit or team")

    for m in _DATE.finditer(text):
        add("date", m.start(), m.end(), "Date of a specific event")

    known.extend((f.start, f.end) for f in flags)
    known.extend(m.span() for pattern in compiled.all_titles for m in pattern.finditer(text))
    known.extend(m.span() for pattern, _, _ in compiled.names for m in pattern.finditer(text))
    flags.extend(
        flag
        for flag in _rare_phrases(text, context, original)
        if not any(flag.start < end and start < flag.end for start, end in known)
    )
    return flags


def _rare_phrases(text: str, context: Context, original: str) -> list[Flag]:
    corpus = list(context.corpus)
    if original in corpus:  # the theme itself is not "another" theme
        corpus.remove(original)
    if len(corpus) < context.rare_min_corpus:
        return []
    frequency = context._compiled.document_frequency
    itself = 1 if len(corpus) < len(context.corpus) else 0
    limit = context.rare_max_documents
    rare: list[tuple[int, int]] = []
    for m in _WORD.finditer(text):
        word = re.sub(r"['’]s$", "", m.group())
        if len(word.replace("'", "").replace("’", "")) < 4 or is_everyday(word):
            continue
        if not context.rare_lowercase and (
            not word[0].isupper() or _at_sentence_start(text, m.start())
        ):
            continue
        if frequency.get(word.lower(), 0) - itself <= limit:
            rare.append((m.start(), m.start() + len(word)))
    flags: list[Flag] = []
    others = "no other theme" if limit == 0 else f"at most {limit} other themes"
    i = 0
    while i < len(rare):
        start, end = rare[i]
        if i + 1 < len(rare) and re.fullmatch(r"[\s-]+", text[end : rare[i + 1][0]]):
            end = rare[i + 1][1]
            i += 1
        i += 1
        flags.append(
            Flag(
                "rare_phrase",
                start,
                end,
                text[start:end],
                f"Rare phrase, in {others} and not an everyday word: '{text[start:end]}'",
            )
        )
    return flags


def _resolve(flags: Iterable[Flag]) -> list[Flag]:
    """Drop flags lying wholly inside a wider (or equal, higher-priority) flag; sort the rest."""
    priority = {rule: n for n, rule in enumerate(RULES)}
    ordered = sorted(
        set(flags), key=lambda f: (f.start, -(f.end - f.start), priority[f.rule], f.message)
    )
    kept: list[Flag] = []
    for flag in ordered:
        if any(k.start <= flag.start and flag.end <= k.end for k in kept):
            continue
        kept.append(flag)
    return kept


def check(text: str, context: Context) -> list[Flag]:
    """Every identifying detail the rules find in ``text``, sorted by where it starts.

    The rules read the text normalised (:func:`mutuality.themes.normalise.normalise`: NFKC,
    invisible characters dropped, look-alike letters folded to Latin); each flag's span, text
    and message are those of ``text`` as written, so highlighting and :func:`redact` work on
    the original.
    """
    normalised = normalise(text)
    flags = []
    for flag in _candidates(normalised.text, context, text):
        start, end = normalised.span(flag.start, flag.end)
        message = flag.message.removesuffix(f": '{flag.text}'")
        flags.append(
            Flag(flag.rule, start, end, text[start:end], f"{message}: '{text[start:end]}'")
        )
    return _resolve(flags)


def redact(text: str, flags: Sequence[Flag]) -> str:
    """``text`` with each flagged span replaced by its placeholder, as a suggested edit.

    Overlapping spans become one placeholder, that of the flag starting first (the widest
    when two start together). Invisible control characters left around the placeholders
    (see :func:`mutuality.themes.normalise.strip_invisible`) are dropped too: a
    right-to-left override kept beside "[name]" would show the suggested words reversed.
    """
    spans: list[list] = []
    for flag in _resolve(flags):
        if spans and flag.start < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], flag.end)
        else:
            spans.append([flag.start, flag.end, PLACEHOLDERS.get(flag.rule, "[removed]")])
    out: list[str] = []
    position = 0
    for start, end, placeholder in spans:
        out.append(text[position:start])
        out.append(placeholder)
        position = end
    out.append(text[position:])
    return strip_invisible("".join(out))
