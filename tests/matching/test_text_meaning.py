"""The wording criterion looks for meaning, not only shared words (see bench/text_match.py)."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from mutuality.matching import Profile, Weights
from mutuality.matching.scoring import ScoreModel
from mutuality.matching.wording import THEMES, Analyser

from .paraphrases import HELD_OUT, PAIRS


def _model(pairs) -> ScoreModel:
    rows = [
        Profile(id=f"a{i}", side="aspiring", email=f"a{i}@x.org", aspirations=want)
        for i, (want, _) in enumerate(pairs)
    ]
    cols = [
        Profile(id=f"e{i}", side="established", email=f"e{i}@x.org", experience=done)
        for i, (_, done) in enumerate(pairs)
    ]
    return ScoreModel(rows, cols, Weights())


def _text(model: ScoreModel, n: int) -> np.ndarray:
    ri, ci = np.repeat(np.arange(n), n), np.tile(np.arange(n), n)
    return model.components(ri, ci)["text"].reshape(n, n)


def _mrr(text: np.ndarray) -> float:
    ranks = [1 + np.count_nonzero(np.delete(row, i) >= row[i]) for i, row in enumerate(text)]
    return float(np.mean(1.0 / np.array(ranks)))


def _words_only(pairs) -> np.ndarray:
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [a for a, _ in pairs] + [b for _, b in pairs]
    )
    return (vectors[: len(pairs)] @ vectors[len(pairs) :].T).toarray()


def test_every_labelled_pair_scores_above_zero() -> None:
    # Before, 23 of these 32 pairs scored 0: they share meaning but almost no words.
    text = _text(_model(PAIRS), len(PAIRS))
    assert np.all(np.diag(text) > 0)


def test_the_intended_partner_ranks_higher_than_with_words_alone() -> None:
    for pairs in (PAIRS, HELD_OUT):
        meaning = _mrr(_text(_model(pairs), len(pairs)))
        assert meaning > _mrr(_words_only(pairs)) + 0.1
    # On wording it was not written for, the intended partner still comes near the top.
    assert _mrr(_text(_model(HELD_OUT), len(HELD_OUT))) >= 0.25


def test_forms_of_a_word_meet() -> None:
    analyse = Analyser()
    assert set(analyse("budgeting")) & set(analyse("our budgets"))
    assert "negoti" in analyse("negotiating") and "negoti" in analyse("negotiation")


def test_phrases_add_their_theme_once() -> None:
    terms = Analyser()("QI training, PDSA cycles and lean: improvement is my job")
    assert terms.count("theme:improvement") == 1
    assert "theme:finance and budgets" not in terms


def test_explanations_show_words_people_wrote_or_a_theme_name() -> None:
    model = _model(PAIRS[:1])
    (terms,) = model.shared_terms([0], [0])
    assert "finance and budgets" in terms
    assert all(not term.startswith("theme:") for term in terms)


def test_theme_phrases_are_short_enough_to_match() -> None:
    for phrases in THEMES.values():
        assert all(1 <= len(phrase.split()) <= 4 for phrase in phrases)
