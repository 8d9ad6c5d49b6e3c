"""Statistics on raw answers, checked against arithmetic done by hand (shown in comments)."""

from __future__ import annotations

from datetime import date

import pytest

from mutuality.impact.stats import (
    attendance_rate,
    likert_summary,
    meetings_per_month,
    meetings_per_pair_per_month,
    met_at_least_monthly,
    months_spanned,
    pair_answers,
    paired_change,
    share_change,
)


class TestLikertSummary:
    def test_counts_and_shares(self):
        # Levels 1, 2, 2, 3, 4, 4, 4, 5 and one skipped: n = 8.
        # Agree = three 4s + one 5 = 4 (share 4/8 = 0.5); neutral = 1 (0.125);
        # disagree = one 1 + two 2s = 3 (0.375).
        summary = likert_summary([1, 2, 2, 3, 4, 4, 4, 5, None])
        assert summary.counts == (1, 2, 1, 3, 1)
        assert (summary.n, summary.agree, summary.neutral, summary.disagree) == (8, 4, 1, 3)
        assert summary.share_agree == 0.5
        assert summary.share_neutral == 0.125
        assert summary.share_disagree == 0.375

    def test_nobody_answered(self):
        summary = likert_summary([None, None])
        assert summary.n == 0
        assert summary.share_agree is None

    @pytest.mark.parametrize("bad", [0, 6, True, 2.5])
    def test_answers_off_the_scale_are_refused(self, bad):
        with pytest.raises(ValueError):
            likert_summary([3, bad])


class TestPairedChange:
    def test_hand_computed_example(self):
        # Before 2, 3, 3, 4, 2; after 4, 4, 3, 5, 4. Changes 2, 1, 0, 1, 2.
        # Means: before 14/5 = 2.8, after 20/5 = 4.0, change 6/5 = 1.2.
        # Deviations from 1.2: 0.8, -0.2, -1.2, -0.2, 0.8; squares 0.64 + 0.04 + 1.44 + 0.04
        # + 0.64 = 2.8; variance 2.8/4 = 0.7; SD = sqrt(0.7) = 0.836660.
        # d_z = 1.2 / 0.836660 = 1.434274.
        # t(0.975, 4 df) = 2.776445; SE = 0.836660 / sqrt(5) = 0.374166;
        # half-width 2.776445 × 0.374166 = 1.038851; CI 0.161149 to 2.238851.
        # SE(d_z) = sqrt(1/5 + 1.434274² / 10) = sqrt(0.2 + 0.205714) = 0.636957;
        # 1.959964 × 0.636957 = 1.248413; CI 0.185861 to 2.682687.
        result = paired_change([2, 3, 3, 4, 2], [4, 4, 3, 5, 4])
        assert result.n == 5
        assert result.mean_before == pytest.approx(2.8)
        assert result.mean_after == pytest.approx(4.0)
        assert result.mean_change == pytest.approx(1.2)
        assert result.sd_change == pytest.approx(0.836660, abs=1e-6)
        assert result.d_z == pytest.approx(1.434274, abs=1e-6)
        assert result.ci_low == pytest.approx(0.161149, abs=1e-5)
        assert result.ci_high == pytest.approx(2.238851, abs=1e-5)
        assert result.d_z_low == pytest.approx(0.185861, abs=1e-5)
        assert result.d_z_high == pytest.approx(2.682687, abs=1e-5)
        # Wilcoxon: the zero is dropped, leaving 2, 1, 1, 2: tied sizes, so the normal
        # approximation. Ranks 3.5, 1.5, 1.5, 3.5, all positive: T+ = 10.
        # Mean n(n+1)/4 = 5; variance n(n+1)(2n+1)/24 = 7.5, less the tie correction
        # (2³-2 + 2³-2)/48 = 0.25, gives 7.25. z = 5 / sqrt(7.25) = 1.856953;
        # two-sided p = 2 × (1 - Φ(1.856953)) = 0.063318.
        assert result.p_value == pytest.approx(0.063318, abs=1e-6)
        assert result.note is None

    def test_exact_signed_rank_when_no_ties(self):
        # Changes 1, 2, 3, 4, 5, all up: T- = 0, and only one of the 2⁵ = 32 equally likely
        # sign patterns is as extreme on each side, so p = 2/32 = 0.0625.
        result = paired_change([1, 1, 1, 1, 1], [2, 3, 4, 5, 6])
        assert result.p_value == pytest.approx(0.0625)

    def test_nobody_paired(self):
        result = paired_change([], [])
        assert result.n == 0
        assert result.mean_change is None
        assert result.note

    def test_one_pair_gives_means_only(self):
        result = paired_change([2], [4])
        assert (result.n, result.mean_change) == (1, 2.0)
        assert result.sd_change is None and result.ci_low is None and result.p_value is None
        assert result.note

    def test_nobody_changed(self):
        result = paired_change([3, 4, 2], [3, 4, 2])
        assert result.mean_change == 0
        assert result.sd_change == 0
        assert (result.ci_low, result.ci_high) == (0, 0)
        assert result.d_z is None and result.p_value is None
        assert "changed" in result.note

    def test_everyone_changed_by_the_same_amount(self):
        # Changes 1, 1, 1, 1: SD 0 so d_z is undefined; the interval collapses to 1 to 1.
        # Signed rank: ranks all 2.5, T+ = 10, mean 5, variance 7.5 - (4³-4)/48 = 6.25,
        # z = 5/2.5 = 2, p = 2 × (1 - Φ(2)) = 0.045500.
        result = paired_change([1, 2, 3, 4], [2, 3, 4, 5])
        assert result.d_z is None
        assert (result.ci_low, result.ci_high) == (1, 1)
        assert result.p_value == pytest.approx(0.045500, abs=1e-6)
        assert "same amount" in result.note

    def test_lengths_must_match(self):
        with pytest.raises(ValueError):
            paired_change([1, 2], [1])

    def test_pairing_by_respondent_skips_gaps(self):
        before = {"a": 2, "b": 3, "c": None, "d": 4}
        after = {"a": 4, "b": 3, "c": 5, "e": 1}
        assert pair_answers(before, after) == ([2.0, 3.0], [4.0, 3.0])


