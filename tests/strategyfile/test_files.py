"""Strategy files: round trips through YAML and CSV, the demo, and malformed files."""

from __future__ import annotations

import csv
import io
import textwrap
from dataclasses import replace

import pytest

from mutuality.strategyfile import (
    COLUMNS,
    ICS_PEOPLE_FUNCTIONS,
    PEOPLE_PROMISE,
    Action,
    Framework,
    FrameworkItem,
    FrameworkLink,
    Initiative,
    Objective,
    Strategy,
    StrategyFileError,
    Workstream,
    demo_strategy,
    demo_strategy_text,
    dump_csv,
    dump_yaml,
    load_csv,
    load_yaml,
)

SMALL = textwrap.dedent(
    """\
    name: Fernbrook People Plan
    system: Fernbrook and Lowe Integrated Care System
    periods: [2024/25, 2025/26]
    frameworks:
      - people-promise
      - key: local-values
        title: Our values
        items:
          - key: kind
            title: Kind
          - key: brave
            title: Brave
    objectives:
      - key: belong
        title: Everyone belongs
    workstreams:
      - key: inclusion
        title: Inclusion and belonging
        objectives: [belong]
        senior_responsible_owner: Chief People Officer, ICB
        lead: Head of Inclusion, Fernbrook Hospital
        framework_links:
          people-promise: [compassionate-inclusive]
          local-values: [kind, brave]
        initiatives:
          - key: reciprocal-mentoring
            title: Reciprocal mentoring
            description: |
              Leaders and colleagues learn from each other.
            actions:
              - key: cohort-1
                title: First cohort
                period: 2024/25
                status: done
                evidence: "20 pairs: all completed"
              - key: cohort-2
                title: Second cohort
                period: 2025/26
                status: on_track
          - key: talent-pool
            title: Talent pool
      - key: people-services
        title: People services
        senior_responsible_owner: Director of Finance, ICB
        lead: Head of HR Operations, ICB
    """
)


FIRST_COHORT_TITLE = next(line + "\n" for line in SMALL.splitlines() if "First cohort" in line)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line of the nth line containing ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[nth - 1]


def errors_of(load, text: str) -> list[str]:
    with pytest.raises(StrategyFileError) as caught:
        load(text)
    return [str(e) for e in caught.value.errors]


