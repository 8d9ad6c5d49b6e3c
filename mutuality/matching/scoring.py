"""How well two people would learn from each other, as a number in [0, 1].

Each component is in [0, 1] and the score is their weighted mean, so a programme manager can
read the weights as "how much each thing matters" without thinking about units. Components
that cannot be judged for a pair (someone left availability blank, the cohort does not match
on lived experience) sit at a neutral 0.5 so that leaving a question blank neither helps nor
hurts a person.

Everything is computed in row blocks with NumPy/SciPy so that a 10,000 x 10,000 score matrix
costs seconds, and any single pair can be recomputed for its explanation without keeping the
per-component matrices (8 of them at 10,000 x 10,000 would be 3 GB).

``lived_experience`` must only ever be filled from an explicit, separate consent to use it for
matching (docs/design.md, "Who may see what"); the engine cannot check that, the caller must.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from .wording import Analyser

__all__ = [
    "COMPONENTS",
    "LIVED_EXPERIENCE_MODES",
    "MODES",
    "PERIODS",
    "WEEKDAYS",
    "Profile",
    "ScoreModel",
    "Weights",
]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PERIODS = ("morning", "afternoon", "evening")
MODES = ("in_person", "video", "phone")
SIDES = ("aspiring", "established")
LIVED_EXPERIENCE_MODES = ("different", "similar")
COMPONENTS = (
    "text",
    "topics",
    "seniority",
    "availability",
    "meeting_mode",
    "place",
    "lived_experience",
    "preferences",
)
NEUTRAL = 0.5
#: Largest categorical table expanded to every column (see ``ScoreModel._categorical``).
CATEGORICAL_BYTES = 256 * 2**20


def _emails(values: Iterable[str]) -> frozenset[str]:
    return frozenset(v.strip().casefold() for v in values if v and v.strip())


@dataclass(frozen=True, slots=True)
class Profile:
    """What the engine knows about one participant. Sets are normalised on creation."""

    id: str
    side: str  # "aspiring" or "established"
    email: str
    organisation: str = ""
    level: int | None = None  # from bands.seniority_level
    place: str = ""
    line_manager_email: str = ""
    aspirations: str = ""
    experience: str = ""
    topics: frozenset[str] = frozenset()
    availability: frozenset[tuple[str, str]] = frozenset()  # (weekday, period)
    meeting_modes: frozenset[str] = frozenset()
    avoid_emails: frozenset[str] = frozenset()
    lived_experience: frozenset[str] = frozenset()  # only with explicit matching consent
    preferred_emails: frozenset[str] = frozenset()
    capacity: int = 1  # partners this person may take (read for the established side)
    name: str = ""  # how explanations for the programme team name this person (else ``id``)

    def __post_init__(self) -> None:
        def put(name: str, value: object) -> None:
            object.__setattr__(self, name, value)

        if self.side not in SIDES:
            raise ValueError(f"{self.id}: side must be one of {SIDES}, got {self.side!r}")
        put("email", self.email.strip().casefold())
        put("line_manager_email", (self.line_manager_email or "").strip().casefold())
        put("topics", frozenset(t.strip().casefold() for t in self.topics if t.strip()))
        slots = frozenset(
            (d.strip().casefold()[:3], p.strip().casefold()) for d, p in self.availability
        )
        bad = [s for s in slots if s[0] not in WEEKDAYS or s[1] not in PERIODS]
        if bad:
            raise ValueError(f"{self.id}: availability {sorted(bad)} not (weekday, period)")
        put("availability", slots)
        modes = frozenset(
            m.strip().casefold().replace("-", "_").replace(" ", "_") for m in self.meeting_modes
        )
        if modes - set(MODES):
            raise ValueError(f"{self.id}: meeting modes {sorted(modes - set(MODES))} unknown")
        put("meeting_modes", modes)
        put("avoid_emails", _emails(self.avoid_emails))
        put("preferred_emails", _emails(self.preferred_emails))
        put(
            "lived_experience",
            frozenset(x.strip().casefold() for x in self.lived_experience if x.strip()),
        )
        if self.capacity < 0:
            raise ValueError(f"{self.id}: capacity must not be negative")


@dataclass(frozen=True, slots=True)
class Weights:
    """Per-cohort weights (any non-negative numbers; only their ratios matter) and targets."""

    text: float = 3.0
    topics: float = 2.0
    seniority: float = 2.0
    availability: float = 1.5
    meeting_mode: float = 1.0
    place: float = 0.5
    lived_experience: float = 0.0  # switch on only for programmes that match on it
    preferences: float = 1.0
    target_gap: int = 2  # ideal band steps from aspiring up to established
    gap_tolerance: float = 3.0  # steps away from the target at which the score reaches 0
    slots_wanted: int = 2  # common free slots that count as "easy to meet"
    # "different": pairs bringing each other different lived experience score higher;
    # "similar": pairs who share it score higher (schemes for under-represented staff often
    # want shared experience on one axis and a difference in seniority on another).
    lived_experience_mode: str = "different"

    def __post_init__(self) -> None:
        values = self.vector()
        if np.any(~np.isfinite(values)) or np.any(values < 0) or values.sum() <= 0:
            raise ValueError("weights must be finite, non-negative and not all zero")
        if self.gap_tolerance <= 0 or self.slots_wanted < 1:
            raise ValueError("gap_tolerance must be positive and slots_wanted at least 1")
        if self.lived_experience_mode not in LIVED_EXPERIENCE_MODES:
            raise ValueError(
                f"lived_experience_mode must be one of {LIVED_EXPERIENCE_MODES}, "
                f"got {self.lived_experience_mode!r}"
            )

    def vector(self) -> np.ndarray:
        return np.array([getattr(self, name) for name in COMPONENTS], dtype=np.float64)

    @classmethod
    def from_mapping(cls, values: dict[str, float]) -> Weights:
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"unknown weight(s): {sorted(unknown)}")
        return cls(**values)


def _one_hot(sets: Sequence[frozenset], vocabulary: dict) -> np.ndarray:
    out = np.zeros((len(sets), max(len(vocabulary), 1)), dtype=np.float32)
    for i, items in enumerate(sets):
        for item in items:
            out[i, vocabulary[item]] = 1.0
    return out


def _vocabulary(*groups: Sequence[frozenset]) -> dict:
    items = sorted({x for group in groups for s in group for x in s}, key=str)
    return {x: i for i, x in enumerate(items)}


@dataclass(slots=True)
class _Side:
    aspirations: sp.csr_array
    experience: sp.csr_array
    topics: np.ndarray
    topic_count: np.ndarray
    slots: np.ndarray
    slot_known: np.ndarray
    modes: np.ndarray
    in_person: np.ndarray
    place: np.ndarray
    lived: np.ndarray
    lived_count: np.ndarray
    level: np.ndarray
    level_code: np.ndarray
    mode_code: np.ndarray
    place_code: np.ndarray
    emails: list[str] = field(default_factory=list)


class ScoreModel:
    """Scores between ``rows`` (usually aspiring) and ``cols`` (usually established) people."""

    def __init__(
        self, rows: Sequence[Profile], cols: Sequence[Profile], weights: Weights | None = None
    ) -> None:
        self.rows, self.cols = list(rows), list(cols)
        self.weights = weights or Weights()
        everyone = self.rows + self.cols
        texts = [p.aspirations or "" for p in everyone] + [p.experience or "" for p in everyone]
        self._tfidf: TfidfVectorizer | None = None
        self._names: np.ndarray | None = None
        # Fitted and applied in one go (tokenising 50,000 people's texts twice cost seconds);
        # rows of ``vectors`` follow ``texts``: everyone's aspirations, then their experience.
        vectors = sp.csr_array((len(texts), 1), dtype=np.float32)
        if any(t.strip() for t in texts):
            self._analyser = Analyser()
            self._tfidf = TfidfVectorizer(
                analyzer=self._analyser, sublinear_tf=True, dtype=np.float32
            )
            try:
                vectors = sp.csr_array(self._tfidf.fit_transform(texts))
            except ValueError:  # only stop words
                self._tfidf = None
        topic_vocab = _vocabulary([p.topics for p in everyone])
        slot_vocab = {
            (d, p): i * len(PERIODS) + j
            for i, d in enumerate(WEEKDAYS)
            for j, p in enumerate(PERIODS)
        }
        mode_vocab = {m: i for i, m in enumerate(MODES)}
        lived_vocab = _vocabulary([p.lived_experience for p in everyone])
        places = {
            x: i
            for i, x in enumerate(
                sorted({p.place.strip().casefold() for p in everyone if p.place.strip()})
            )
        }

        # Categorical components become small tables indexed by per-person codes.
        levels = sorted({p.level for p in everyone if p.level is not None})
        level_codes: dict[int | None, int] = {lv: i for i, lv in enumerate(levels)}
        level_codes[None] = len(levels)
        known = np.array(levels + [np.nan], dtype=np.float64)
        gap = known[None, :] - known[:, None]
        table = np.clip(
            1.0 - np.abs(gap - self.weights.target_gap) / self.weights.gap_tolerance, 0.0, 1.0
        )
        self._seniority_table = np.where(np.isnan(gap), NEUTRAL, table).astype(np.float32)
        bits = np.arange(1 << len(MODES))
        self._mode_table = ((bits[:, None] & bits[None, :]) > 0).astype(np.float32)

        def modes_of(p: Profile) -> bool:
            return not p.meeting_modes or "in_person" in p.meeting_modes

        def place_of(p: Profile) -> int:
            return places.get(p.place.strip().casefold(), -1)

        place_codes = {
            (ip, pl): i
            for i, (ip, pl) in enumerate(
                (ip, pl) for ip in (False, True) for pl in [-1, *places.values()]
            )
        }
        table = np.full((len(place_codes), len(place_codes)), NEUTRAL, dtype=np.float32)
        for (ip_a, pl_a), i in place_codes.items():
            for (ip_b, pl_b), j in place_codes.items():
                if ip_a and ip_b:
                    table[i, j] = float(pl_a == pl_b and pl_a >= 0)
        self._place_table = table

        def side(people: list[Profile], first: int) -> _Side:
            topics = _one_hot([p.topics for p in people], topic_vocab)
            slots = _one_hot([p.availability for p in people], slot_vocab)
            lived = _one_hot([p.lived_experience for p in people], lived_vocab)
            # No stated mode means "any mode".
            modes = _one_hot([p.meeting_modes or frozenset(MODES) for p in people], mode_vocab)
            return _Side(
                aspirations=vectors[first : first + len(people)],
                experience=vectors[len(everyone) + first : len(everyone) + first + len(people)],
                topics=topics,
                topic_count=topics.sum(axis=1),
                slots=slots,
                slot_known=slots.any(axis=1),
                modes=modes,
                in_person=modes[:, mode_vocab["in_person"]] > 0,
                place=np.array(
                    [places.get(p.place.strip().casefold(), -1) for p in people], dtype=np.int64
                ),
                lived=lived,
                lived_count=lived.sum(axis=1),
                level=np.array(
                    [np.nan if p.level is None else p.level for p in people], dtype=np.float64
                ),
                level_code=np.array([level_codes[p.level] for p in people], dtype=np.int64),
                mode_code=(modes.astype(np.int64) @ (1 << np.arange(len(MODES)))),
                place_code=np.array(
                    [place_codes[(modes_of(p), place_of(p))] for p in people], dtype=np.int64
                ),
                emails=[p.email for p in people],
            )

        self._r, self._c = side(self.rows, 0), side(self.cols, len(self.rows))
        col_index = {e: j for j, e in enumerate(self._c.emails)}
        row_index = {e: i for i, e in enumerate(self._r.emails)}
        pr = [
            (i, col_index[e])
            for i, p in enumerate(self.rows)
            for e in p.preferred_emails
            if e in col_index
        ]
        pc = [
            (row_index[e], j)
            for j, p in enumerate(self.cols)
            for e in p.preferred_emails
            if e in row_index
        ]
        shape = (len(self.rows), len(self.cols))
        self._pref = (
            sp.csr_array((np.ones(len(pr), np.float32), tuple(np.array(pr).T)), shape=shape)
            if pr
            else sp.csr_array(shape, dtype=np.float32)
        )
        self._pref += (
            sp.csr_array((np.ones(len(pc), np.float32), tuple(np.array(pc).T)), shape=shape)
            if pc
            else sp.csr_array(shape, dtype=np.float32)
        )
        self._wv = self.weights.vector() / self.weights.vector().sum()
        self._scratch: np.ndarray | None = None
        self._buffers: tuple[np.ndarray, np.ndarray] | None = None

        # Seniority, meeting mode and place as one weighted table over combined codes.
        def combined(side: _Side) -> tuple[np.ndarray, np.ndarray]:
            keys = np.stack([side.level_code, side.mode_code, side.place_code], axis=1)
            if keys.shape[0] == 0:
                return np.empty((0, 3), dtype=np.int64), np.empty(0, dtype=np.int64)
            unique, inverse = np.unique(keys, axis=0, return_inverse=True)
            return unique, inverse.ravel().astype(np.int64)

        row_keys, self._cat_rows = combined(self._r)
        col_keys, self._cat_cols = combined(self._c)
        table = np.zeros((row_keys.shape[0], col_keys.shape[0]))
        for index, lookup, at in (
            (2, self._seniority_table, 0),
            (4, self._mode_table, 1),
            (5, self._place_table, 2),
        ):
            if self._wv[index] > 0:
                part = lookup[row_keys[:, at]][:, col_keys[:, at]].astype(np.float64)
                table += self._wv[index] * part
        self._cat_table = table
        self._cat_expanded: np.ndarray | None = None

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), len(self.cols)

    # ---- components over a block of rows --------------------------------------------------
    def _components(self, lo: int, hi: int) -> Iterable[tuple[int, np.ndarray]]:
        """(component index, (hi-lo) x n_cols float32 matrix), one at a time to save memory.

        Every yielded matrix lives in one of two reused buffers and is only valid until the
        next one is requested: at 10,000 a side, allocating fresh 40 MB arrays for each
        component cost more in page faults than computing them.
        """
        r, c, w = self._r, self._c, self.weights
        sl = slice(lo, hi)
        shape = (hi - lo, len(self.cols))
        if self._buffers is None or self._buffers[0].shape[0] < shape[0]:
            self._buffers = (np.empty(shape, np.float32), np.empty(shape, np.float32))
        one, two = (b[: shape[0]] for b in self._buffers)

        # Both directions of "what one hopes to learn meets what the other has done".
        sp.csr_array(r.aspirations[sl] @ c.experience.T).toarray(out=one)
        sp.csr_array(r.experience[sl] @ c.aspirations.T).toarray(out=two)
        one += two
        one *= np.float32(0.5)
        yield 0, one

        np.matmul(r.topics[sl], c.topics.T, out=one)  # shared topics
        np.add(r.topic_count[sl, None], c.topic_count[None, :], out=two)
        two -= one
        # An empty union has an empty intersection, so dividing by 1 there gives 0.
        np.maximum(two, np.float32(1), out=two)
        one /= two
        yield 1, one

        np.matmul(r.slots[sl], c.slots.T, out=one)  # common free slots
        np.minimum(one, np.float32(w.slots_wanted), out=one)
        one /= np.float32(w.slots_wanted)
        one[~r.slot_known[sl]] = NEUTRAL
        one[:, ~c.slot_known] = NEUTRAL
        yield 3, one

        if self._wv[6] > 0:
            np.matmul(r.lived[sl], c.lived.T, out=one)
            union = r.lived_count[sl, None] + c.lived_count[None, :] - one
            known = (r.lived_count[sl, None] > 0) & (c.lived_count[None, :] > 0)
            shared = one if w.lived_experience_mode == "similar" else union - one
            np.divide(shared, union, out=two, where=known)
            two[~known] = NEUTRAL
            yield 6, two

        if self._pref.nnz:
            sp.csr_array(self._pref[sl]).toarray(out=one)
            one *= np.float32(0.5)
        else:
            one.fill(0.0)
        yield 7, one

    def _categorical(self, lo: int, hi: int, out: np.ndarray) -> None:
        """Seniority, meeting mode and place, weighted and summed, for rows ``lo:hi``.

        They depend only on a few codes per person, so their weighted sum is one small table
        over combined codes; gathering whole rows of it (pre-expanded to every column when
        that fits in :data:`CATEGORICAL_BYTES`) is a memory copy, not three gathers.
        """
        codes = self._cat_rows[lo:hi]
        if self._cat_table.shape[0] * len(self.cols) * 8 <= CATEGORICAL_BYTES:
            if self._cat_expanded is None:
                self._cat_expanded = self._cat_table[:, self._cat_cols]
            np.take(self._cat_expanded, codes, axis=0, out=out, mode="clip")  # unbuffered
        else:
            np.take(self._cat_table[codes], self._cat_cols, axis=1, out=out, mode="clip")

    def block(self, lo: int, hi: int, out: np.ndarray | None = None) -> np.ndarray:
        """Scores of rows ``lo:hi`` against every column, float64 (into ``out`` if given)."""
        if out is None:
            out = np.empty((hi - lo, len(self.cols)), dtype=np.float64)
        self._categorical(lo, hi, out)
        # One scratch buffer per model: a fresh 80 MB temporary per component costs more in
        # page faults than the arithmetic itself.
        if self._scratch is None or self._scratch.shape[0] < hi - lo:
            self._scratch = np.empty((hi - lo, len(self.cols)), dtype=np.float64)
        scratch = self._scratch[: hi - lo]
        for index, values in self._components(lo, hi):
            if self._wv[index] > 0:
                np.multiply(values, self._wv[index], out=scratch)
                out += scratch
        return out

    def matrix(self, block: int = 1024, progress: Callable[[float], None] | None = None):
        """The full score matrix (rows x cols), float64; ``progress`` gets the fraction done."""
        n_rows = self.shape[0]
        out = np.empty(self.shape, dtype=np.float64)
        for lo in range(0, n_rows, block):
            hi = min(lo + block, n_rows)
            self.block(lo, hi, out[lo:hi])
            if progress is not None:
                progress(hi / n_rows)
        self._scratch = self._buffers = self._cat_expanded = None
        return out

    # ---- single pairs, for explanations ---------------------------------------------------
    def components(self, rows: Sequence[int], cols: Sequence[int]) -> dict[str, np.ndarray]:
        """Each component for the given (row, col) pairs, recomputed without any big matrix."""
        ri, ci = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        out: dict[str, np.ndarray] = {}
        if ri.size == 0:
            return {name: np.empty(0) for name in COMPONENTS}
        for index, values in self._pair_components(ri, ci):
            out[COMPONENTS[index]] = values.astype(np.float64)
        return out

    def _pair_components(self, ri: np.ndarray, ci: np.ndarray) -> Iterable[tuple[int, np.ndarray]]:
        r, c, w = self._r, self._c, self.weights
        text = np.asarray(r.aspirations[ri].multiply(c.experience[ci]).sum(axis=1)).ravel()
        text = text + np.asarray(c.aspirations[ci].multiply(r.experience[ri]).sum(axis=1)).ravel()
        yield 0, text * 0.5
        inter = (r.topics[ri] * c.topics[ci]).sum(axis=1)
        union = r.topic_count[ri] + c.topic_count[ci] - inter
        yield 1, np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
        gap = c.level[ci] - r.level[ri]
        seniority = np.clip(1.0 - np.abs(gap - w.target_gap) / w.gap_tolerance, 0.0, 1.0)
        yield 2, np.where(np.isnan(gap), NEUTRAL, seniority)
        common = (r.slots[ri] * c.slots[ci]).sum(axis=1)
        avail = np.minimum(common, w.slots_wanted) / w.slots_wanted
        yield 3, np.where(r.slot_known[ri] & c.slot_known[ci], avail, NEUTRAL)
        yield 4, np.minimum((r.modes[ri] * c.modes[ci]).sum(axis=1), 1.0)
        both = r.in_person[ri] & c.in_person[ci]
        same = (r.place[ri] == c.place[ci]) & (c.place[ci] >= 0)
        yield 5, np.where(both, same.astype(np.float64), NEUTRAL)
        inter = (r.lived[ri] * c.lived[ci]).sum(axis=1)
        union = r.lived_count[ri] + c.lived_count[ci] - inter
        known = (r.lived_count[ri] > 0) & (c.lived_count[ci] > 0)
        shared = inter if w.lived_experience_mode == "similar" else union - inter
        yield 6, np.divide(shared, union, out=np.full_like(inter, NEUTRAL), where=known)
        yield 7, np.asarray(self._pref[ri, ci]).ravel() * 0.5

    def scores(self, rows: Sequence[int], cols: Sequence[int]) -> np.ndarray:
        """Total scores of the given pairs; equal to :meth:`matrix` cells up to float rounding."""
        parts = self.components(rows, cols)
        total = np.zeros(len(rows))
        for index, name in enumerate(COMPONENTS):
            if self._wv[index] > 0:
                total += self._wv[index] * parts[name].astype(np.float32).astype(np.float64)
        return total

    def shared_terms(
        self, rows: Sequence[int], cols: Sequence[int], limit: int = 2
    ) -> list[list[str]]:
        """Words carrying the text match of each (row, col) pair, strongest first.

        One sparse product for all pairs: per-pair calls cost ~1 ms each, 10 s at 10,000.
        """
        if self._tfidf is None or len(rows) == 0:
            return [[] for _ in range(len(rows))]
        if self._names is None:
            self._names = self._tfidf.get_feature_names_out()
        r, c = self._r, self._c
        ri, ci = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        weight = sp.csr_array(
            r.aspirations[ri].multiply(c.experience[ci])
            + c.aspirations[ci].multiply(r.experience[ri])
        )
        out: list[list[str]] = []
        for k in range(weight.shape[0]):
            lo, hi = weight.indptr[k], weight.indptr[k + 1]
            data, idx = weight.data[lo:hi], weight.indices[lo:hi]
            top = np.argsort(-data, kind="stable")[:limit]
            out.append([self._analyser.show(str(self._names[idx[t]])) for t in top if data[t] > 0])
        return out
