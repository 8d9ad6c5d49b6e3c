"""Names of people outside the cohort: each name rule on both sides, normalisation of hidden
characters, and the recall and false-positive floors on the labelled corpus."""

from __future__ import annotations

import pytest

from mutuality.themes import Context, check, redact
from mutuality.themes import names as rules
from mutuality.themes.normalise import normalise, strip_invisible

from .corpus import (
    ALL_NAME_CORPUS,
    HELD_OUT,
    score_names,
    unmark,
)

EMPTY = Context()


def names(text: str, context: Context = EMPTY) -> list[str]:
    return [f.text for f in check(text, context) if f.rule in ("person", "name")]


def found_by(rule, text: str) -> list[str]:
    found = normalise(text).text
    return [found[h.start : h.end] for h in rule(found, rules.tokens(found))]


# The demo's own theme, and the two reported as "nothing flagged".


def test_the_demo_theme_has_its_name_flagged_and_redacted():
    text = "Aaron on ward 7 was told his adjustments were a favour, not a right."
    flags = check(text, EMPTY)
    assert [(f.rule, f.text) for f in flags] == [("name", "Aaron"), ("ward", "ward 7")]
    assert flags[0].message == "Looks like a person's name: 'Aaron'"
    assert redact(text, flags) == (
        "[name] on [ward or team] was told his adjustments were a favour, not a right."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr Okonkwo waited months for a chair.", "[name] waited months for a chair."),
        ("Priya in payroll sorted it in a day.", "[name] in payroll sorted it in a day."),
    ],
)
def test_names_once_missed_are_now_redacted(text, expected):
    assert redact(text, check(text, EMPTY)) == expected


# titled_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr Okonkwo complained.", ["Mr Okonkwo"]),
        ("We met dr Chaudhry there.", ["dr Chaudhry"]),
        ("Ask Dr. A. Khan first.", ["Dr. A. Khan"]),
        ("Sister Adeyemi covers every gap.", ["Sister Adeyemi"]),
        ("Even Matron Hughes agreed.", ["Matron Hughes"]),
        ("Dr May agreed.", ["Dr May"]),  # a word, but after a title it is a name
        ("Mrs Kowalska from the panel.", ["Mrs Kowalska"]),
    ],
)
def test_titled_names_are_found(text, expected):
    assert found_by(rules.titled_names, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The Nurse Practitioner role is new.",  # a role after the title
        "Our Sister Ward is short-staffed.",  # an everyday word that is no name
        "The nurse Adeyemi trained is here.",  # a job word in small letters is not a title
        "Ask the Doctor about it.",
        "Mr and Mrs were on the form.",
    ],
)
def test_titles_without_a_name_are_left_alone(text):
    assert found_by(rules.titled_names, text) == []


# gazetteer_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aaron said nothing.", ["Aaron"]),  # at the start of a sentence too
        ("Then Priya Raman listened.", ["Priya Raman"]),  # the full name
        ("She Aaron and Will Smith.", ["Aaron", "Will Smith"]),  # "She" is a surname too
        ("It was Siobhan's idea.", ["Siobhan"]),  # possessive left outside the name
        ("We asked Wojciech and Andreea.", ["Wojciech", "Andreea"]),  # Polish, Romanian
        ("Fatima and Hiroshi came.", ["Fatima", "Hiroshi"]),  # Arabic, Japanese (romanised)
        ("Even J Okafor-Smith came.", ["J Okafor-Smith"]),  # an initial, a double surname
        ("I saw Gráinne, Zoë and Joao.", ["Gráinne", "Zoë", "Joao"]),  # accents either way
    ],
)
def test_names_in_the_gazetteer_are_found(text, expected):
    assert found_by(rules.gazetteer_names, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Will managers ever listen?",
        "In May the offer changed; Hope is thin; Grace periods are short.",
        "Black and White British staff; Brown envelopes; Green spaces.",
        "Christian, Muslim and Jewish colleagues; Christmas and Easter leave.",
        "Mark the date in June.",
        "He said she was right.",  # "He" is also a surname
        "Bradford Royal Infirmary and Victoria Road clinic.",  # places
        "St Thomas' pays more. The Mary Seacole programme helped.",
        "Nurses from Hull and Leeds.",
        "The NHS and HR and ED.",  # acronyms
        "aaron and priya in small letters are not caught by this rule.",
        # Stray words in the name lists: placeholder text and this project's own prose.
        "Seven nurses left. Held back again. Unknown causes. Unique roles. Lower bands.",
        "Fresh ideas, Red tape, Royal colleges and Media coverage.",
    ],
)
def test_words_places_and_acronyms_are_not_taken_for_names(text):
    assert found_by(rules.gazetteer_names, text) == []