class TestRoundTrips:
    def test_small_file_reads_as_written(self):
        strategy = load_yaml(SMALL)
        assert strategy.period_labels == ("2024/25", "2025/26")
        assert strategy.frameworks[0] is PEOPLE_PROMISE
        assert strategy.frameworks[1] == Framework(
            "local-values",
            "Our values",
            (FrameworkItem("kind", "Kind"), FrameworkItem("brave", "Brave")),
        )
        inclusion = strategy.workstreams[0]
        assert inclusion.objective_keys == ("belong",)
        assert inclusion.framework_links == (
            FrameworkLink("people-promise", "compassionate-inclusive"),
            FrameworkLink("local-values", "kind"),
            FrameworkLink("local-values", "brave"),
        )
        mentoring = inclusion.initiatives[0]
        assert mentoring.description == "Leaders and colleagues learn from each other."
        assert mentoring.actions[0] == Action(
            "cohort-1", "First cohort", "2024/25", "done", "20 pairs: all completed"
        )
        assert inclusion.initiatives[1] == Initiative("talent-pool", "Talent pool")
        assert strategy.workstreams[1].initiatives == ()

    @pytest.mark.parametrize("source", ["small", "demo"])
    def test_yaml_round_trip_loses_nothing(self, source):
        strategy = load_yaml(SMALL) if source == "small" else demo_strategy()
        text = dump_yaml(strategy)
        assert load_yaml(text) == strategy
        assert dump_yaml(load_yaml(text)) == text

    @pytest.mark.parametrize("source", ["small", "demo"])
    def test_csv_round_trip_loses_nothing(self, source):
        strategy = load_yaml(SMALL) if source == "small" else demo_strategy()
        text = dump_csv(strategy)
        assert load_csv(text) == strategy
        assert dump_csv(load_csv(text)) == text

    def test_yaml_to_csv_to_strategy_equals_the_original(self):
        original = load_yaml(demo_strategy_text())
        assert load_csv(dump_csv(load_yaml(dump_yaml(original)))) == original

    def test_awkward_text_survives_both_formats(self):
        strategy = Strategy(
            name='The "Plan", 2024: part one',
            system="Dale & Moor ICS",
            period_labels=("2024",),
            frameworks=(ICS_PEOPLE_FUNCTIONS,),
            objectives=(Objective("o1", "Yes", "Line one\nline two, with a comma; and # hash"),),
            workstreams=(
                Workstream(
                    key="w1",
                    title="null",
                    objective_keys=("o1",),
                    senior_responsible_owner="Chief People Officer, ICB",
                    lead="Lead: ‘quoted’ é",
                    initiatives=(
                        Initiative("i1", "True", "", (Action("a1", "0123", "2024", "at_risk"),)),
                    ),
                    framework_links=(FrameworkLink("ics-people-functions", "system-design"),),
                ),
            ),
        )
        assert load_yaml(dump_yaml(strategy)) == strategy
        assert load_csv(dump_csv(strategy)) == strategy

    def test_csv_cells_that_could_run_as_formulas_are_neutralised_and_read_back(self):
        strategy = load_yaml(SMALL)
        workstream = replace(
            strategy.workstreams[0],
            title='=HYPERLINK("http://evil.example","Click")',
            lead="@SUM(A1:A9)",
            senior_responsible_owner="-1+2",
        )
        strategy = replace(
            strategy, name="+Plan", workstreams=(workstream, *strategy.workstreams[1:])
        )
        text = dump_csv(strategy)
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
        assert '\'=HYPERLINK("http://evil.example","Click")' in cells and "'+Plan" in cells
        assert load_csv(text) == strategy

    def test_csv_has_a_row_per_action_with_the_workstream_repeated(self):
        strategy = demo_strategy()
        rows = list(csv.DictReader(io.StringIO(dump_csv(strategy))))
        assert tuple(rows[0]) == COLUMNS
        actions = [r for r in rows if r["record"] == "action"]
        assert len(actions) == sum(len(i.actions) for _, i in strategy.initiatives())
        assert all(r["workstream"] and r["workstream_title"] and r["lead"] for r in actions)
        links = [r for r in rows if r["record"] == "framework_link"]
        assert len(links) == sum(len(w.framework_links) for w in strategy.workstreams)

    def test_csv_rows_may_leave_repeated_columns_blank_and_come_in_any_order(self):
        original = load_yaml(SMALL)
        header, *body = list(csv.reader(io.StringIO(dump_csv(original))))
        actions = [r for r in body if r[0] == "action"]
        for column in ("workstream_title", "lead", "initiative_title"):
            actions[0][header.index(column)] = ""
        links = [r for r in body if r[0] == "framework_link"]
        others = [r for r in body if r[0] not in ("action", "framework_link")]
        text = "\ufeff" + write([header, *links, *actions, *others])
        assert load_csv(text) == original


class TestDemo:
    def test_demo_has_the_shape_of_a_real_strategy(self):
        strategy = demo_strategy()
        assert 3 <= len(strategy.objectives) <= 4
        assert len(strategy.workstreams) == 6
        assert strategy.period_labels == ("2023/24", "2024/25", "2025/28")
        assert {f.key for f in strategy.frameworks} == {"people-promise", "ics-people-functions"}
        statuses = set()
        for ws in strategy.workstreams:
            assert 2 <= len(ws.initiatives) <= 4
            assert {link.framework for link in ws.framework_links} == {
                "people-promise",
                "ics-people-functions",
            }
            for initiative in ws.initiatives:
                for action in initiative.actions:
                    statuses.add(action.status)
                    if action.status == "done":
                        assert action.evidence
        assert statuses == {"not_started", "on_track", "at_risk", "done"}
        periods = {a.period for _, i in strategy.initiatives() for a in i.actions}
        assert periods == set(strategy.period_labels)

    @pytest.mark.parametrize(
        "key", ["reciprocal-mentoring", "shadowing", "new-starter-buddies", "talent-pool"]
    )
    def test_demo_has_the_pairing_schemes(self, key):
        assert demo_strategy().initiative(key) is not None

    def test_matrix_lists_every_item_with_its_workstreams(self):
        strategy = demo_strategy()
        matrix = strategy.matrix("people-promise")
        assert [item for item, _ in matrix] == list(PEOPLE_PROMISE.items)
        rows = dict(matrix)
        inclusive = rows[PEOPLE_PROMISE.item("compassionate-inclusive")]
        assert [w.key for w in inclusive] == ["edib"]
        assert strategy.matrix("no-such-framework") == []

    def test_national_frameworks(self):
        assert len(PEOPLE_PROMISE.items) == 7
        assert len(ICS_PEOPLE_FUNCTIONS.items) == 10
        assert PEOPLE_PROMISE.items[2].title == "We each have a voice that counts"


