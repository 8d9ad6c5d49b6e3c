"""Names of people who are not in the cohort: the ``name`` rule of the identifying-detail check.

The cohort's own people are matched by name (the ``person`` rule). Themes also name patients'
relatives, managers, colleagues in other teams: "Mr Okonkwo", "Priya in payroll", "Aaron said".
Nothing lists those people, so this module recognises names by their look and their place in
the sentence. Four rules, each a function below with its rationale:

* :func:`titled_names`: a title before a capitalised word ("Mr Okonkwo", "Sister Jones").
* :func:`gazetteer_names`: a capitalised word that is a known given name or surname and not an
  everyday word ("Aaron", "Priya", "Okafor"), with the name words beside it ("Priya Raman").
* :func:`names_beside_roles`: a capitalised word next to a role or team ("Priya in payroll",
  "the HR manager Dave", "Dave, our ward manager").
* :func:`names_as_subjects`: a capitalised word that says, asks or is told something
  ("Okonkwo said", "Grace told me", "Will was moved").

The gazetteer is every Latin-script given name and surname in the person lists Faker ships
for all its locales (British, Irish, Indian, Nigerian, Arabic, Chinese and Japanese in their
romanised forms, Polish, Romanian, Portuguese, Spanish, French, German, Italian, Turkish,
Bengali and many more), built once on first use. Words that are names but also ordinary words
("Will", "May", "Grace", "Mark", "White", "Christian") are in the shipped vocabulary or
``name_words.txt``; they count as names only when a title, a role, a verb or another name
says so. Plain Python with no Django imports.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .words import is_everyday, is_listed


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


MESSAGES: Final = {
    "titled": "A title and a name",
    "gazetteer": "Looks like a person's name",
    "role": "Looks like a name, next to a role or team",
    "subject": "Looks like a name, of someone who said or did something",
    "sentence": "Looks like a name, from the words around it",
}

HONORIFICS: Final = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "revd", "fr", "cllr"}
)
"""Titles matched in any case ("Dr", "dr", "DR"); the word after must be capitalised."""

FORMAL_TITLES: Final = frozenset(
    {
        "Doctor",
        "Professor",
        "Sister",
        "Nurse",
        "Matron",
        "Lady",
        "Lord",
        "Father",
        "Reverend",
        "Pastor",
        "Imam",
        "Rabbi",
        "Auntie",
        "Aunty",
        "Uncle",
        "Councillor",
        "Captain",
    }
)
"""Titles that are also job words ("the nurse", "a sister"): matched only with a capital."""

ROLES: Final = _set(
    """manager lead leader director matron sister nurse consultant registrar doctor supervisor
    mentor mentee chair head officer administrator admin receptionist porter assistant
    coordinator co-ordinator colleague boss secretary therapist midwife physio
    physiotherapist pharmacist cleaner deputy educator guardian champion rep representative
    steward adviser advisor practitioner specialist surgeon anaesthetist paramedic partner
    analyst clerk technician worker volunteer student trainee apprentice fellow governor
    executive chief gp hca hcsw anp cns sho fy1 fy2 senior junior health visitor housekeeper
    supervisor sponsor coach buddy facilitator navigator friend neighbour husband wife son
    daughter mum dad mother father brother relative carer patient client"""
)
"""Words for a person's role or relation: a capitalised word right after one is a name."""

TEAMS: Final = _set(
    """payroll hr estates pharmacy finance it theatres theatre radiology recruitment facilities
    procurement comms communications outpatients maternity a&e ed icu itu admin reception
    portering catering switchboard workforce education governance rostering wellbeing edi
    library security housekeeping pathology labs audiology endoscopy dermatology oncology
    cardiology paediatrics community amu ccu sdec outreach training safeguarding complaints
    pals legal digital informatics coding records transport bookings appointments ward
    wards unit department dept team office clinic practice surgery night nights days bank
    occupational therapy physiotherapy psychology stroke renal diabetes dietetics"""
)
"""Teams and places of work: "Priya in payroll", "Aaron on ward 7"."""

_PLACES: Final = _set(
    """hospital infirmary trust council road street lane avenue house centre center surgery
    practice university college school ward unit team park court hospice clinic foundation
    group network project programme award building wing lodge hall fund institute library
    café cafe campus site health medical partnership memorial general royal county city
    district valley way close drive green square place gardens mews hub suite"""
)
"""Words that end a place or organisation name: "Bradford Royal Infirmary" names no one."""