def test_the_gazetteer_mixes_many_locales_and_is_built_once():
    gazetteer = rules.gazetteer()
    assert gazetteer is rules.gazetteer()
    for name in ("Siobhan", "Niamh", "Wojciech", "Andreea", "Fatima", "Wei", "Mehmet", "Ngozi"):
        assert rules.name_key(name) in gazetteer, name
    assert rules.name_key("O’Néill") == "oneill"
    assert all(key.isascii() or key.isalpha() for key in list(gazetteer)[:1000])
    assert len(gazetteer) > 20_000


# names_beside_roles


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ask Priya in payroll.", ["Priya"]),
        ("Grace from the discharge team was late.", ["Grace"]),  # a word-name beside a team
        ("The HR manager Dave said no.", ["Dave"]),
        ("My mentor, Okonkwo, listened.", ["Okonkwo"]),
        ("Then Kowalczyk, the ward manager, left.", ["Kowalczyk"]),
        ("Mark in finance queried it.", ["Mark"]),
        ("Aaron on ward 7 was told.", ["Aaron"]),
    ],
)
def test_names_beside_a_role_or_team_are_found(text, expected):
    assert found_by(rules.names_beside_roles, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Staff in payroll are kind.",
        "The manager Monday meeting moved.",  # an everyday word after a role
        "The Ward Manager and the lead Nurse.",  # roles themselves
        "Nights on ward 7 are long.",
        "Teams in estates are small.",
    ],
)
def test_everyday_words_beside_roles_are_left_alone(text):
    assert found_by(rules.names_beside_roles, text) == []


# names_as_subjects


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Okonkwo said the lift was broken.", ["Okonkwo"]),
        ("Will was moved to nights.", ["Will"]),
        ("May told us.", ["May"]),
        ("Then Bukola didn't come back.", ["Bukola"]),
        ("Sandy and I met weekly.", ["Sandy"]),
    ],
)
def test_people_who_say_or_are_told_things_are_found(text, expected):
    assert found_by(rules.names_as_subjects, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Management said no.",
        "The Board said no.",  # a determiner before it
        "Nurses in Wakefield said the rate is low.",  # a place after "in"
        "Dietitians were left out.",  # a plural
        "Porters asked for radios.",  # a role, in the plural
        "Datix reports go nowhere.",  # "reports" is a noun here
        "May was hot.",  # no verb of saying or being treated
    ],
)
def test_things_that_say_or_are_told_are_left_alone(text):
    assert found_by(rules.names_as_subjects, text) == []


# names_in_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I sat with Olumide at lunch.", ["Olumide"]),
        ("The team listen to Ikechukwu only.", ["Ikechukwu"]),
        ("It changed after Tendai went off sick.", ["Tendai"]),
        ("We miss Gurpreet's leaving do.", ["Gurpreet"]),
        ("It was Efua who noticed.", ["Efua"]),
        ("Babajide's appraisal was cancelled.", ["Babajide"]),
    ],
)
def test_names_only_a_person_fits_are_found(text, expected):
    assert found_by(rules.names_in_sentences, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Staff in Harrogate who work nights.",  # a place after "in"
        "We sat with Grace and love.",  # word-names need a stronger context
        "Leeds and Sheffield share a bank.",
        "Told Nothing, the play, was good.",  # at the start: no verb before it
        "The Trust's policy and London's pay.",
    ],
)
def test_places_and_words_in_person_positions_are_left_alone(text):
    assert found_by(rules.names_in_sentences, text) == []


# Normalisation: hidden characters cannot hide a name, and flags map back.


@pytest.mark.parametrize(
    "text",
    [
        "Aa\u200bron said so.",  # zero-width space
        "Aa\u200d\u200cron said so.",  # joiners
        "\u202eAaron\u202c said so.",  # bidirectional override
        "Aa\u00adron said so.",  # soft hyphen
        "\u0410aron said so.",  # Cyrillic capital A
        "A\u0430r\u043en said so.",  # Cyrillic small a and o
        "\uff21\uff41\uff52\uff4f\uff4e said so.",  # full-width letters
        "\U0001d400aron said so.",  # mathematical bold capital A
    ],
)
def test_hidden_and_look_alike_characters_do_not_hide_a_name(text):
    flags = check(text, EMPTY)
    [flag] = [f for f in flags if f.rule == "name"]
    assert flag.text == text[flag.start : flag.end]
    assert "Aaron" in normalise(flag.text).text
    redacted = redact(text, flags)
    assert redacted.endswith("[name] said so.")
    # Nothing of the name is left behind, visible or not.
    assert "ron" not in redacted and "\u200b" not in redacted and "\u0410" not in redacted