class TestMalformedYaml:
    def test_bad_status_names_the_line_and_the_choices(self):
        text = SMALL.replace("status: on_track", "status: ontrack")
        assert errors_of(load_yaml, text) == [
            f"line {line_of(text, 'ontrack')}: status 'ontrack' is not one of "
            "not_started, on_track, at_risk, done"
        ]

    def test_unknown_references(self):
        text = SMALL.replace("objectives: [belong]", "objectives: [belong, thrive]")
        text = text.replace("local-values: [kind, brave]", "local-values: [kind, bold]")
        text = text.replace("period: 2025/26", "period: 2026/27")
        text = text.replace("- people-promise", "- people-promises")
        line = line_of
        assert errors_of(load_yaml, text) == [
            f"line {line(text, 'people-promises')}: unknown framework 'people-promises'; name one "
            "of people-promise, ics-people-functions, or define it with key, title and items",
            f"line {line(text, 'thrive')}: workstream 'inclusion' refers to unknown objective "
            "'thrive'",
            f"line {line(text, 'people-promise: [')}: workstream 'inclusion' links to unknown "
            "framework 'people-promise'",
            f"line {line(text, 'bold')}: workstream 'inclusion' links to 'bold', which is not an "
            "item of 'local-values'",
            f"line {line(text, '2026/27')}: period '2026/27' is not one of the strategy's periods "
            "(2024/25, 2025/26)",
        ]

    def test_duplicate_keys(self):
        text = SMALL.replace("key: talent-pool", "key: reciprocal-mentoring")
        text = text.replace("key: cohort-2", "key: cohort-1")
        text = text.replace("key: people-services", "key: inclusion")
        assert errors_of(load_yaml, text) == [
            f"line {line_of(text, 'key: cohort-1', 2)}: initiative 'reciprocal-mentoring' action "
            f"key 'cohort-1' is used more than once (first on line {line_of(text, 'cohort-1')})",
            f"line {line_of(text, 'key: reciprocal-mentoring', 2)}: initiative key "
            "'reciprocal-mentoring' is used more than once (first on line "
            f"{line_of(text, 'reciprocal-mentoring')})",
            f"line {line_of(text, 'key: inclusion', 2)}: workstream key 'inclusion' is used more "
            f"than once (first on line {line_of(text, 'key: inclusion')})",
        ]

    def test_a_field_given_twice_in_one_mapping(self):
        text = SMALL.replace(
            "        title: Talent pool\n",
            "        title: Talent pool\n        title: Talent pipeline\n",
        )
        assert errors_of(load_yaml, text) == [
            f"line {line_of(text, 'Talent pipeline')}: 'title' is given twice "
            f"(first on line {line_of(text, 'Talent pool')})"
        ]

    def test_missing_title_is_reported_where_the_item_starts(self):
        text = SMALL.replace(FIRST_COHORT_TITLE, "")
        assert errors_of(load_yaml, text) == [
            f"line {line_of(text, 'key: cohort-1')}: action 'cohort-1' title is missing"
        ]

    def test_syntax_error_gives_the_line(self):
        text = SMALL.replace("title: Everyone belongs", "title: [Everyone belongs")
        [message] = errors_of(load_yaml, text)
        assert message.startswith("line ")
        assert "this is not valid YAML" in message
        assert abs(int(message.split()[1].rstrip(":")) - line_of(text, "[Everyone")) <= 1

    def test_wrong_types(self):
        text = SMALL.replace("periods: [2024/25, 2025/26]", "periods: 2024/25")
        text = text.replace("    title: Inclusion and belonging", "    title: [Inclusion]")
        errors = errors_of(load_yaml, text)
        assert f"line {line_of(text, 'periods:')}: periods should be a list, not text" in errors
        assert f"line {line_of(text, '[Inclusion]')}: title should be text, not a list" in errors
        # The actions' periods now refer to nothing: those are reported in the same list.
        assert (
            f"line {line_of(text, 'period: 2025/26')}: period '2025/26' is not one of the "
            "strategy's periods (there are none)" in errors
        )

    def test_unknown_field_and_bad_key(self):
        text = SMALL.replace("status: done", "stauts: done").replace(
            "key: talent-pool", "key: Talent Pool"
        )
        assert errors_of(load_yaml, text) == [
            f"line {line_of(text, 'key: cohort-1')}: action 'cohort-1' status is missing",
            f"line {line_of(text, 'stauts')}: unknown field 'stauts'; expected one of key, title, "
            "period, status, evidence",
            f"line {line_of(text, 'Talent Pool')}: initiative key 'Talent Pool' should use only "
            "lower-case letters, digits and hyphens (for example 'talent-pool')",
        ]

    def test_all_errors_are_reported_together_in_line_order(self):
        text = (
            SMALL.replace("status: on_track", "status: ontrack")
            .replace("objectives: [belong]", "objectives: [missing]")
            .replace(FIRST_COHORT_TITLE, "")
        )
        errors = errors_of(load_yaml, text)
        assert len(errors) == 3
        lines = [int(e.split()[1].rstrip(":")) for e in errors]
        assert lines == sorted(lines)

    @pytest.mark.parametrize(
        "text",
        [
            "!!python/object/apply:os.system ['echo hi']",
            SMALL.replace("title: Talent pool", "title: !!python/name:os.system"),
            SMALL.replace("title: Talent pool", "title: !custom pool"),
        ],
    )
    def test_tags_that_could_build_objects_are_refused(self, text):
        errors = errors_of(load_yaml, text)
        assert any("is not allowed in a strategy file" in e for e in errors)

    @pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n...\n"])
    def test_empty_file(self, text):
        assert errors_of(load_yaml, text) == ["the file is empty"]

    def test_more_than_one_document(self):
        [message] = errors_of(load_yaml, SMALL + "---\nname: other\n")
        assert "not valid YAML" in message