_PARTICLES: Final = _set(
    "van von de der den da das dos du di del della le la al el bin binti ibn ben ap ni nic"
)
"""Small words inside a full name ("Ludwig van Beethoven", "Ahmed bin Rashid")."""

_VERBS: Final = (
    r"said|says|told|tells|asked|asks|explained|explains|shared|admitted|admits"
    r"|described|describes|mentioned|complained|complains|felt|feels|thinks|thought"
    r"|wanted|wants|knew|knows|believes|believed|agreed|agrees|refused|refuses|raised"
    r"|reported|noticed|realised|realises|decided|decides|suggested|suggests"
    r"|replied|answered|emailed|rang|phoned|messaged|texted|shouted"
    r"|laughed|cried|smiled|joined|resigned|retired|tried|tries|insisted|insists|argued"
    r"|argues|warned|warns|promised|confided|disclosed|left\s+(?:the|us|her|his)"
    r"|didn['’]t|doesn['’]t|wasn['’]t|hasn['’]t|hadn['’]t|won['’]t|can['’]t|couldn['’]t"
    r"|(?:was|is|has\s+been|had\s+been|got|gets)\s+(?:told|asked|refused|moved|given|sent"
    r"|made|passed\s+over|bullied|blamed|criticised|praised|promoted|overlooked|ignored"
    r"|excluded|offered|denied|turned\s+down|called|shouted\s+at|spoken\s+to|interviewed"
    r"|appointed|off\s+sick|signed\s+off|left\s+out|treated|singled\s+out|disciplined)"
)
_VERB = re.compile(rf"\s+(?:{_VERBS}|and\s+I|and\s+me|and\s+myself)(?!\w)", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*(?:['’](?![^\W\d_]))?")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s*[\"“‘'(]?|\n\s*[-*•]?\s*)$")


@dataclass(frozen=True)
class Token:
    """A word of the text: where it is, the word without a possessive, and whether it had one."""

    start: int
    end: int
    word: str
    possessive: bool


@dataclass(frozen=True)
class NameHit:
    """A span that looks like a person's name, and which rule found it (a key of MESSAGES)."""

    start: int
    end: int
    rule: str

    @property
    def message(self) -> str:
        return MESSAGES[self.rule]


def name_key(word: str) -> str:
    """How a name is looked up: accents, apostrophes and case ignored ("O’Néill" = "oneill")."""
    decomposed = unicodedata.normalize("NFKD", word)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"['’‘ʼ]", "", bare).casefold()


def _latin(name: str) -> bool:
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in name)


@cache
def gazetteer() -> frozenset[str]:
    """Every Latin-script given name and surname in Faker's person lists, for all locales,
    as :func:`name_key` keys. Built on first use (about a second) and kept."""
    from faker.providers import person

    keys: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for attribute in dir(provider):
            if not re.fullmatch(r"(first|last|middle)_(romanized_)?names(_\w+)?", attribute):
                continue
            names = getattr(provider, attribute)
            if not isinstance(names, (list, tuple, set, frozenset, dict)):
                continue
            for name in names:
                if not isinstance(name, str) or not _latin(name):
                    continue
                for part in re.findall(r"[^\W\d_]+(?:['’‘ʼ][^\W\d_]+)*", name):
                    if len(part) >= 2:
                        keys.add(name_key(part))
    return frozenset(keys)


@cache
def english_words() -> frozenset[str]:
    """Everyday English words from Faker's own English word lists (its placeholder text,
    company slogans, job titles, colours and street types), so a name list's stray words
    ("Fresh", "Server", "Seven", "Street") are not taken for names."""
    from faker.providers.address.en_US import Provider as Address
    from faker.providers.color.en_US import Provider as Colour
    from faker.providers.company.en_US import Provider as Company
    from faker.providers.job.en_US import Provider as Job
    from faker.providers.lorem.en_US import Provider as Lorem

    texts = [
        *Lorem.word_list,
        *(w for group in Company.catch_phrase_words for w in group),
        *(w for group in Company.bsWords for w in group),
        *Job.jobs,
        *Colour.all_colors,
        *Address.street_suffixes,
    ]
    return frozenset(w.lower() for text in texts for w in re.findall(r"[A-Za-z]+", text))


