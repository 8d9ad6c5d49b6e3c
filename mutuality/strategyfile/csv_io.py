"""Read and write a strategy as one flat CSV table that a people team can edit in Excel.

The format
----------
Row 1 names the columns (in any order; unused ones may be deleted)::

    record, workstream, workstream_title, senior_responsible_owner, lead, objectives,
    initiative, initiative_title, initiative_description,
    key, title, description, period, status, evidence, framework, framework_item

The ``record`` column says what each row is, and so which other columns it uses:

=================  ===================================================================
record             columns it uses
=================  ===================================================================
``name``           ``title``: the strategy's name (one row)
``system``         ``title``: the system's name (one row)
``period``         ``key``: a period label such as 2024/25, one row each, in order
``framework``      ``key`` and ``title``: a framework the matrix uses; a national one
                   (people-promise, ics-people-functions) needs only its key
``framework_item`` ``framework``, ``framework_item``, ``title``: an item of a framework
                   of the system's own (not needed for the national ones)
``objective``      ``key``, ``title``, ``description``
``action``         one row per action: the workstream columns (``workstream``,
                   ``workstream_title``, ``senior_responsible_owner``, ``lead``,
                   ``objectives`` as keys separated by semicolons), the initiative
                   columns (``initiative``, ``initiative_title``,
                   ``initiative_description``), then the action's own ``key``,
                   ``title``, ``period``, ``status`` and ``evidence``
``initiative``     an initiative with no actions yet: workstream and initiative columns
``workstream``     a workstream with no initiatives yet: workstream columns
``framework_link`` ``workstream``, ``framework``, ``framework_item``: one cell of the
                   framework matrix
=================  ===================================================================

The workstream and initiative columns are repeated on every action row, so the sheet can be
sorted and filtered freely; rows are grouped back by the ``workstream`` and ``initiative``
keys, in the order each key first appears. A repeated column may be left blank after its
first row, but two different values for the same workstream or initiative are an error,
since we cannot tell which one is meant. A filled cell that the row's record does not use is
an error too: it is usually a sign that a row has slipped by a column.

Rows are numbered as a spreadsheet numbers them (the header is row 1). Excel's UTF-8 byte
order mark is ignored on reading; a download for Excel should add one (``"\\ufeff" + text``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from mutuality.cells import neutralise, restore

from .errors import FileError, Locations, Path, StrategyFileError
from .frameworks import NATIONAL_FRAMEWORKS
from .model import (
    Action,
    Framework,
    FrameworkItem,
    FrameworkLink,
    Initiative,
    Objective,
    Strategy,
    Workstream,
)
from .validate import validate

COLUMNS = (
    "record",
    "workstream",
    "workstream_title",
    "senior_responsible_owner",
    "lead",
    "objectives",
    "initiative",
    "initiative_title",
    "initiative_description",
    "key",
    "title",
    "description",
    "period",
    "status",
    "evidence",
    "framework",
    "framework_item",
)

WORKSTREAM_COLUMNS = (
    "workstream",
    "workstream_title",
    "senior_responsible_owner",
    "lead",
    "objectives",
)
INITIATIVE_COLUMNS = ("initiative", "initiative_title", "initiative_description")
ACTION_COLUMNS = ("key", "title", "period", "status", "evidence")

RECORD_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("title",),
    "system": ("title",),
    "period": ("key",),
    "framework": ("key", "title"),
    "framework_item": ("framework", "framework_item", "title"),
    "objective": ("key", "title", "description"),
    "workstream": WORKSTREAM_COLUMNS,
    "initiative": WORKSTREAM_COLUMNS + INITIATIVE_COLUMNS,
    "action": WORKSTREAM_COLUMNS + INITIATIVE_COLUMNS + ACTION_COLUMNS,
    "framework_link": ("workstream", "framework", "framework_item"),
}

# Which model field each repeated column fills, for the messages and locations.
_WS_FIELDS = {
    "workstream_title": "title",
    "senior_responsible_owner": "senior_responsible_owner",
    "lead": "lead",
    "objectives": "objectives",
}
_INI_FIELDS = {"initiative_title": "title", "initiative_description": "description"}


def _split_keys(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


@dataclass
class _Group:
    """A workstream or initiative being gathered from the rows that repeat its columns."""

    key: str
    row: int
    values: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    children: dict[str, _Group] = field(default_factory=dict)
    actions: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    links: list[tuple[int, str, str]] = field(default_factory=list)


class _Reader:
    def __init__(self) -> None:
        self.errors: list[FileError] = []
        self.where = Locations("row")

    def error(self, row: int, column: str | None, message: str) -> None:
        self.errors.append(FileError(row, message, column, "row"))

    def merge(
        self, group: _Group, row: int, cells: dict[str, str], columns: dict[str, str]
    ) -> None:
        what = "workstream" if "workstream_title" in columns else "initiative"
        for column in columns:
            value = cells.get(column, "")
            if not value:
                continue
            if column not in group.values:
                group.values[column] = value
                group.rows[column] = row
            elif group.values[column] != value:
                self.error(
                    row,
                    column,
                    f"'{value}' differs from '{group.values[column]}' given for {what} "
                    f"'{group.key}' on row {group.rows[column]}",
                )

    def read(self, text: str) -> Strategy | None:
        text = text.removeprefix("\ufeff")
        try:
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error as exc:
            self.error(1, None, f"this is not a readable CSV file: {exc}")
            return None
        if not rows or not any(cell.strip() for cell in rows[0]):
            self.error(1, None, "the file is empty; row 1 should name the columns")
            return None
        header = [cell.strip() for cell in rows[0]]
        for column in header:
            if column and column not in COLUMNS:
                self.error(1, column, f"unknown column '{column}'; expected {', '.join(COLUMNS)}")
            elif column and header.count(column) > 1:
                self.error(1, column, f"column '{column}' appears more than once")
        if "record" not in header:
            self.error(1, None, "there is no 'record' column, which says what each row is")
            return None

        name: tuple[int, str] | None = None
        system: tuple[int, str] | None = None
        periods: list[tuple[int, str]] = []
        frameworks: list[tuple[int, dict[str, str]]] = []
        framework_items: dict[str, list[tuple[int, dict[str, str]]]] = {}
        objectives: list[tuple[int, dict[str, str]]] = []
        workstreams: dict[str, _Group] = {}
        initiative_owner: dict[str, str] = {}

        for number, raw in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in raw):
                continue
            if len(raw) > len(header):
                self.error(number, None, "this row has more cells than row 1 has columns")
            cells = {
                column: restore(cell.strip())
                for column, cell in zip(header, raw, strict=False)
                if column in COLUMNS
            }
            record = cells.get("record", "")
            used = RECORD_COLUMNS.get(record)
            if used is None:
                self.error(
                    number,
                    "record",
                    f"'{record}' is not a kind of row; use one of {', '.join(RECORD_COLUMNS)}"
                    if record
                    else f"record is missing; use one of {', '.join(RECORD_COLUMNS)}",
                )
                continue
            for column, value in cells.items():
                if value and column != "record" and column not in used:
                    self.error(number, column, f"a {record} row does not use this column")

            if record in ("name", "system"):
                if (name if record == "name" else system) is not None:
                    self.error(number, "record", f"the strategy's {record} is given twice")
                elif record == "name":
                    name = (number, cells.get("title", ""))
                else:
                    system = (number, cells.get("title", ""))
            elif record == "period":
                periods.append((number, cells.get("key", "")))
            elif record == "framework":
                frameworks.append((number, cells))
            elif record == "framework_item":
                framework_items.setdefault(cells.get("framework", ""), []).append((number, cells))
            elif record == "objective":
                objectives.append((number, cells))
            else:
                ws_key = cells.get("workstream", "")
                if not ws_key:
                    self.error(number, "workstream", f"a {record} row needs a workstream key")
                    continue
                ws = workstreams.setdefault(ws_key, _Group(ws_key, number))
                if record == "framework_link":
                    ws.links.append(
                        (number, cells.get("framework", ""), cells.get("framework_item", ""))
                    )
                    continue
                self.merge(ws, number, cells, _WS_FIELDS)
                if record == "workstream":
                    continue
                ini_key = cells.get("initiative", "")
                if not ini_key:
                    self.error(number, "initiative", f"an {record} row needs an initiative key")
                    continue
                owner = initiative_owner.setdefault(ini_key, ws_key)
                if owner != ws_key:
                    self.error(
                        number,
                        "initiative",
                        f"initiative '{ini_key}' is already in workstream '{owner}'",
                    )
                    continue
                ini = ws.children.setdefault(ini_key, _Group(ini_key, number))
                self.merge(ini, number, cells, _INI_FIELDS)
                if record == "action":
                    ini.actions.append((number, cells))

        return self.build(
            name, system, periods, frameworks, framework_items, objectives, workstreams
        )

    def build(
        self,
        name: tuple[int, str] | None,
        system: tuple[int, str] | None,
        periods: list[tuple[int, str]],
        frameworks: list[tuple[int, dict[str, str]]],
        framework_items: dict[str, list[tuple[int, dict[str, str]]]],
        objectives: list[tuple[int, dict[str, str]]],
        workstreams: dict[str, _Group],
    ) -> Strategy:
        where = self.where
        if name is not None:
            where.record(("name",), name[0], "title")
        if system is not None:
            where.record(("system",), system[0], "title")
        for i, (row, _) in enumerate(periods):
            where.record(("periods", i), row, "key")

        built_frameworks: list[Framework] = []
        declared = set()
        for i, (row, cells) in enumerate(frameworks):
            key = cells.get("key", "")
            declared.add(key)
            where.record(("frameworks", i), row, None)
            where.record(("frameworks", i, "key"), row, "key")
            where.record(("frameworks", i, "title"), row, "title")
            items = framework_items.get(key, [])
            if not items and key in NATIONAL_FRAMEWORKS:
                built_frameworks.append(NATIONAL_FRAMEWORKS[key])
                continue
            if not items and key:
                self.error(
                    row,
                    "key",
                    f"unknown framework '{key}'; name one of {', '.join(NATIONAL_FRAMEWORKS)}, "
                    "or list its items in framework_item rows",
                )
                continue
            for j, (item_row, _) in enumerate(items):
                where.record(("frameworks", i, "items", j, "key"), item_row, "framework_item")
                where.record(("frameworks", i, "items", j, "title"), item_row, "title")
            built_frameworks.append(
                Framework(
                    key=key,
                    title=cells.get("title", ""),
                    items=tuple(
                        FrameworkItem(c.get("framework_item", ""), c.get("title", ""))
                        for _, c in items
                    ),
                )
            )
        for key, items in framework_items.items():
            if key not in declared:
                for row, _ in items:
                    self.error(
                        row, "framework", f"framework '{key}' has no framework row of its own"
                    )

        for i, (row, _) in enumerate(objectives):
            for column in ("key", "title"):
                where.record(("objectives", i, column), row, column)

        built_workstreams = []
        for i, ws in enumerate(workstreams.values()):
            at: Path = ("workstreams", i)
            where.record(at, ws.row, "workstream")
            where.record((*at, "key"), ws.row, "workstream")
            for column, model_field in _WS_FIELDS.items():
                where.record((*at, model_field), ws.rows.get(column, ws.row), column)
            refs = _split_keys(ws.values.get("objectives", ""))
            for n in range(len(refs)):
                where.record(
                    (*at, "objectives", n), ws.rows.get("objectives", ws.row), "objectives"
                )
            for n, (row, _, _) in enumerate(ws.links):
                where.record((*at, "framework_links", n), row, "framework_item")
            initiatives = []
            for j, ini in enumerate(ws.children.values()):
                at_i: Path = (*at, "initiatives", j)
                where.record(at_i, ini.row, "initiative")
                where.record((*at_i, "key"), ini.row, "initiative")
                for column, model_field in _INI_FIELDS.items():
                    where.record((*at_i, model_field), ini.rows.get(column, ini.row), column)
                for k, (row, _) in enumerate(ini.actions):
                    where.record((*at_i, "actions", k), row, None)
                    for column in ACTION_COLUMNS:
                        where.record((*at_i, "actions", k, column), row, column)
                initiatives.append(
                    Initiative(
                        key=ini.key,
                        title=ini.values.get("initiative_title", ""),
                        description=ini.values.get("initiative_description", ""),
                        actions=tuple(
                            Action(
                                key=c.get("key", ""),
                                title=c.get("title", ""),
                                period=c.get("period", ""),
                                status=c.get("status", ""),
                                evidence=c.get("evidence", ""),
                            )
                            for _, c in ini.actions
                        ),
                    )
                )
            built_workstreams.append(
                Workstream(
                    key=ws.key,
                    title=ws.values.get("workstream_title", ""),
                    objective_keys=refs,
                    senior_responsible_owner=ws.values.get("senior_responsible_owner", ""),
                    lead=ws.values.get("lead", ""),
                    initiatives=tuple(initiatives),
                    framework_links=tuple(FrameworkLink(f, item) for _, f, item in ws.links),
                )
            )

        return Strategy(
            name=name[1] if name else "",
            system=system[1] if system else "",
            period_labels=tuple(label for _, label in periods),
            objectives=tuple(
                Objective(c.get("key", ""), c.get("title", ""), c.get("description", ""))
                for _, c in objectives
            ),
            workstreams=tuple(built_workstreams),
            frameworks=tuple(built_frameworks),
        )


def load_csv(text: str) -> Strategy:
    """The strategy in a CSV file; raises :class:`StrategyFileError` listing every problem."""
    reader = _Reader()
    strategy = reader.read(text)
    if strategy is None:
        raise StrategyFileError(reader.errors)
    errors = reader.errors + validate(strategy, reader.where)
    if errors:
        raise StrategyFileError(errors)
    return strategy


def rows(strategy: Strategy) -> Iterable[dict[str, str]]:
    """The strategy's rows, in the order :func:`dump_csv` writes them."""
    yield {"record": "name", "title": strategy.name}
    yield {"record": "system", "title": strategy.system}
    for label in strategy.period_labels:
        yield {"record": "period", "key": label}
    for framework in strategy.frameworks:
        yield {"record": "framework", "key": framework.key, "title": framework.title}
        if NATIONAL_FRAMEWORKS.get(framework.key) != framework:
            for item in framework.items:
                yield {
                    "record": "framework_item",
                    "framework": framework.key,
                    "framework_item": item.key,
                    "title": item.title,
                }
    for objective in strategy.objectives:
        yield {
            "record": "objective",
            "key": objective.key,
            "title": objective.title,
            "description": objective.description,
        }
    for ws in strategy.workstreams:
        ws_cells = {
            "workstream": ws.key,
            "workstream_title": ws.title,
            "senior_responsible_owner": ws.senior_responsible_owner,
            "lead": ws.lead,
            "objectives": "; ".join(ws.objective_keys),
        }
        if not ws.initiatives:
            yield {"record": "workstream", **ws_cells}
        for ini in ws.initiatives:
            ini_cells = {
                **ws_cells,
                "initiative": ini.key,
                "initiative_title": ini.title,
                "initiative_description": ini.description,
            }
            if not ini.actions:
                yield {"record": "initiative", **ini_cells}
            for action in ini.actions:
                yield {
                    "record": "action",
                    **ini_cells,
                    "key": action.key,
                    "title": action.title,
                    "period": action.period,
                    "status": action.status,
                    "evidence": action.evidence,
                }
        for link in ws.framework_links:
            yield {
                "record": "framework_link",
                "workstream": ws.key,
                "framework": link.framework,
                "framework_item": link.item,
            }


def dump_csv(strategy: Strategy) -> str:
    """The strategy as CSV that :func:`load_csv` reads back to an equal strategy. Text that a
    spreadsheet would run as a formula is neutralised (and restored on loading)."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(
        {key: neutralise(value) for key, value in row.items()} for row in rows(strategy)
    )
    return out.getvalue()
