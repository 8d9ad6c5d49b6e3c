"""How a whole group answered: each answer is a count of people, so the count rules apply
(at least 8 giving it and 8 giving something else), on both sides of each threshold."""

from hypothesis import given
from hypothesis import strategies as st

from mutuality.disclosure import DisclosurePolicy, disclose_answers


def test_an_answer_given_by_eight_is_named_and_rounded():
    table = disclose_answers({"Agree": 8, "Did not agree": 12})
    assert [(r.label, r.cell.display) for r in table.rows] == [
        ("Agree", "10"),
        ("Did not agree", "10"),
    ]
    assert table.total.display == "20" and not table.notes


def test_an_answer_given_by_seven_is_not_named():
    table = disclose_answers({"Agree": 7, "Neutral": 9, "Did not agree": 12})
    assert "Agree" not in [r.label for r in table.rows]
    assert all(r.cell.value >= 10 for r in table.rows)


def test_nearly_everybody_giving_one_answer_is_withheld():
    # 8 of 15 others is fine; 13 agreeing and 7 not would reveal the 7.
    assert disclose_answers({"Agree": 13, "Did not agree": 7}).withheld
    assert not disclose_answers({"Agree": 12, "Did not agree": 8}).withheld


def test_a_stricter_cohort_hides_more():
    strict = DisclosurePolicy(min_count=11)
    assert disclose_answers({"Agree": 10, "Did not agree": 12}, strict).withheld


@given(st.dictionaries(st.sampled_from("ABCDE"), st.integers(0, 40), min_size=2))
def test_no_shown_line_stands_for_fewer_than_eight(counts):
    table = disclose_answers(counts)
    for row in table.rows:
        true = sum(counts[m] for m in row.members)
        rest = sum(counts.values()) - true
        assert true >= 8 and rest >= 8
        assert row.cell.value % 5 == 0 and row.cell.value >= 10