def small_csv_rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(dump_csv(load_yaml(SMALL)))))


def write(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def edit(rows: list[list[str]], kind: str, match: dict[str, str], **changes: str) -> int:
    """Change the first row of record ``kind`` matching ``match``; its spreadsheet row number."""
    header = rows[0]
    for number, row in enumerate(rows[1:], start=2):
        cells = dict(zip(header, row, strict=True))
        if cells["record"] == kind and all(cells[k] == v for k, v in match.items()):
            for column, value in changes.items():
                row[header.index(column)] = value
            return number
    raise AssertionError(f"no {kind} row matching {match}")


class TestMalformedCsv:
    def test_bad_status_names_row_and_column(self):
        rows = small_csv_rows()
        row = edit(rows, "action", {"key": "cohort-2"}, status="ontrack")
        assert errors_of(load_csv, write(rows)) == [
            f"row {row}, column 'status': status 'ontrack' is not one of not_started, on_track, "
            "at_risk, done"
        ]

    def test_unknown_references(self):
        rows = small_csv_rows()
        period_row = edit(rows, "action", {"key": "cohort-2"}, period="2030/31")
        link_row = edit(rows, "framework_link", {"framework_item": "brave"}, framework_item="bold")
        objective_row = edit(rows, "action", {"key": "cohort-1"}, objectives="belong; thrive")
        # Blank cells take the first row's value.
        edit(rows, "action", {"key": "cohort-2"}, objectives="")
        edit(rows, "initiative", {"initiative": "talent-pool"}, objectives="")
        assert errors_of(load_csv, write(rows)) == [
            f"row {objective_row}, column 'objectives': workstream 'inclusion' refers to unknown "
            "objective 'thrive'",
            f"row {period_row}, column 'period': period '2030/31' is not one of the strategy's "
            "periods (2024/25, 2025/26)",
            f"row {link_row}, column 'framework_item': workstream 'inclusion' links to 'bold', "
            "which is not an item of 'local-values'",
        ]

    def test_duplicate_keys(self):
        rows = small_csv_rows()
        first = edit(rows, "action", {"key": "cohort-1"})
        second = edit(rows, "action", {"key": "cohort-2"}, key="cohort-1")
        objective = edit(rows, "objective", {"key": "belong"})
        rows.append(["objective"] + [""] * 8 + ["belong", "Again"] + [""] * 6)
        assert errors_of(load_csv, write(rows)) == [
            f"row {second}, column 'key': initiative 'reciprocal-mentoring' action key "
            f"'cohort-1' is used more than once (first on row {first})",
            f"row {len(rows)}, column 'key': objective key 'belong' is used more than once "
            f"(first on row {objective})",
        ]

    def test_missing_title(self):
        rows = small_csv_rows()
        row = edit(rows, "action", {"key": "cohort-2"}, title="")
        assert errors_of(load_csv, write(rows)) == [
            f"row {row}, column 'title': action 'cohort-2' title is missing"
        ]

    def test_conflicting_repeated_columns(self):
        rows = small_csv_rows()
        first = edit(rows, "action", {"key": "cohort-1"})
        second = edit(rows, "action", {"key": "cohort-2"}, lead="Someone else's role")
        assert errors_of(load_csv, write(rows)) == [
            f"row {second}, column 'lead': 'Someone else's role' differs from 'Head of "
            f"Inclusion, Fernbrook Hospital' given for workstream 'inclusion' on row {first}"
        ]

    def test_wrong_kind_of_row_and_cells_it_does_not_use(self):
        rows = small_csv_rows()
        bad = edit(rows, "period", {"key": "2024/25"}, record="periods")
        slipped = edit(rows, "framework_link", {"framework_item": "kind"}, status="done")
        errors = errors_of(load_csv, write(rows))
        assert f"row {slipped}, column 'status': a framework_link row does not use this column" in (
            errors
        )
        assert errors[0].startswith(f"row {bad}, column 'record': 'periods' is not a kind of row")

    def test_header_problems(self):
        rows = small_csv_rows()
        rows[0][rows[0].index("status")] = "state"
        errors = errors_of(load_csv, write(rows))
        assert errors[0].startswith("row 1, column 'state': unknown column 'state'")
        assert len(errors) > 1  # the statuses are now missing too: all reported together

    def test_no_record_column_or_empty_file(self):
        assert errors_of(load_csv, "title,key\nx,y\n") == [
            "row 1: there is no 'record' column, which says what each row is"
        ]
        assert errors_of(load_csv, "") == [
            "row 1: the file is empty; row 1 should name the columns"
        ]

    def test_missing_name_is_reported_for_the_whole_file(self):
        rows = [r for r in small_csv_rows() if r[0] != "name"]
        assert errors_of(load_csv, write(rows)) == ["the strategy's name is missing"]

    def test_nothing_is_imported_when_any_row_is_wrong(self):
        rows = small_csv_rows()
        edit(rows, "action", {"key": "cohort-2"}, status="finished")
        with pytest.raises(StrategyFileError):
            load_csv(write(rows))


def test_statuses_are_checked_on_a_model_built_in_code():
    strategy = load_yaml(SMALL)
    ws = strategy.workstreams[0]
    bad = replace(
        strategy,
        workstreams=(replace(ws, senior_responsible_owner=""), *strategy.workstreams[1:]),
    )
    assert errors_of(load_yaml, dump_yaml(bad)) == [
        f"line {line_of(dump_yaml(bad), 'key: inclusion')}: workstream 'inclusion' senior "
        "responsible owner is missing"
    ]
