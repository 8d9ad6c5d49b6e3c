"""The identifying-detail check: each rule on both sides, overlaps, redaction, determinism."""

from __future__ import annotations

import pytest

from mutuality.themes import Context, Flag, JobTitle, Organisation, check, redact

from .corpus import TEXTS

CONTEXT = Context(
    people=["Priya Raman", "Amara Okafor", "Tom Hope", "Grace White", "J Bell"],
    organisations=[
        Organisation("Dalesbridge Hospice", ("DBH",), members=3),
        Organisation("Northmoor General Hospital", ("Northmoor General", "NGH"), members=40),
        Organisation("Fernlow Community Trust"),
    ],
    job_titles={
        "Chief Nursing Information Officer": 1,
        "Freedom to Speak Up Guardian": 9,
        "Healthcare Assistant": 10,
        "matron": 25,
        "Head of Nursing": 12,
    },
    corpus=TEXTS,
)


def rules(text: str, context: Context = CONTEXT) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in check(text, context)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Priya said the rota was fixed.", [("person", "Priya")]),
        ("It was Amara's idea.", [("person", "Amara")]),
        ("it was amara’s idea.", [("person", "amara")]),
        ("The mentor, Priya Raman, listened.", [("person", "Priya Raman")]),
        ("OKAFOR raised it.", [("person", "OKAFOR")]),
        (
            "Then Grace agreed that White colleagues said nothing.",
            [("person", "Grace"), ("person", "White")],
        ),
        ("It was raised by Hope.", [("person", "Hope")]),
    ],
)
def test_person_names_are_flagged(text, expected):
    assert rules(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "There is hope that white staff will listen.",  # everyday words in lower case
        "Hope is what keeps the network going.",  # capital only because it starts a sentence
        "White colleagues were quiet.",
        "Plan J was agreed.",  # initials are never matched alone
        "Tomorrow we meet.",
    ],
)
def test_near_misses_for_names_are_not_flagged(text):
    assert rules(text) == []


def test_a_longer_name_is_not_the_cohort_member_but_is_still_a_name():
    [flag] = check("Priyanka said the rota was fixed.", CONTEXT)
    assert (flag.rule, flag.text) == ("name", "Priyanka")
    assert "in this cohort" not in flag.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to priya.raman@nhs.net for details.", "priya.raman@nhs.net"),
        ("Contact t.hope+ward@fernlow.nhs.uk", "t.hope+ward@fernlow.nhs.uk"),
    ],
)
def test_email_addresses_are_flagged_once_even_when_they_contain_a_name(text, expected):
    assert rules(text) == [("email", expected)]


def test_at_signs_that_are_not_addresses_are_not_flagged():
    assert rules("We met @ the hub; the address is on nhs.net somewhere.") == []


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "+447700900123",
        "+44 (0)7700 900 123",
        "0113 496 0000",
        "01134960000",
        "020 7946 0000",
        "+44 20 7946 0000",
        "0044 113 496 0000",
        "(0113) 496 0000",
        "0300 123 4567",
        "ext 4412",
        "Ext. 30412",
    ],
)
def test_uk_phone_numbers_are_flagged(number):
    assert rules(f"Call {number} today.") == [("phone", number)]


@pytest.mark.parametrize(
    "text",
    [
        "Targets for 2023/24 and 2024/25 were missed.",
        "A 0.5 WTE post at Band 7 for 10 000 staff.",
        "The NHS number 485 777 3456 is not a phone number.",
        "Call 0770 090 012 is too short to be a mobile.",
        "Only 12 of 140 applicants were shortlisted.",
        "Budget code 077009001234 is too long.",
    ],
)
def test_numbers_that_are_not_phone_numbers_are_not_flagged(text):
    assert rules(text) == []


def test_job_titles_are_flagged_below_the_group_size_only():
    assert rules("Our Freedom to Speak Up Guardian listened.") == [
        ("job_title", "Freedom to Speak Up Guardian")
    ]
    # Ten holders is the group size itself: not flagged. Twenty-five matrons: not flagged.
    assert rules("A healthcare assistant and two matrons spoke up.") == []


