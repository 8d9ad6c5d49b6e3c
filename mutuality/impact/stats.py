"""Statistics on raw answers: summaries, paired change, meeting rhythm and attendance.

Nothing here is fit to show as it stands. These functions see true counts, and their results
go through :mod:`mutuality.impact.report`, which applies disclosure control before anything
reaches a screen, a chart or a PDF. Keeping the arithmetic apart from the disclosure rules
lets each be tested on its own: the statistics against values worked out by hand, the report
against the thresholds.

Missing answers (``None``) are left out everywhere: someone who skipped a question is not a
respondent to it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from scipy import stats as scipy_stats

from .instrument import (
    LIKERT_AGREE,
    LIKERT_DISAGREE,
    LIKERT_MAX,
    LIKERT_MIN,
    LIKERT_NEUTRAL,
)

CONFIDENCE = 0.95


@dataclass(frozen=True, slots=True)
class LikertSummary:
    """One five-point item at one wave: ``counts[0]`` is "strongly disagree", ``counts[4]``
    "strongly agree"; shares are fractions of ``n`` (``None`` when nobody answered)."""

    counts: tuple[int, int, int, int, int]
    n: int
    agree: int
    neutral: int
    disagree: int

    @property
    def share_agree(self) -> float | None:
        return self.agree / self.n if self.n else None

    @property
    def share_neutral(self) -> float | None:
        return self.neutral / self.n if self.n else None

    @property
    def share_disagree(self) -> float | None:
        return self.disagree / self.n if self.n else None


def _present[T](answers: Iterable[T | None]) -> list[T]:
    return [answer for answer in answers if answer is not None]


def likert_summary(answers: Iterable[int | None]) -> LikertSummary:
    """Counts per level, and the agreeing (4 or 5), neutral (3) and disagreeing (1 or 2)."""
    given = _present(answers)
    for answer in given:
        if isinstance(answer, bool) or answer not in range(LIKERT_MIN, LIKERT_MAX + 1):
            raise ValueError(f"a five-point answer is a whole number from 1 to 5, not {answer!r}")
    tally = Counter(given)
    counts = tuple(tally[level] for level in range(LIKERT_MIN, LIKERT_MAX + 1))
    return LikertSummary(
        counts=counts,  # type: ignore[arg-type]
        n=len(given),
        agree=sum(tally[level] for level in LIKERT_AGREE),
        neutral=sum(tally[level] for level in LIKERT_NEUTRAL),
        disagree=sum(tally[level] for level in LIKERT_DISAGREE),
    )


@dataclass(frozen=True, slots=True)
class ShareChange:
    """The share giving a positive answer at two waves, each of whoever answered then.

    The two groups need not be the same people (unpaired), which is what a sentence such as
    "up from 40% at baseline" describes; :func:`paired_change` is the comparison of the same
    people.
    """

    before_n: int
    before_positive: int
    after_n: int
    after_positive: int

    @property
    def before_share(self) -> float | None:
        return self.before_positive / self.before_n if self.before_n else None

    @property
    def after_share(self) -> float | None:
        return self.after_positive / self.after_n if self.after_n else None

    @property
    def difference(self) -> float | None:
        """Change in the share, as a fraction (0.45 is 45 percentage points)."""
        if self.before_share is None or self.after_share is None:
            return None
        return self.after_share - self.before_share


def share_change(
    before: Iterable[Hashable | None],
    after: Iterable[Hashable | None],
    positive: Iterable[Hashable] = LIKERT_AGREE,
) -> ShareChange:
    """How many gave one of the ``positive`` answers at each wave, out of how many answered."""
    wanted = frozenset(positive)
    given_before = _present(before)
    given_after = _present(after)
    return ShareChange(
        before_n=len(given_before),
        before_positive=sum(answer in wanted for answer in given_before),
        after_n=len(given_after),
        after_positive=sum(answer in wanted for answer in given_after),
    )


def pair_answers[K: Hashable](
    before: Mapping[K, float | None], after: Mapping[K, float | None]
) -> tuple[list[float], list[float]]:
    """The answers of the people who answered at both waves, in the same order.

    Keyed by whatever identifies a respondent (a participant's primary key); people are
    sorted by key so that the same answers always give the same pairs.
    """
    both = sorted(
        (
            key
            for key in before.keys() & after.keys()
            if before[key] is not None and after[key] is not None
        ),
        key=repr,
    )
    return [float(before[key]) for key in both], [float(after[key]) for key in both]  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class PairedChange:
    """Change in the same people's scores from one wave to a later one.

    ``d_z`` is Cohen's effect size for paired data, the mean change divided by the standard
    deviation of the changes. Figures that cannot be worked out are ``None`` and ``note`` says
    why, in words fit for a report: too few pairs, or everyone changing by the same amount.
    """

    n: int
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None
    sd_change: float | None
    d_z: float | None
    ci_low: float | None
    ci_high: float | None
    d_z_low: float | None
    d_z_high: float | None
    p_value: float | None
    note: str | None = None


def paired_change(
    before: Sequence[float], after: Sequence[float], confidence: float = CONFIDENCE
) -> PairedChange:
    """Mean change, its confidence interval, the effect size and a signed-rank test.

    Methods, chosen to suit short ordinal scales answered by tens of people:

    * the confidence interval for the mean change uses Student's t distribution with n - 1
      degrees of freedom: mean ± t × SD / √n;
    * the effect size is d_z = mean change / SD of the changes (sample SD, n - 1), and its
      interval is the normal approximation with standard error √(1/n + d_z² / 2n), which is
      adequate for reporting and simple to check by hand (it is a little narrow below about
      ten pairs, and the report shows nothing for fewer than ten anyway);
    * the p-value is the two-sided Wilcoxon signed-rank test, which does not assume the
      changes are normally distributed. Pairs with no change are dropped (Wilcoxon's own
      method). The exact distribution is used when there are at most 50 non-zero changes and
      no ties among their sizes; otherwise the normal approximation with the tie correction
      and no continuity correction, because with tied ranks the exact tables do not apply,
      and Likert changes are nearly always tied.

    Fewer than two pairs give means only; when every change is the same the effect size is
    undefined (there is no spread to divide by) and is left out rather than reported as
    infinite.
    """
    if len(before) != len(after):
        raise ValueError("paired answers need the same number of values before and after")
    n = len(before)
    if n == 0:
        return PairedChange(0, *([None] * 10), note="Nobody answered at both points.")
    changes = [b - a for a, b in zip(before, after, strict=True)]
    mean_before = sum(before) / n
    mean_after = sum(after) / n
    mean_change = sum(changes) / n
    if n < 2:
        return PairedChange(
            n,
            mean_before,
            mean_after,
            mean_change,
            *([None] * 7),
            note="Too few people answered at both points to estimate the change.",
        )
    sd = math.sqrt(sum((c - mean_change) ** 2 for c in changes) / (n - 1))
    t = float(scipy_stats.t.ppf((1 + confidence) / 2, n - 1))
    half_width = t * sd / math.sqrt(n)
    ci_low, ci_high = mean_change - half_width, mean_change + half_width
    p_value = _signed_rank_p(changes)
    if sd == 0:
        note = (
            "Nobody's answer changed, so there is no change to test."
            if mean_change == 0
            else "Everyone's answer changed by the same amount, so the effect size is not defined."
        )
        return PairedChange(
            n,
            mean_before,
            mean_after,
            mean_change,
            0.0,
            None,
            ci_low,
            ci_high,
            None,
            None,
            p_value,
            note=note,
        )
    d_z = mean_change / sd
    z = float(scipy_stats.norm.ppf((1 + confidence) / 2))
    d_se = math.sqrt(1 / n + d_z**2 / (2 * n))
    return PairedChange(
        n,
        mean_before,
        mean_after,
        mean_change,
        sd,
        d_z,
        ci_low,
        ci_high,
        d_z - z * d_se,
        d_z + z * d_se,
        p_value,
    )


def _signed_rank_p(changes: Sequence[float]) -> float | None:
    """Two-sided Wilcoxon signed-rank p-value, or ``None`` when every change is zero."""
    nonzero = [c for c in changes if c != 0]
    if not nonzero:
        return None
    sizes = [abs(c) for c in nonzero]
    exact = len(nonzero) <= 50 and len(set(sizes)) == len(sizes)
    result = scipy_stats.wilcoxon(
        nonzero, zero_method="wilcox", correction=False, method="exact" if exact else "approx"
    )
    return float(result.pvalue)


type Month = tuple[int, int]
"""A calendar month as (year, month)."""


def month_of(day: date) -> Month:
    return (day.year, day.month)


def months_between(first: Month, last: Month) -> list[Month]:
    """Every calendar month from ``first`` to ``last`` inclusive."""
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def meetings_per_month(
    dates: Iterable[date], start: date | None = None, end: date | None = None
) -> dict[Month, int]:
    """How many meetings were logged in each month, months with none included as zero.

    The range runs from ``start`` (or the first meeting) to ``end`` (or the last), so a quiet
    month in the middle of a programme shows as a dip rather than vanishing from the chart.
    """
    tally = Counter(month_of(day) for day in dates)
    if not tally and (start is None or end is None):
        return {}
    first = month_of(start) if start else min(tally)
    last = month_of(end) if end else max(tally)
    return {month: tally[month] for month in months_between(first, last)}


def meetings_per_pair_per_month(meetings: int, pairs: int, months: int) -> float | None:
    """The average meeting rhythm of a cohort: meetings ÷ pairs ÷ months (``None`` if either
    is zero). One meeting per pair per month is the usual expectation in reciprocal
    mentoring, so the figure reads directly against it."""
    if pairs <= 0 or months <= 0:
        return None
    return meetings / pairs / months


def months_spanned(start: date, end: date) -> int:
    """How many months a pair was together, counted in whole and part months as a pair
    keeping a monthly rhythm would count them: 1 February to 31 July is six; any span of a
    day or more counts at least one."""
    if end < start:
        return 0
    days = (end - start).days + 1
    return max(1, round(days / 30.44))


def met_at_least_monthly(meetings: int, start: date, end: date) -> bool:
    """Whether a pair met at least once a month on average over its time together: at least
    as many meetings logged as months spanned."""
    months = months_spanned(start, end)
    return months > 0 and meetings >= months


def attendance_rate(attended: int, expected: int) -> float | None:
    """The fraction of those expected at a session who came (``None`` if nobody was)."""
    if attended < 0 or expected < 0 or attended > expected:
        raise ValueError("attendance needs 0 <= attended <= expected")
    return attended / expected if expected else None