@cache
def name_words() -> frozenset[str]:
    """The names that are usually something else (``name_words.txt``)."""
    text = resources.files(__package__).joinpath("name_words.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def tokens(text: str) -> list[Token]:
    """The words of ``text``, a trailing "'s" or "’" taken off and remembered."""
    found = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        end = m.end()
        possessive = False
        for ending in ("'s", "’s", "'", "’"):
            if word.endswith(ending) and len(word) > len(ending):
                word, end, possessive = word[: -len(ending)], end - len(ending), True
                break
        found.append(Token(m.start(), end, word, possessive))
    return found


def capitalised(word: str) -> bool:
    """A capital then at least one small letter ("Aaron", "McDonald", "O'Neill"); not an
    acronym ("NHS", "HR") and not a word in small letters."""
    return word[0].isupper() and any(c.islower() for c in word[1:])


def initial(word: str) -> bool:
    """A single capital letter, as in "J Smith" or "Dr A. Khan"."""
    return len(word) == 1 and word.isupper()


def ambiguous(word: str) -> bool:
    """A name that is usually a word: in the vocabulary (exactly, or as a plural), among the
    English stop words, months or weekdays, in ``name_words.txt`` or Faker's English word
    lists, or a role or team word."""
    lower = word.lower()
    return (
        is_listed(word)
        or lower in name_words()
        or lower in english_words()
        or lower in ROLES
        or lower in TEAMS
    )


def is_name(word: str) -> bool:
    """A word that names a person wherever it appears: capitalised, three letters or more, in
    the gazetteer (whole or every part of a hyphenated name) and not :func:`ambiguous`."""
    if len(word) < 3 or not capitalised(word) or ambiguous(word):
        return False
    keys = gazetteer()
    return name_key(word) in keys or all(
        len(part) >= 2 and name_key(part) in keys for part in word.split("-")
    )


def could_be_name(word: str) -> bool:
    """A word that may be a name when its neighbours say so: capitalised, not a role or team
    word, and either in the gazetteer (even if also a word: "Grace", "Will"; but not a
    pronoun or other function word such as "He", which is also a surname) or not an everyday
    word at all ("Okonkwo")."""
    lower = word.lower()
    if len(word) < 2 or not capitalised(word) or role_or_team(word):
        return False
    if name_key(word) in gazetteer():
        return lower not in ENGLISH_STOP_WORDS or lower in name_words()
    return lower not in name_words() and not is_everyday(word)


def role_or_team(word: str) -> bool:
    """Whether ``word`` is a role or team word, singular or plural ("Porters", "Midwives")."""
    lower = word.lower()
    forms = {lower}
    for ending, replacement in (("s", ""), ("es", ""), ("ies", "y"), ("ves", "fe"), ("ves", "f")):
        if lower.endswith(ending):
            forms.add(lower[: -len(ending)] + replacement)
    return any(form in ROLES or form in TEAMS for form in forms)


def at_sentence_start(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins a sentence, a clause after a colon or semicolon,
    or a line of a list."""
    return bool(_SENTENCE_START.search(text[max(0, start - 4) : start].rstrip(" ")))


def _joined(text: str, left: Token, right: Token, *, dot: bool = False) -> bool:
    """Whether ``left`` and ``right`` are neighbours in one phrase (only spaces between, or a
    full stop and spaces after an initial or title when ``dot``)."""
    if left.possessive:
        return False
    gap = text[left.end : right.start]
    return bool(re.fullmatch(r"\.?[ \t]+" if dot else r"[ \t]+", gap)) and "\n" not in gap


def _extend(text: str, words: list[Token], i: int, j: int) -> tuple[int, int]:
    """Grow the name ``words[i..j]`` over the rest of the full name around it: initials, given
    names and surnames to the left ("J Smith", "Will Smith"), names and words that are not
    everyday to the right ("Priya Raman", "Aaron Okonkwo-Bright"), and particles between
    ("Ludwig van Beethoven")."""
    keys = gazetteer()
    while i > 0 and _joined(text, words[i - 1], words[i], dot=True):
        word = words[i - 1].word
        if initial(word) or (
            capitalised(word)
            and name_key(word) in keys
            and (word.lower() not in ENGLISH_STOP_WORDS or word.lower() in name_words())
        ):
            i -= 1
        elif (
            word.lower() in _PARTICLES
            and i > 1
            and _joined(text, words[i - 2], words[i - 1])
            and capitalised(words[i - 2].word)
            and name_key(words[i - 2].word) in keys
        ):
            i -= 2
        else:
            break
    while j + 1 < len(words) and _joined(text, words[j], words[j + 1]):
        word = words[j + 1].word
        if is_name(word) or (could_be_name(word) and not _is_place_word(word)):
            j += 1
        elif (
            word.lower() in _PARTICLES
            and j + 2 < len(words)
            and _joined(text, words[j + 1], words[j + 2])
            and could_be_name(words[j + 2].word)
        ):
            j += 2
        else:
            break
    return i, j


def _is_place_word(word: str) -> bool:
    return word.lower() in _PLACES


_SAINTS = _set("St Saint Ste")


def part_of_a_place(text: str, words: list[Token], i: int, j: int) -> bool:
    """Whether the name-like ``words[i..j]`` is part of a place or organisation name: the
    next word ends one ("Bradford Royal Infirmary", "Mary Seacole programme", "Rowan Ward") or
    the word before is "St" or "Saint" ("St Thomas"). Those are left to the organisation, ward
    and rare-phrase rules; a possessive ("Priya's team") is a person's, so it never counts."""
    if words[i].word in _SAINTS or (
        i > 0 and words[i - 1].word in _SAINTS and _joined(text, words[i - 1], words[i], dot=True)
    ):
        return True
    if words[j].possessive:
        return False
    k = j + 1
    while k < len(words) and _joined(text, words[k - 1], words[k]) and words[k].word[0].isupper():
        if _is_place_word(words[k].word):
            return True
        k += 1
    return (
        k < len(words) and _joined(text, words[k - 1], words[k]) and _is_place_word(words[k].word)
    )


_PLACE_PREPOSITIONS = _set("in at near around across outside throughout via within")


def after_place_preposition(text: str, words: list[Token], i: int) -> bool:
    """Whether ``words[i]`` follows "in", "at", "near" and the like: "nurses in Wakefield
    said" is about a town. "From" and "to" are left out: "I heard from Aaron"."""
    return (
        i > 0
        and words[i - 1].word.lower() in _PLACE_PREPOSITIONS
        and _joined(text, words[i - 1], words[i])
    )


def titled_names(text: str, words: list[Token]) -> list[NameHit]:
    """A title followed by a capitalised word, and the name after it: "Mr Okonkwo", "Dr A.
    Khan", "Sister Jones", "Matron Okafor". Rationale: a title in front of a capitalised word
    is how people are referred to formally, and the commonest way a theme names someone
    outside the cohort (a patient, a consultant). The word after the title counts even if it
    is also a word ("Dr May"), unless it is a role or team ("Nurse Practitioner") or an
    everyday word that is no name ("Sister Ward"). The title is redacted with the name: "Dr"
    and a specialty can be enough to find a person."""
    hits = []
    for n, token in enumerate(words[:-1]):
        is_title = (
            token.word.lower() in HONORIFICS and not token.word.isupper() or token.word == "DR"
        ) or token.word in FORMAL_TITLES
        if not is_title or token.possessive:
            continue
        k = n + 1
        while (
            k < len(words)
            and initial(words[k].word)
            and _joined(text, words[k - 1], words[k], dot=True)
        ):
            k += 1
        if k >= len(words) or not _joined(text, words[k - 1], words[k], dot=True):
            continue
        word = words[k].word
        if not capitalised(word) or word.lower() in ROLES or word.lower() in TEAMS:
            continue
        if is_everyday(word) and name_key(word) not in gazetteer():
            continue
        _, end = _extend(text, words, k, k)
        hits.append(NameHit(token.start, words[end].end, "titled"))
    return _unique(hits)


def gazetteer_names(text: str, words: list[Token]) -> list[NameHit]:
    """A capitalised given name or surname from the gazetteer that is not also an everyday
    word, anywhere in the text, sentence starts included ("Aaron on ward 7 was told…"), grown
    to the full name around it. Rationale: people are named by first name in conversation,
    and a list of tens of thousands of names from many countries covers the names NHS staff
    and patients have far better than any pattern. Names that are words ("Will", "Hope",
    "White", "May") are left to the rules that look at context, and names that begin a place
    ("Victoria Road", "Bradford Royal Infirmary") are left to the place rules."""
    hits = []
    for n, token in enumerate(words):
        if not is_name(token.word):
            continue
        i, j = _extend(text, words, n, n)
        if part_of_a_place(text, words, i, j):
            continue
        hits.append(NameHit(words[i].start, words[j].end, "gazetteer"))
    return _unique(hits)


_DETERMINERS = _set("the our my a an their his her your one new old this that")


_BEFORE_TEAM = re.compile(
    r"[ \t]+(?:(?:over|down|up|back|out)[ \t]+)?(?:in|from|on|at|with)[ \t]+"
    r"(?:(?:the|our|their|a)[ \t]+)?((?:[^\W\d_][\w&-]*)(?:[ \t]+[^\W\d_][\w&-]*){0,2})"
)
_BEFORE_ROLE = re.compile(
    r",[ \t]+(?:the|our|my|a|an|their|his|her|your)[ \t]+((?:[\w&-]+)(?:[ \t]+[\w&-]+){0,3})"
)


def names_beside_roles(text: str, words: list[Token]) -> list[NameHit]:
    """A capitalised word right next to a role or a team: after a role ("the HR manager Dave",
    "my mentor, Grace,"), before a team ("Priya in payroll", "Aaron on ward 7", "Sam from
    estates"), or before a role in apposition ("Dave, the HR manager"). Rationale: a role or a
    team narrows a name to one person even when the name alone is a common word, so names
    that are also words ("Grace", "Mark") count here; everyday words do not ("the manager
    Monday"), nor do the roles and teams themselves ("Ward Manager", "the lead Nurse")."""
    hits = []
    for n, token in enumerate(words):
        lower = token.word.lower()
        # After a role: "manager Dave", "mentor, Grace".
        if lower in ROLES and n + 1 < len(words) and not token.possessive:
            after = words[n + 1]
            gap = text[token.end : after.start]
            if re.fullmatch(r",?[ \t]+", gap) and could_be_name(after.word):
                i, j = _extend(text, words, n + 1, n + 1)
                if not part_of_a_place(text, words, i, j):
                    hits.append(NameHit(after.start, words[j].end, "role"))
        if not could_be_name(token.word) or token.possessive:
            continue
        rest = text[token.end :]
        team = _BEFORE_TEAM.match(rest)
        apposition = _BEFORE_ROLE.match(rest)
        if (team and any(w.lower() in TEAMS for w in team.group(1).split())) or (
            apposition and any(role_or_team(w) for w in apposition.group(1).split())
        ):
            i, j = _extend(text, words, n, n)
            if part_of_a_place(text, words, i, j):
                continue
            hits.append(NameHit(words[i].start, words[j].end, "role"))
    return _unique(hits)


def names_as_subjects(text: str, words: list[Token]) -> list[NameHit]:
    """A capitalised word followed by a verb of saying, feeling or being treated ("Okonkwo
    said", "Grace told us", "Will was moved to nights", "Mark didn't", "Sandy and I"), including
    at the start
    of a sentence. Rationale: the people in a theme are those who say things and have things
    done to them; the verb tells a name from a capitalised word. Not when a determiner comes
    first ("the Board said") or the word is everyday and in no list of names ("Management
    said", "Payroll told us")."""
    hits = []
    for n, token in enumerate(words):
        if token.possessive or not could_be_name(token.word):
            continue
        if not _VERB.match(text, token.end):
            continue
        if name_key(token.word) not in gazetteer() and token.word.endswith("s"):
            continue  # "Dietitians were left out": a plural, not a person
        i, j = _extend(text, words, n, n)
        if (
            i > 0
            and words[i - 1].word.lower() in _DETERMINERS
            and _joined(text, words[i - 1], words[i])
        ) or after_place_preposition(text, words, i):
            continue
        hits.append(NameHit(words[i].start, words[j].end, "subject"))
    return _unique(hits)


_OBJECT_BEFORE = re.compile(
    r"(?<!\w)(?:told|tell|tells|asked|ask|asks|gave|give|thanked|thank|called|calls|call|met"
    r"|meet|emailed|rang|knows|know|knew|trust|trusts|trusted|missed|miss|(?:heard|hear)\s+from"
    r"|phoned|helped|supported|mentored|mentors|mentoring|coached|paired|paid|promoted|ignored"
    r"|blamed|(?:listen|listened|listens|spoke|speak|speaks|talked|talk|talks|wrote|write"
    r"|writes|according|next|thanks)\s+to|(?:sat|sit|worked|work|works|working|met"
    r"|meeting|paired|along|together)\s+with|(?:care|help|support|message|email|call|word"
    r"|letter)\s+from|covered\s+for|cover\s+for)[ \t]+$",
    re.IGNORECASE,
)
_WHO = re.compile(r",?[ \t]+who(?:se)?(?!\w)")
_SUBORDINATORS = _set("after when until because before since unless once while that whether if")
_CLAUSE_VERB = re.compile(
    rf"\s+(?:{_VERBS}|went|had|has|was|is|got|took|came|did|does|wrote|left|started|stopped"
    r"|worked|works|missed|moved|lost|became|needed|needs|spent|spends|kept|keeps|gave|made"
    r"|runs|ran|covers|covered|leads|led|[a-z]+ed)(?!\w)"
)
_BELONGINGS = _set(
    """wife husband partner son daughter children kids family mum dad mother father manager
    mentor mentee leaving complaint appraisal grievance shift shifts rota caseload desk locker
    diagnosis adjustments condition sickness return contract interview application promotion
    job post role team colleagues patients idea story email message experience request"""
)


def names_in_sentences(text: str, words: list[Token]) -> list[NameHit]:
    """A capitalised word that is not an everyday word, inside a sentence, where only a person
    fits: after a verb or phrase that takes a person ("told Kofi", "listen to Ikechukwu", "sat
    with Olumide", "care from Shabnam", "and Obinna"), as the subject of a clause ("after
    Tendai went off sick", "that Lwazi had worked"), or owning something only a person has
    ("Hamza's wife", "Gurpreet's leaving do"), or followed by "who" ("it was Efua who
    noticed"). Rationale: the gazetteer cannot hold every name;
    the sentence around a name not in it still shows it is one. Names that are also words
    must come with a title, role or verb of saying instead (other rules), and places are
    left alone after "in", "at" or "near"."""
    hits = []
    for n, token in enumerate(words):
        if not could_be_name(token.word):
            continue
        if token.word.lower() in name_words() or is_listed(token.word):
            continue
        person = False
        if n > 0 and not at_sentence_start(text, token.start):
            before = text[max(0, token.start - 40) : token.start]
            previous = words[n - 1].word.lower()
            person = bool(_OBJECT_BEFORE.search(before))
            if previous in _SUBORDINATORS and _joined(text, words[n - 1], token):
                person = person or bool(_CLAUSE_VERB.match(text, token.end))
        if token.possessive and n + 1 < len(words):
            person = person or words[n + 1].word.lower() in _BELONGINGS
        person = person or bool(_WHO.match(text, token.end))
        if not person or after_place_preposition(text, words, n):
            continue
        i, j = _extend(text, words, n, n)
        if part_of_a_place(text, words, i, j):
            continue
        hits.append(NameHit(words[i].start, words[j].end, "sentence"))
    return _unique(hits)


RULES: Final[tuple[Callable[[str, list[Token]], list[NameHit]], ...]] = (
    titled_names,
    gazetteer_names,
    names_beside_roles,
    names_as_subjects,
    names_in_sentences,
)


def find_names(text: str) -> list[NameHit]:
    """Every span of ``text`` (already normalised) that the name rules find, in rule order;
    the caller resolves overlaps."""
    words = tokens(text)
    return _unique(hit for rule in RULES for hit in rule(text, words))


def _unique(hits: Iterable[NameHit]) -> list[NameHit]:
    """One hit for each span, the first rule's (a full name found from either of its parts,
    or by two rules, is one name)."""
    seen: dict[tuple[int, int], NameHit] = {}
    for hit in hits:
        seen.setdefault((hit.start, hit.end), hit)
    return list(seen.values())
