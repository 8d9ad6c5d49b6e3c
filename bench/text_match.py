"""How well the wording criterion finds the partner a programme team had in mind (not a test).

    .venv/bin/python bench/text_match.py          # a table
    .venv/bin/python bench/text_match.py --json   # one JSON line

Each labelled pair in ``tests/matching/paraphrases.py`` is what one aspiring leader hopes to
learn and how their intended partner describes their experience, in other words. For every
aspiring leader the text component alone ranks all the established leaders; the figures are
how often the intended partner comes first, in the top three, their mean reciprocal rank, and
how many intended pairs score 0. "words only" is TF-IDF over the words as written (what the
engine did before); "meaning" is the engine's criterion today.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mutuality.matching import Profile, Weights  # noqa: E402
from mutuality.matching.scoring import ScoreModel  # noqa: E402
from tests.matching.paraphrases import HELD_OUT, PAIRS  # noqa: E402


def _people(pairs) -> tuple[list[Profile], list[Profile]]:
    rows = [
        Profile(id=f"a{i}", side="aspiring", email=f"a{i}@example.org", aspirations=want)
        for i, (want, _) in enumerate(pairs)
    ]
    cols = [
        Profile(id=f"e{i}", side="established", email=f"e{i}@example.org", experience=done)
        for i, (_, done) in enumerate(pairs)
    ]
    return rows, cols


def _text_matrix(rows, cols, words_only: bool) -> np.ndarray:
    if words_only:  # the engine's criterion before it looked for meaning
        tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True)
        vectors = tfidf.fit_transform([p.aspirations for p in rows] + [p.experience for p in cols])
        return (vectors[: len(rows)] @ vectors[len(rows) :].T).toarray()
    model = ScoreModel(rows, cols, Weights())
    n, m = len(rows), len(cols)
    ri, ci = np.repeat(np.arange(n), m), np.tile(np.arange(m), n)
    return model.components(ri, ci)["text"].reshape(n, m)


def measure(pairs, words_only: bool) -> dict[str, float]:
    rows, cols = _people(pairs)
    text = _text_matrix(rows, cols, words_only)
    ranks = []
    for i in range(len(rows)):
        # Ties count against the intended partner: rank = 1 + how many score at least as well.
        others = np.delete(text[i], i)
        ranks.append(1 + int(np.count_nonzero(others >= text[i, i])))
    ranks_arr = np.array(ranks)
    return {
        "pairs": len(rows),
        "first": float(np.mean(ranks_arr == 1)),
        "top3": float(np.mean(ranks_arr <= 3)),
        "mrr": float(np.mean(1.0 / ranks_arr)),
        "zero": int(np.count_nonzero(np.diag(text) == 0)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {
        f"{label}_{name}": measure(pairs, words_only=name == "words_only")
        for label, pairs in (("written_with", PAIRS), ("held_out", HELD_OUT))
        for name in ("words_only", "meaning")
    }
    if args.json:
        print(json.dumps(results))
        return
    print("Intended partner ranked among everyone on the other side, by the wording alone")
    print(f"{'pairs':<26}{'criterion':<12}{'first':>7}{'top 3':>7}{'MRR':>7}{'score 0':>9}")
    for key, got in results.items():
        label, _, name = (
            key.partition("_words_only") if "_words_only" in key else (key.partition("_meaning"))
        )
        group = {
            "written_with": f"{len(PAIRS)} the vocabulary saw",
            "held_out": f"{len(HELD_OUT)} held out",
        }[label]
        criterion = "words only" if "words_only" in key else "meaning"
        print(
            f"{group:<26}{criterion:<12}{got['first']:>7.0%}{got['top3']:>7.0%}"
            f"{got['mrr']:>7.2f}{got['zero']:>9}"
        )


if __name__ == "__main__":
    main()
