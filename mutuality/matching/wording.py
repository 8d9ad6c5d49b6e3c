"""Turning what people wrote into terms that carry meaning, for the wording criterion.

Two people rarely describe one thing in the same words: "budgets and business cases" on one
side, "managing finances and funding bids" on the other. Counting shared words alone scores
such a pair 0. Each text is therefore turned into:

- **word stems** (Snowball's English stemmer), so "budget", "budgets" and "budgeting" meet;
- **themes of NHS leadership**, from a small vocabulary written for this project: each theme is
  a list of words and phrases that mean much the same in an NHS or care setting ("QI", "PDSA"
  and "service improvement" all add the theme *improvement*). A theme is added once per text
  however many of its phrases appear, so a long text does not outweigh a short one.

Both kinds of term then go through TF-IDF as before, so a theme most people mention (say,
*leading people*) counts for less than a rare one (say, *commissioning*). Explanations show a
stem as a word someone actually wrote and a theme by its name.

No Django here; no model is downloaded. ``bench/text_match.py`` measures the gain on
labelled pairs.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

__all__ = ["THEMES", "Analyser"]

# Theme name (shown in explanations) -> words and phrases that signal it. Phrases are matched
# on stemmed words, so one form of each word is enough.
THEMES: dict[str, tuple[str, ...]] = {
    "finance and budgets": (
        "budget", "finance", "financial", "money", "spending", "business case",
        "cost improvement", "cip", "funding", "income", "savings", "efficiency", "accounts",
    ),
    "boards and governance": (
        "board", "board level", "governance", "non-executive", "executive team", "committee",
        "assurance", "director", "executive level", "accountability",
    ),
    "influencing and partnerships": (
        "influence", "influencing", "stakeholder", "negotiate", "negotiation",
        "partnership working", "system working", "joint", "agencies", "partner organisations",
        "relationships", "collaboration", "politics", "navigate",
    ),
    "career and promotion": (
        "promotion", "career", "interview", "apply for", "application", "next role",
        "progression", "recruitment panel", "band 8a", "band 8b", "band 8c", "band 7",
        "senior post", "first post",
    ),
    "change and transformation": (
        "change", "transformation", "redesign", "restructure", "reconfiguration",
        "new model", "pathway", "service change",
    ),
    "data and insight": (
        "data", "dashboard", "analytics", "business intelligence", "metrics", "reporting",
        "performance reporting", "insight", "evidence of impact", "measure",
    ),
    "improvement": (
        "quality improvement", "qi", "improvement", "lean", "pdsa", "improve",
        "fix problems", "continuous improvement",
    ),
    "commissioning and contracts": (
        "commissioning", "commissioner", "procurement", "contract", "contracting",
        "provider", "tender", "supplier", "deal",
    ),
    "leading people": (
        "line manage", "line management", "managing people", "manage a team",
        "managing a team", "team leader", "difficult conversation", "capability",
        "grievance", "performance management", "delegate", "handing over", "appraisal",
        "disciplinary", "sickness absence", "employee relations",
    ),
    "speaking and presence": (
        "public speaking", "presenting", "presentation", "speak up", "talks",
        "conference", "visible", "presence", "voice", "confidence", "confident",
    ),
    "health inequalities": (
        "health inequalities", "inequality", "population health", "prevention",
        "public health", "deprived", "deprivation", "underserved",
    ),
    "wellbeing": (
        "wellbeing", "burnout", "burning out", "resilience", "stress", "exhaustion",
        "self-care", "work-life balance",
    ),
    "workforce": (
        "workforce", "recruitment", "retention", "keep staff", "rota", "establishment",
        "vacancies", "staffing", "workforce planning",
    ),
    "strategy": (
        "strategy", "strategic", "direction", "long-term plan", "five-year plan",
        "long-term planning", "vision", "planning",
    ),
    "digital": (
        "digital", "electronic records", "epr", "electronic patient record", "technology",
        "clinical information", "informatics", "ehr",
    ),
    "equality, diversity and inclusion": (
        "equality", "diversity", "inclusion", "inclusive", "edi", "race equality",
        "anti-racism", "racism", "minority", "staff network", "belonging", "equity",
    ),
    "clinical leadership": (
        "clinical leadership", "lead clinically", "matron", "chief nurse", "ward manager",
        "nursing leadership", "medical director", "clinical lead", "clinical director",
    ),
    "safety and risk": (
        "patient safety", "risk", "serious incident", "incident", "investigation",
        "safeguarding",
    ),
    "social care": (
        "social care", "adult social", "care home", "council", "local authority",
        "discharge", "domiciliary",
    ),
    "voluntary sector and fundraising": (
        "charity", "charities", "voluntary sector", "vcse", "fundraising", "grant", "bid",
    ),
    "research and evidence": (
        "research", "evidence-based", "clinical academic", "audit", "evaluation", "study",
    ),
    "coaching and mentoring": (
        "coach", "coaching", "mentor", "mentoring", "supervise", "supervision",
    ),
    "patients and communities in design": (
        "co-production", "coproduction", "patient engagement", "carers", "lived experience",
        "patient voice", "involvement", "service users",
    ),
    "projects and programmes": (
        "project", "programme management", "project management", "deliver", "delivery",
        "capital", "on time", "pmo",
    ),
    "communications": (
        "media", "press", "communications", "communicate", "crisis", "major incident",
        "messaging",
    ),
    "primary care": (
        "primary care", "gp", "general practice", "pcn", "primary care network",
    ),
    "chairing meetings": ("chair", "chairing", "chaired", "chair meetings"),
}  # fmt: skip

_WORD = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*")
_STOP = frozenset(ENGLISH_STOP_WORDS)
_LONGEST = 4  # words in the longest phrase matched
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def _stems(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.casefold())]


def _phrase_index() -> dict[tuple[str, ...], str]:
    index: dict[tuple[str, ...], str] = {}
    for theme, phrases in THEMES.items():
        for phrase in phrases:
            key = tuple(_stems(phrase))
            if len(key) > _LONGEST:
                raise ValueError(f"theme phrase longer than {_LONGEST} words: {phrase!r}")
            index[key] = theme
    return index


_PHRASES = _phrase_index()


def _theme_token(theme: str) -> str:
    return "theme:" + theme


class Analyser:
    """A TF-IDF analyser: text in, stems and theme tokens out. It remembers, for each term,
    a form to show people (the first word written that gave a stem; a theme's name)."""

    def __init__(self) -> None:
        self.shown: dict[str, str] = {_theme_token(t): t for t in THEMES}

    def __call__(self, text: str) -> list[str]:
        words = _WORD.findall(text.casefold())
        stems = [_stem(w) for w in words]
        terms: list[str] = []
        for word, stem in zip(words, stems, strict=True):
            if word in _STOP or len(word) < 2:
                continue
            terms.append(stem)
            self.shown.setdefault(stem, word)
        themes: set[str] = set()
        for start in range(len(stems)):
            for size in range(1, _LONGEST + 1):
                theme = _PHRASES.get(tuple(stems[start : start + size]))
                if theme:
                    themes.add(theme)
        terms.extend(_theme_token(t) for t in sorted(themes))
        return terms

    def show(self, term: str) -> str:
        return self.shown.get(term, term)