def test_a_longer_rare_title_wins_over_a_shorter_one_inside_it():
    [flag] = check("The Chief Nursing Information Officer disagreed.", CONTEXT)
    assert flag.rule == "job_title"
    assert flag.message == (
        "Job title held by fewer than 10 people: 'Chief Nursing Information Officer'"
    )


def test_group_size_is_configurable():
    strict = Context(job_titles={"matron": 25}, min_group_size=30)
    assert rules("Two matrons spoke up.", strict) == [("job_title", "matrons")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our Director of Nursing stayed late.", "Director of Nursing"),
        ("The Chief People Officer replied.", "Chief People Officer"),
        ("the chief executive came to the lab.", "chief executive"),
        (
            "An Associate Director of Estates and Facilities said no.",
            "Associate Director of Estates and Facilities",
        ),
    ],
)
def test_senior_roles_are_flagged(text, expected):
    assert rules(text) == [("senior_role", expected)]


def test_senior_role_held_by_enough_people_and_lower_case_phrases_are_not_flagged():
    # The context says twelve people hold "Head of Nursing" across the system.
    assert rules("Our Head of Nursing stayed late.") == []
    assert rules("She went head of department for the day; the director of the play.") == []


def test_small_organisation_is_flagged_alone():
    assert rules("At Dalesbridge Hospice, nobody takes a break.") == [
        ("organisation", "Dalesbridge Hospice")
    ]
    assert rules("At DBH, nobody takes a break.") == [("organisation", "DBH")]


def test_large_or_unknown_organisation_alone_is_not_flagged():
    assert rules("At Northmoor General Hospital, nobody takes a break.") == []
    assert rules("At Fernlow Community Trust, nobody takes a break.") == []
    # A short alias is matched only as written, so an ordinary word is left alone.
    assert rules("Staff at ngh level said so.") == []


def test_large_organisation_with_a_job_title_is_flagged():
    flags = check("A matron at Northmoor General said meetings overrun.", CONTEXT)
    assert [(f.rule, f.text) for f in flags] == [("organisation", "Northmoor General")]
    assert flags[0].message == (
        "Organisation named with a job title ('matron'), which together may point to a few "
        "people: 'Northmoor General'"
    )
    assert rules("The chief executive of Fernlow Community Trust said so.") == [
        ("senior_role", "chief executive"),
        ("organisation", "Fernlow Community Trust"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It happened on Ward 7B.", "Ward 7B"),
        ("He was told so on ward 7 last week.", "ward 7"),
        ("Nights on Rowan Ward are short-staffed.", "Rowan Ward"),
        ("The Heron Team was left out.", "Heron Team"),
        ("The Intensive Care Unit rota changed.", "Intensive Care Unit"),
    ],
)
def test_named_wards_units_and_teams_are_flagged(text, expected):
    assert rules(text) == [("ward", expected)]


def test_generic_team_names_and_lower_case_wards_are_not_flagged():
    assert rules("The Senior Leadership Team met. Our ward is busy; the team is kind.") == []
    assert rules("Every ward has 7 beds free at night.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It happened on 3 March.", "3 March"),
        ("It happened on 21st of September 2024.", "21st of September 2024"),
        ("It happened on March 3rd, 2024.", "March 3rd, 2024"),
        ("It happened on 3/3/24.", "3/3/24"),
        ("It happened on 14 Feb.", "14 Feb"),
    ],
)
def test_dates_of_specific_events_are_flagged(text, expected):
    assert rules(text) == [("date", expected)]


def test_months_periods_and_durations_are_not_flagged():
    assert rules("In March 2024 and again in May, for 3 months, in 2024/25.") == []
    assert rules("We may meet in 3 may-be sessions.") == []


def test_rare_proper_nouns_are_flagged_against_the_corpus():
    flags = check("We met at the Bluebell Café to plan the Kestrel project.", CONTEXT)
    assert [(f.rule, f.text) for f in flags] == [
        ("rare_phrase", "Bluebell Café"),
        ("rare_phrase", "Kestrel"),
    ]
    assert flags[1].message == (
        "Rare phrase, in no other theme and not an everyday word: 'Kestrel'"
    )


