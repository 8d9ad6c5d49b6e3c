"""Read and write a strategy as YAML, reporting problems by line.

The file looks like this (optional fields may be left out)::

    name: Northmoor and Dale People Strategy 2023-2028
    system: Northmoor and Dale Integrated Care System
    periods: [2023/24, 2024/25, 2025/28]
    frameworks: [people-promise, ics-people-functions]   # national ones by key
    objectives:
      - key: belonging
        title: Everyone belongs
        description: ...
    workstreams:
      - key: edib
        title: Equality, diversity, inclusion and belonging
        objectives: [belonging]
        senior_responsible_owner: Chief People Officer, ICB
        lead: Head of Inclusion, Northmoor General
        framework_links:
          people-promise: [compassionate-inclusive, voice-that-counts]
          ics-people-functions: [inclusion-belonging]
        initiatives:
          - key: reciprocal-mentoring
            title: Reciprocal mentoring for inclusion
            description: ...
            actions:
              - key: first-cohort
                title: Run the first cohort
                period: 2023/24
                status: done          # not_started, on_track, at_risk or done
                evidence: 24 pairs completed

A framework other than the national ones is written out in full in ``frameworks`` as
``{key, title, items: [{key, title}, ...]}``.

Why the file is read node by node (``yaml.compose``) rather than with ``yaml.safe_load``:
composing keeps each value's line, and sees a key written twice in one mapping, which
``safe_load`` would silently overwrite. No object is ever constructed from a tag, and any tag
beyond YAML's plain scalars, lists and mappings is refused, so the file is at least as safe as
``safe_load``.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

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

_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
}
_NULL = "tag:yaml.org,2002:null"

STRATEGY_FIELDS = ("name", "system", "periods", "frameworks", "objectives", "workstreams")
OBJECTIVE_FIELDS = ("key", "title", "description")
FRAMEWORK_FIELDS = ("key", "title", "items")
ITEM_FIELDS = ("key", "title")
WORKSTREAM_FIELDS = (
    "key",
    "title",
    "objectives",
    "senior_responsible_owner",
    "lead",
    "framework_links",
    "initiatives",
)
INITIATIVE_FIELDS = ("key", "title", "description", "actions")
ACTION_FIELDS = ("key", "title", "period", "status", "evidence")


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a set of fields"
    if isinstance(node, SequenceNode):
        return "a list"
    return "text"


class _Reader:
    """Walks the composed YAML, building the strategy and noting every problem and line."""

    def __init__(self) -> None:
        self.errors: list[FileError] = []
        self.where = Locations("line")

    def error(self, node: Node, message: str) -> None:
        self.errors.append(FileError(node.start_mark.line + 1, message))

    def place(self, path: Path, node: Node) -> None:
        self.where.record(path, node.start_mark.line + 1)

    def mapping(self, node: Node | None, path: Path, allowed: tuple[str, ...]) -> dict[str, Node]:
        """The fields of a mapping, refusing other shapes, unknown and repeated fields."""
        if node is None:
            return {}
        self.place(path, node)
        if not isinstance(node, MappingNode):
            self.error(node, f"expected {', '.join(allowed)} as fields, not {_kind(node)}")
            return {}
        fields: dict[str, Node] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, "a field name must be plain text")
                continue
            key = str(key_node.value)
            if allowed and key not in allowed:
                self.error(key_node, f"unknown field '{key}'; expected one of {', '.join(allowed)}")
                continue
            if key in fields:
                self.error(key_node, f"'{key}' is given twice (first on line {first_line[key]})")
                continue
            fields[key] = value_node
            first_line[key] = key_node.start_mark.line + 1
            self.place((*path, key), key_node)
        return fields

    def sequence(self, node: Node | None, path: Path, what: str) -> list[Node]:
        if node is None or (isinstance(node, ScalarNode) and node.tag == _NULL):
            return []
        self.place(path, node)
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} should be a list, not {_kind(node)}")
            return []
        return list(node.value)

    def text(self, node: Node | None, what: str) -> str:
        if node is None:
            return ""
        if not isinstance(node, ScalarNode):
            self.error(node, f"{what} should be text, not {_kind(node)}")
            return ""
        if node.tag == _NULL:
            return ""
        return str(node.value).strip()

    def check_tags(self, node: Node) -> None:
        """Refuse every tag that could ask a loader to build an object (``!!python/...``)."""
        stack = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, ScalarNode):
                if current.tag not in _PLAIN_TAGS:
                    self.error(current, f"tag '{current.tag}' is not allowed in a strategy file")
            elif isinstance(current, SequenceNode):
                if current.tag != "tag:yaml.org,2002:seq":
                    self.error(current, f"tag '{current.tag}' is not allowed in a strategy file")
                stack.extend(current.value)
            elif isinstance(current, MappingNode):
                if current.tag != "tag:yaml.org,2002:map":
                    self.error(current, f"tag '{current.tag}' is not allowed in a strategy file")
                for key_node, value_node in current.value:
                    stack.extend((key_node, value_node))

    # The strategy, top down.

    def strategy(self, root: Node) -> Strategy:
        fields = self.mapping(root, (), STRATEGY_FIELDS)
        periods = self.sequence(fields.get("periods"), ("periods",), "periods")
        for i, node in enumerate(periods):
            self.place(("periods", i), node)
        return Strategy(
            name=self.text(fields.get("name"), "name"),
            system=self.text(fields.get("system"), "system"),
            period_labels=tuple(self.text(node, "a period") for node in periods),
            frameworks=tuple(
                f
                for i, node in enumerate(
                    self.sequence(fields.get("frameworks"), ("frameworks",), "frameworks")
                )
                if (f := self.framework(node, ("frameworks", i))) is not None
            ),
            objectives=tuple(
                self.objective(node, ("objectives", i))
                for i, node in enumerate(
                    self.sequence(fields.get("objectives"), ("objectives",), "objectives")
                )
            ),
            workstreams=tuple(
                self.workstream(node, ("workstreams", i))
                for i, node in enumerate(
                    self.sequence(fields.get("workstreams"), ("workstreams",), "workstreams")
                )
            ),
        )

    def framework(self, node: Node, path: Path) -> Framework | None:
        self.place(path, node)
        if isinstance(node, ScalarNode):
            key = self.text(node, "framework")
            national = NATIONAL_FRAMEWORKS.get(key)
            if national is None:
                self.error(
                    node,
                    f"unknown framework '{key}'; name one of {', '.join(NATIONAL_FRAMEWORKS)}, "
                    "or define it with key, title and items",
                )
            return national
        fields = self.mapping(node, path, FRAMEWORK_FIELDS)
        items = self.sequence(fields.get("items"), (*path, "items"), "items")
        return Framework(
            key=self.text(fields.get("key"), "key"),
            title=self.text(fields.get("title"), "title"),
            items=tuple(
                FrameworkItem(
                    key=self.text(
                        (f := self.mapping(n, (*path, "items", j), ITEM_FIELDS)).get("key"), "key"
                    ),
                    title=self.text(f.get("title"), "title"),
                )
                for j, n in enumerate(items)
            ),
        )

    def objective(self, node: Node, path: Path) -> Objective:
        fields = self.mapping(node, path, OBJECTIVE_FIELDS)
        return Objective(
            key=self.text(fields.get("key"), "key"),
            title=self.text(fields.get("title"), "title"),
            description=self.text(fields.get("description"), "description"),
        )

    def workstream(self, node: Node, path: Path) -> Workstream:
        fields = self.mapping(node, path, WORKSTREAM_FIELDS)
        objectives = self.sequence(fields.get("objectives"), (*path, "objectives"), "objectives")
        for n, ref in enumerate(objectives):
            self.place((*path, "objectives", n), ref)
        return Workstream(
            key=self.text(fields.get("key"), "key"),
            title=self.text(fields.get("title"), "title"),
            objective_keys=tuple(self.text(ref, "an objective") for ref in objectives),
            senior_responsible_owner=self.text(
                fields.get("senior_responsible_owner"), "senior_responsible_owner"
            ),
            lead=self.text(fields.get("lead"), "lead"),
            framework_links=self.links(fields.get("framework_links"), (*path, "framework_links")),
            initiatives=tuple(
                self.initiative(n, (*path, "initiatives", j))
                for j, n in enumerate(
                    self.sequence(fields.get("initiatives"), (*path, "initiatives"), "initiatives")
                )
            ),
        )

    def links(self, node: Node | None, path: Path) -> tuple[FrameworkLink, ...]:
        if node is None or (isinstance(node, ScalarNode) and node.tag == _NULL):
            return ()
        links: list[FrameworkLink] = []
        for framework, items in self.mapping(node, path, ()).items():
            for item_node in self.sequence(items, (*path, framework), f"'{framework}' links"):
                self.place((*path, len(links)), item_node)
                links.append(FrameworkLink(framework, self.text(item_node, "a framework item")))
        return tuple(links)

    def initiative(self, node: Node, path: Path) -> Initiative:
        fields = self.mapping(node, path, INITIATIVE_FIELDS)
        return Initiative(
            key=self.text(fields.get("key"), "key"),
            title=self.text(fields.get("title"), "title"),
            description=self.text(fields.get("description"), "description"),
            actions=tuple(
                self.action(n, (*path, "actions", k))
                for k, n in enumerate(
                    self.sequence(fields.get("actions"), (*path, "actions"), "actions")
                )
            ),
        )

    def action(self, node: Node, path: Path) -> Action:
        fields = self.mapping(node, path, ACTION_FIELDS)
        return Action(
            key=self.text(fields.get("key"), "key"),
            title=self.text(fields.get("title"), "title"),
            period=self.text(fields.get("period"), "period"),
            status=self.text(fields.get("status"), "status"),
            evidence=self.text(fields.get("evidence"), "evidence"),
        )


def load_yaml(text: str) -> Strategy:
    """The strategy in a YAML file; raises :class:`StrategyFileError` listing every problem."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "unreadable"
        raise StrategyFileError([FileError(line, f"this is not valid YAML: {problem}")]) from exc
    except yaml.YAMLError as exc:
        raise StrategyFileError([FileError(None, f"this is not valid YAML: {exc}")]) from exc
    if root is None or (isinstance(root, ScalarNode) and root.tag == _NULL):
        raise StrategyFileError([FileError(None, "the file is empty")])
    reader = _Reader()
    reader.check_tags(root)
    if reader.errors:
        raise StrategyFileError(reader.errors)
    strategy = reader.strategy(root)
    errors = reader.errors + validate(strategy, reader.where)
    if errors:
        raise StrategyFileError(errors)
    return strategy


