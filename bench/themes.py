"""How well the identifying-detail check finds names of people, and how fast (not a test).

    .venv/bin/python bench/themes.py           # recall and false-positive rate, and timings
    .venv/bin/python bench/themes.py --list    # also every missed name and every false flag

Runs the check on the labelled themes in ``tests/themes/corpus.py`` (names of people marked
[[like this]]) with an empty context, so only names from outside the cohort count, and prints
for each set: recall (share of marked names covered by a name flag) and false-positive rate
(share of themes naming nobody that get a name flag). Then the time to build the gazetteer
once and to check one theme. The figures are quoted in docs/decisions/0011-names-in-themes.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mutuality.themes import Context, check  # noqa: E402
from mutuality.themes.names import gazetteer  # noqa: E402
from tests.themes.corpus import (  # noqa: E402
    ALL_NAME_CORPUS,
    DEVELOPMENT,
    HELD_OUT,
    score_names,
    unmark,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list misses and false flags")
    args = parser.parse_args()

    started = time.perf_counter()
    size = len(gazetteer())
    built = time.perf_counter() - started
    print(f"gazetteer: {size} given names and surnames, built in {built:.2f} s")

    for label, themes in (("development", DEVELOPMENT), ("held out", HELD_OUT)):
        scores = score_names(themes)
        print(
            f"{label:12} themes={len(themes):3} names={scores.names:3} "
            f"recall={scores.recall:.3f} ({scores.found}/{scores.names}) "
            f"false_positive_rate={scores.false_positive_rate:.3f} "
            f"({scores.plain_flagged}/{scores.plain} themes naming nobody)"
        )
        if args.list:
            for miss in scores.misses:
                print("  missed", miss)
            for flag in scores.false_flags:
                print("  false ", flag)
    scores = score_names(ALL_NAME_CORPUS)
    print(
        f"{'all':12} themes={len(ALL_NAME_CORPUS):3} names={scores.names:3} "
        f"recall={scores.recall:.3f} false_positive_rate={scores.false_positive_rate:.3f}"
    )

    texts = [unmark(t)[0] for t in ALL_NAME_CORPUS]
    context = Context(corpus=texts)  # the rare-phrase rule on, as in a real programme
    started = time.perf_counter()
    for text in texts:
        check(text, context)
    per_theme = (time.perf_counter() - started) / len(texts)
    print(f"check: {per_theme * 1000:.1f} ms a theme (all rules, {len(texts)} themes)")


if __name__ == "__main__":
    main()
