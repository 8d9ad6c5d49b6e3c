"""The default reciprocal-mentoring poll, as plain data.

An instrument is a list of questions, each asked of one or both sides of a mentoring pair.
It lives in code rather than the database so that every cohort starts from the same wording,
and so that answers collected years apart can still be compared: a question's ``key`` is a
stable slug that is never reused for different wording. The Django layer copies these into
its own question bank, where a programme team may add questions of its own.

The wording is ours. Each statement is in the first person, as the respondent reads it, and
each carries a ``headline``: the phrase that completes a sentence about the group, such as
"85% of aspiring leaders agreed they *feel confident navigating how their organisation
works*", so the report never has to turn a question round by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

LIKERT5: Final = "likert5"
SCALE10: Final = "scale10"
YESNO: Final = "yesno"
SINGLE: Final = "single"
MULTIPLE: Final = "multiple"
TEXT: Final = "text"
KINDS: Final = (LIKERT5, SCALE10, YESNO, SINGLE, MULTIPLE, TEXT)
"""The kinds of question: a five-point agree/disagree scale (answers coded 1 to 5), a nought
to ten scale, yes or no (``True``/``False``), one option, any number of options, and short
free text."""

SCORED_KINDS: Final = (LIKERT5, SCALE10)
"""Kinds whose answers are numbers that may be averaged and compared from baseline to final."""

SUMMARISED_KINDS: Final = (LIKERT5, SCALE10, YESNO)
"""Kinds the report summarises as a share of people giving a positive answer."""

ASPIRING: Final = "aspiring"
ESTABLISHED: Final = "established"
SIDES: Final = (ASPIRING, ESTABLISHED)
BOTH_SIDES: Final = SIDES

BEFORE_START_STAGES: Final = ("baseline",)
"""Waves asked before the programme has begun: they never ask about its effects."""

SIDE_PLURALS: Final = {ASPIRING: "aspiring leaders", ESTABLISHED: "established leaders"}
"""How the report names each side as a group of people ("85% of aspiring leaders …")."""

LIKERT_LABELS: Final = (
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
)
"""The five answers, in order; an answer is stored as its position counted from 1."""

LIKERT_MIN: Final = 1
LIKERT_MAX: Final = 5
LIKERT_AGREE: Final = frozenset({4, 5})
LIKERT_NEUTRAL: Final = frozenset({3})
LIKERT_DISAGREE: Final = frozenset({1, 2})

SCALE_MIN: Final = 0
SCALE_MAX: Final = 10
SCALE_HIGH: Final = frozenset({9, 10})
"""Scores counted as "very likely" on the nought to ten scale, as in the familiar
recommendation question: nine and ten only, because a seven is a polite shrug."""
SCALE_MIDDLE: Final = frozenset({7, 8})
SCALE_LOW: Final = frozenset(range(0, 7))


@dataclass(frozen=True, slots=True)
class Question:
    """One question as asked.

    ``text`` is what the respondent reads; ``headline`` completes "X% of aspiring leaders
    agreed they …" (for yes/no and scale questions, "… said they …"), in the third person
    plural; ``sides`` lists the sides who are asked; ``short`` is a label of a few words for
    charts and tables, where the full statement would not fit. ``after_start`` marks a
    question about the programme's effects ("Since the programme began …"): it is asked
    only once the programme is under way, never in a baseline wave, so it has no
    before-and-after pair.
    """

    key: str
    kind: str
    text: str
    headline: str
    sides: tuple[str, ...]
    options: tuple[str, ...] = ()
    short: str = ""
    after_start: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.key}: unknown kind {self.kind!r}")
        if not self.sides or any(side not in SIDES for side in self.sides):
            raise ValueError(f"{self.key}: sides must be drawn from {SIDES}")
        if (self.kind in (SINGLE, MULTIPLE)) != bool(self.options):
            raise ValueError(f"{self.key}: only choice questions have options, and they must")
        if self.kind in SUMMARISED_KINDS and not self.headline:
            raise ValueError(f"{self.key}: a summarised question needs a headline")

    def asks(self, side: str) -> bool:
        return side in self.sides

    def asked_at(self, stage: str) -> bool:
        """Whether a wave at this stage asks it: questions about the programme's effects wait
        until it has begun."""
        return not (self.after_start and stage in BEFORE_START_STAGES)

    @property
    def scored(self) -> bool:
        return self.kind in SCORED_KINDS

    @property
    def label(self) -> str:
        """The short label, or the key made readable if none was given."""
        return self.short or self.key.replace("_", " ").capitalize()


@dataclass(frozen=True, slots=True)
class Instrument:
    """A named set of questions; ``for_side`` gives the ones one side is asked, in order."""

    key: str
    name: str
    description: str
    questions: tuple[Question, ...]

    def __post_init__(self) -> None:
        keys = [question.key for question in self.questions]
        if len(keys) != len(set(keys)):
            raise ValueError(f"{self.key}: question keys must be unique")

    def for_side(self, side: str) -> tuple[Question, ...]:
        return tuple(question for question in self.questions if question.asks(side))

    def question(self, key: str) -> Question:
        for question in self.questions:
            if question.key == key:
                return question
        raise KeyError(key)


DEFAULT_INSTRUMENT: Final = Instrument(
    key="reciprocal-mentoring",
    name="Reciprocal mentoring poll",
    description=(
        "Asked at the start of the programme, along the way, at the end and after it. The "
        "same statements each time, so that each person's answers can be compared with their "
        "own earlier ones; questions about what the programme has done are asked only once "
        "it has begun. Answers are never shown against anyone's name."
    ),
    questions=(
        Question(
            key="navigating-organisation",
            kind=LIKERT5,
            text="I feel confident finding my way around how decisions are really made in "
            "my organisation.",
            headline="feel confident navigating how their organisation works",
            sides=BOTH_SIDES,
            short="Navigating the organisation",
        ),
        Question(
            key="lived-experience",
            kind=LIKERT5,
            text="I understand what working here is like for colleagues whose background and "
            "experience differ from mine.",
            headline="understand what work is like for colleagues whose experience differs "
            "from their own",
            sides=BOTH_SIDES,
            short="Colleagues' lived experience",
        ),
        Question(
            key="power-privilege",
            kind=LIKERT5,
            text="I have thought about the power and privilege that my role and background "
            "give me, and how they affect the people I work with.",
            headline="have reflected on the power and privilege their role and background give "
            "them",
            sides=(ESTABLISHED,),
            short="Reflecting on power and privilege",
        ),
        Question(
            key="trust-senior-leaders",
            kind=LIKERT5,
            text="I trust senior leaders in my organisation to act on what staff like me tell "
            "them.",
            headline="trust senior leaders to act on what staff like them say",
            sides=(ASPIRING,),
            short="Trust in senior leaders",
        ),
        Question(
            key="ready-for-promotion",
            kind=LIKERT5,
            text="I feel ready to apply for promotion or a more senior role.",
            headline="feel ready to apply for promotion or a more senior role",
            sides=(ASPIRING,),
            short="Ready to apply for promotion",
        ),
        Question(
            key="renewed-energy",
            kind=LIKERT5,
            text="Taking part has renewed my energy for developing my career.",
            headline="found that taking part renewed their energy for their career",
            sides=(ASPIRING,),
            short="Renewed energy for career",
            after_start=True,
        ),
        Question(
            key="supporting-equity",
            kind=LIKERT5,
            text="I have the skills and confidence to support equity, diversity and inclusion "
            "in my team.",
            headline="have the skills and confidence to support equity, diversity and "
            "inclusion in their teams",
            sides=(ESTABLISHED,),
            short="Confidence to support equity",
        ),
        Question(
            key="being-heard",
            kind=LIKERT5,
            text="When I raise something at work, I feel I am listened to.",
            headline="feel listened to when they raise something at work",
            sides=BOTH_SIDES,
            short="Being heard",
        ),
        Question(
            key="recommend",
            kind=SCALE10,
            text="On a scale from 0 (not at all likely) to 10 (extremely likely), how likely "
            "are you to recommend this programme to a colleague?",
            headline="were very likely to recommend the programme to a colleague",
            sides=BOTH_SIDES,
            short="Would recommend",
            after_start=True,
        ),
        Question(
            key="applied-for-role",
            kind=YESNO,
            text="Since the programme began, have you applied for a new role or a promotion?",
            headline="had applied for a new role or a promotion since the programme began",
            sides=BOTH_SIDES,
            short="Applied for a new role",
            after_start=True,
        ),
        Question(
            key="most-useful",
            kind=MULTIPLE,
            text="Which parts of the programme have been most useful to you?",
            headline="",
            sides=BOTH_SIDES,
            options=(
                "Conversations with my mentoring partner",
                "Faculty sessions",
                "Learning sets with other participants",
                "Reading and resources",
            ),
            short="Most useful parts",
            after_start=True,
        ),
        Question(
            key="what-changed",
            kind=TEXT,
            text="In a sentence or two, what has changed for you since the programme began?",
            headline="",
            sides=BOTH_SIDES,
            short="What has changed",
            after_start=True,
        ),
    ),
)
"""The poll every reciprocal-mentoring cohort starts with."""


REACTION: Final = "reaction"
LEARNING: Final = "learning"
BEHAVIOUR: Final = "behaviour"
RESULTS: Final = "results"
LEVEL_TITLES: Final = {
    REACTION: "How people found the programme",
    LEARNING: "What people learned",
    BEHAVIOUR: "What people do differently",
    RESULTS: "Career moves and results",
}
"""The four levels programme evaluations use (reaction, learning, behaviour, results), in
the order the report shows them, with the report's heading for each."""

LEVELS: Final = {
    "recommend": REACTION,
    "being-heard": REACTION,
    "renewed-energy": REACTION,
    "navigating-organisation": LEARNING,
    "lived-experience": LEARNING,
    "power-privilege": LEARNING,
    "trust-senior-leaders": LEARNING,
    "supporting-equity": LEARNING,
    "ready-for-promotion": BEHAVIOUR,
    "applied-for-role": BEHAVIOUR,
}
"""The level each question of the default instrument measures; a programme's own questions
are shown under "learning" unless listed here."""

EDI_TALENT: Final = (
    "NHS EDI Improvement Plan, high impact action 2: fair and inclusive recruitment and "
    "talent management that target under-representation"
)
EDI_MEASURES: Final = {
    "ready-for-promotion": EDI_TALENT,
    "applied-for-role": EDI_TALENT,
    "renewed-energy": EDI_TALENT,
}
"""Questions whose results bear on the EDI Improvement Plan's talent-management measures;
career moves (promotions, acting up, secondments) bear on them too."""


def level_of(key: str) -> str:
    return LEVELS.get(key, LEARNING)