def test_share_change_unpaired():
    # Baseline: 2 of 5 agree (4 or 5) = 0.4; final: 3 of 4 = 0.75; up 0.35.
    change = share_change([1, 4, 2, 5, 3, None], [4, 4, 5, 2])
    assert (change.before_n, change.before_positive) == (5, 2)
    assert (change.after_n, change.after_positive) == (4, 3)
    assert change.before_share == 0.4
    assert change.after_share == 0.75
    assert change.difference == pytest.approx(0.35)
    assert share_change([], [4]).difference is None


def test_meetings_per_month_fills_quiet_months():
    dates = [date(2025, 11, 3), date(2025, 11, 20), date(2026, 1, 9)]
    assert meetings_per_month(dates) == {(2025, 11): 2, (2025, 12): 0, (2026, 1): 1}
    assert meetings_per_month(dates, start=date(2025, 10, 1), end=date(2025, 11, 30)) == {
        (2025, 10): 0,
        (2025, 11): 2,
    }
    assert meetings_per_month([]) == {}


def test_meeting_rhythm_and_attendance_rates():
    # 60 meetings by 10 pairs over 6 months: 60 / 10 / 6 = 1.0 a pair a month.
    assert meetings_per_pair_per_month(60, 10, 6) == 1.0
    assert meetings_per_pair_per_month(60, 0, 6) is None
    # 18 of 24 = 0.75.
    assert attendance_rate(18, 24) == 0.75
    assert attendance_rate(0, 0) is None
    with pytest.raises(ValueError):
        attendance_rate(5, 4)


def test_a_pair_meets_monthly_with_as_many_meetings_as_months():
    start, end = date(2026, 2, 1), date(2026, 7, 31)
    assert months_spanned(start, end) == 6
    assert met_at_least_monthly(6, start, end)
    assert not met_at_least_monthly(5, start, end)
    # A pair that ended after a fortnight counts one month; one meeting is enough.
    assert months_spanned(start, date(2026, 2, 14)) == 1
    assert met_at_least_monthly(1, start, date(2026, 2, 14))
    assert months_spanned(end, start) == 0
    assert not met_at_least_monthly(3, end, start)