class _FlowList(list):
    """A short list of keys, written on one line: ``objectives: [belonging, workforce]``."""


class _Dumper(yaml.SafeDumper):
    """Indents list items under their field, as people write YAML by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


_Dumper.add_representer(
    _FlowList,
    lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True),
)


def _without_blanks(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value not in ("", None)}


def to_data(strategy: Strategy) -> dict[str, Any]:
    """The strategy as plain lists and dicts, in the file's field names and order."""
    frameworks: list[Any] = []
    for framework in strategy.frameworks:
        if NATIONAL_FRAMEWORKS.get(framework.key) == framework:
            frameworks.append(framework.key)
        else:
            frameworks.append(
                {
                    "key": framework.key,
                    "title": framework.title,
                    "items": [{"key": i.key, "title": i.title} for i in framework.items],
                }
            )
    workstreams = []
    for ws in strategy.workstreams:
        links: dict[str, _FlowList] = {}
        for link in ws.framework_links:
            links.setdefault(link.framework, _FlowList()).append(link.item)
        workstreams.append(
            _without_blanks(
                {
                    "key": ws.key,
                    "title": ws.title,
                    "objectives": _FlowList(ws.objective_keys) or None,
                    "senior_responsible_owner": ws.senior_responsible_owner,
                    "lead": ws.lead,
                    "framework_links": links or None,
                    "initiatives": [
                        _without_blanks(
                            {
                                "key": ini.key,
                                "title": ini.title,
                                "description": ini.description,
                                "actions": [
                                    _without_blanks(
                                        {
                                            "key": a.key,
                                            "title": a.title,
                                            "period": a.period,
                                            "status": a.status,
                                            "evidence": a.evidence,
                                        }
                                    )
                                    for a in ini.actions
                                ]
                                or None,
                            }
                        )
                        for ini in ws.initiatives
                    ]
                    or None,
                }
            )
        )
    return {
        "name": strategy.name,
        "system": strategy.system,
        "periods": _FlowList(strategy.period_labels),
        "frameworks": _FlowList(frameworks)
        if all(isinstance(f, str) for f in frameworks)
        else frameworks,
        "objectives": [
            _without_blanks({"key": o.key, "title": o.title, "description": o.description})
            for o in strategy.objectives
        ],
        "workstreams": workstreams,
    }


def dump_yaml(strategy: Strategy) -> str:
    """The strategy as YAML that :func:`load_yaml` reads back to an equal strategy."""
    return yaml.dump(
        to_data(strategy),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
