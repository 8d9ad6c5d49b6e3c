"""``mutuality-match``: match people from an import template without a database.

Useful before a cohort exists in the web app (or for a quick "what if" by the programme
office): read the template, match, write a pairs CSV with scores and reasons and a CSV of
people left unmatched with the reason for each.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .constraints import Rules
from .engine import MatchSettings, match
from .scoring import COMPONENTS, Weights
from .template import TemplateError, read_template

__all__ = ["main"]


def _safe(value: object) -> str:
    """Stop a cell being read as a formula when the CSV is opened in Excel."""
    text = f"{value:.4f}" if isinstance(value, float) else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mutuality-match", description=__doc__)
    parser.add_argument("template", type=Path, help="filled-in import template (.csv or .xlsx)")
    parser.add_argument("-o", "--output", type=Path, help="pairs CSV (default: standard output)")
    parser.add_argument(
        "--unmatched",
        type=Path,
        help="unmatched CSV (default: <output>"
        "-unmatched.csv, or standard error when pairs go to standard output)",
    )
    parser.add_argument("--allow-same-organisation", action="store_true")
    parser.add_argument("--min-gap", type=int, default=None, help="minimum band steps")
    parser.add_argument(
        "--capacity",
        type=int,
        default=1,
        help="partners each established leader may take (default 1)",
    )
    parser.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=f"override a weight; names: {', '.join(COMPONENTS)}, target_gap",
    )
    return parser


def _weights(items: Sequence[str]) -> Weights:
    values: dict[str, float | str] = {}
    for item in items:
        name, _, value = item.partition("=")
        if name.strip() == "lived_experience_mode":
            values[name.strip()] = value.strip()
            continue
        try:
            values[name.strip()] = float(value)
        except ValueError as exc:
            raise ValueError(f"--weight {item!r}: expected NAME=NUMBER") from exc
    if "target_gap" in values:
        values["target_gap"] = int(values["target_gap"])
    return Weights.from_mapping(values)


def _write(handle: TextIO, header: list[str], rows: list[list[object]]) -> None:
    writer = csv.writer(handle)
    writer.writerow(header)
    writer.writerows([[_safe(v) for v in row] for row in rows])


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        people = read_template(args.template, capacity=args.capacity)
        settings = MatchSettings(
            weights=_weights(args.weight),
            rules=Rules(
                different_organisation=not args.allow_same_organisation, min_gap=args.min_gap
            ),
        )
        result = match([p.profile for p in people], settings)
    except TemplateError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    by_id = {p.profile.id: p for p in people}
    pair_rows = [
        [
            pair.aspiring,
            by_id[pair.aspiring].name,
            pair.established,
            by_id[pair.established].name,
            round(pair.score, 4),
            *[round(pair.components.get(c, 0.0), 4) for c in COMPONENTS],
            "; ".join(pair.reasons),
            "yes" if pair.pinned else "",
        ]
        for pair in result.pairs
    ]
    pair_header = [
        "aspiring_email",
        "aspiring_name",
        "established_email",
        "established_name",
        "score",
        *COMPONENTS,
        "reasons",
        "pinned",
    ]
    lonely_rows = [
        [u.person, by_id[u.person].name, u.side, u.feasible_partners, u.reason]
        for u in result.unmatched
    ]
    lonely_header = ["email", "name", "side", "feasible_partners", "reason"]

    if args.output:
        with args.output.open("w", newline="", encoding="utf-8") as handle:
            _write(handle, pair_header, pair_rows)
        target = args.unmatched or args.output.with_name(args.output.stem + "-unmatched.csv")
        with target.open("w", newline="", encoding="utf-8") as handle:
            _write(handle, lonely_header, lonely_rows)
    else:
        _write(sys.stdout, pair_header, pair_rows)
        if args.unmatched:
            with args.unmatched.open("w", newline="", encoding="utf-8") as handle:
                _write(handle, lonely_header, lonely_rows)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(
        f"{len(result.pairs)} pairs, {len(result.unmatched)} unmatched, "
        f"total score {result.total:.4f}",
        file=sys.stderr,
    )
    if not args.output and not args.unmatched:
        for u in result.unmatched:
            print(f"unmatched: {u.person}: {u.reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