def test_flags_after_hidden_characters_keep_their_place():
    text = "Pri\u200bya\ufeff met Mr Okon\u200ckwo on 3 March; call 07700 900123."
    flags = check(text, EMPTY)
    for flag in flags:
        assert text[flag.start : flag.end] == flag.text
        assert flag.message.endswith(f": '{flag.text}'")
    assert [f.rule for f in flags] == ["name", "name", "date", "phone"]
    assert redact(text, flags) == "[name] met [name] on [date]; call [phone number]."


def test_cohort_names_are_found_through_hidden_characters_too():
    context = Context(people=["Priya Raman"])
    [flag] = check("We thank Pri\u200bya R\u0430man.", context)
    assert flag.rule == "person" and flag.text == "Pri\u200bya R\u0430man"


def test_normalising_keeps_real_words_in_other_scripts():
    # A word wholly in Cyrillic or Greek is left as written; only mixed words are folded.
    assert normalise("Сергей и Αθήνα").text == "Сергей и Αθήνα"
    assert normalise("P\u0430yroll").text == "Payroll"
    assert normalise("ﬁle").text == "file"


def test_normalised_spans_point_back_to_the_original():
    text = "a\u200bb\u0301c\uff44"
    result = normalise(text)
    assert result.text == "abcd"
    assert [result.span(i, i + 1) for i in range(4)] == [(0, 1), (2, 4), (4, 5), (5, 6)]
    assert result.span(0, 4) == (0, 6)


def test_text_without_hidden_characters_is_unchanged():
    text = "Plain words, with 7 digits and “quotes” — and a dash."
    assert normalise(text).text == text


# The corpus: recall and false positives.


def test_the_corpus_is_large_and_varied():
    texts = [unmark(t)[0] for t in ALL_NAME_CORPUS]
    assert len(set(texts)) == len(texts) >= 200
    with_names = [t for t in ALL_NAME_CORPUS if unmark(t)[1]]
    assert len(with_names) >= 100 and len(texts) - len(with_names) >= 100


def test_recall_and_false_positive_rate_on_the_corpus_stay_above_their_floors():
    scores = score_names(ALL_NAME_CORPUS)
    assert scores.recall >= 0.97, scores.misses
    assert scores.false_positive_rate <= 0.02, scores.false_flags


def test_held_out_themes_written_after_the_rules_are_mostly_caught():
    scores = score_names(HELD_OUT)
    assert scores.recall >= 0.9, scores.misses
    assert scores.false_positive_rate <= 0.05, scores.false_flags


def test_scores_count_misses_and_false_flags():
    # The measure itself can fail: with the name rules off, nothing outside the cohort is found.
    scores = score_names(("Mr [[Okonkwo]] said.", "Nothing here."), Context())
    assert (scores.names, scores.found, scores.plain, scores.plain_flagged) == (1, 1, 1, 0)
    missed = score_names(("[[aaron]] in small letters.", "Aaron is not marked."))
    assert missed.recall == 0 and missed.false_positive_rate == 1
    assert missed.misses and missed.false_flags


def test_cohort_names_that_are_words_are_not_flagged_at_a_sentence_start():
    context = Context(people=["Grace Brown", "Mark Green"])
    assert names("Grace periods are short. Mark the date. Brown envelopes.", context) == []
    assert names("Then Grace and Mark Green came.", context) == ["Grace", "Mark Green"]


def test_corpus_with_a_cohort_of_word_names_adds_no_false_flags():
    context = Context(people=["Priya Raman", "Tom Hope", "Grace White", "Mark Brown", "Will Green"])
    scores = score_names(ALL_NAME_CORPUS, context)
    assert scores.false_positive_rate <= 0.02, scores.false_flags
    assert scores.recall >= 0.97, scores.misses


def test_invisible_characters_are_dropped_from_suggested_words_but_emoji_keep_their_joiner():
    text = "Thanks\u200b to the team \u202eagain\u202c \U0001f469\u200d\u2695\ufe0f"
    # The variation selector goes too; the joiner between two emoji stays.
    assert redact(text, []) == "Thanks to the team again \U0001f469\u200d\u2695"
    assert strip_invisible("Pri\u200cya") == "Priya"