def test_rare_phrase_near_misses():
    # Used in another theme of the corpus ("Teams"); an everyday word; a sentence start;
    # lower case; three letters.
    assert rules("People on Teams felt Safe. Kestrels nest here. the kestrel. We met at Kew.") == []
    # Too small a corpus: the rule does not run at all.
    small = Context(corpus=TEXTS[:19])
    assert rules("We met at the Bluebell Café.", small) == []
    assert rules("We met at the Bluebell Café.", Context(corpus=TEXTS[:20])) == [
        ("rare_phrase", "Bluebell Café")
    ]


def test_rare_phrase_thresholds_and_the_text_itself():
    corpus = (*TEXTS, "The Kestrel project started.")
    assert rules("Plans for the Kestrel project.", Context(corpus=corpus)) == []
    loose = Context(corpus=corpus, rare_max_documents=1)
    assert rules("Plans for the Kestrel project.", loose) == [("rare_phrase", "Kestrel")]
    # A theme checked against a corpus that includes itself is not "in another theme".
    text = "Plans for the Osprey project."
    assert rules(text, Context(corpus=(*TEXTS, text))) == [("rare_phrase", "Osprey")]


def test_lower_case_rare_words_only_when_asked():
    text = "My cochlear implant was never mentioned."
    assert rules(text) == []
    assert rules(text, Context(corpus=TEXTS, rare_lowercase=True)) == [
        ("rare_phrase", "cochlear implant")
    ]


def test_overlapping_flags_keep_the_wider_and_redact_as_one():
    text = "Ask Tom Hope on Ward 7B, tom.hope@nhs.net, on 3 March."
    flags = check(text, CONTEXT)
    assert [(f.rule, f.text) for f in flags] == [
        ("person", "Tom Hope"),
        ("ward", "Ward 7B"),
        ("email", "tom.hope@nhs.net"),
        ("date", "3 March"),
    ]
    assert redact(text, flags) == "Ask [name] on [ward or team], [email address], on [date]."


def test_partly_overlapping_flags_become_one_placeholder():
    text = "Speak to Rowan Ward Sister today."
    flags = [
        Flag("ward", 9, 19, "Rowan Ward", "Names a ward"),
        Flag("job_title", 15, 26, "Ward Sister", "Job title"),
    ]
    assert redact(text, flags) == "Speak to [ward or team] today."


def test_redact_with_no_flags_changes_nothing():
    assert redact("Nothing here.", []) == "Nothing here."


def test_every_message_quotes_its_text():
    text = (
        "Priya at Dalesbridge Hospice (07700 900123, p.r@nhs.net) met the Director of Nursing "
        "on Rowan Ward on 3 March at the Bluebell Café; our Freedom to Speak Up Guardian came."
    )
    flags = check(text, CONTEXT)
    assert {f.rule for f in flags} == {
        "person",
        "organisation",
        "phone",
        "email",
        "senior_role",
        "ward",
        "date",
        "rare_phrase",
        "job_title",
    }
    for flag in flags:
        assert text[flag.start : flag.end] == flag.text
        assert flag.message.endswith(f": '{flag.text}'")


def test_result_is_deterministic():
    text = "Priya and Amara met the Director of Nursing at NGH on 3 March; call 07700 900123."
    first = check(text, CONTEXT)
    rebuilt = Context(
        people=list(reversed(CONTEXT.people)),
        organisations=list(reversed(CONTEXT.organisations)),
        job_titles=dict(reversed([(j.title, j.holders) for j in CONTEXT.job_titles])),
        corpus=CONTEXT.corpus,
    )
    assert check(text, CONTEXT) == first
    assert check(text, rebuilt) == first
    assert [f.start for f in first] == sorted(f.start for f in first)


def test_context_accepts_plain_lists_and_dicts():
    context = Context(people=["Ana Li"], organisations=["Big Trust"], job_titles={"matron": 3})
    assert context.job_titles == (JobTitle("matron", 3),)
    assert context.organisations == (Organisation("Big Trust"),)
    assert hash(context) == hash(
        Context(
            people=("Ana Li",),
            organisations=(Organisation("Big Trust"),),
            job_titles=(JobTitle("matron", 3),),
        )
    )
    with pytest.raises(ValueError, match="min_group_size"):
        Context(min_group_size=0)
