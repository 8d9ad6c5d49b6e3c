"""A system's People Strategy as a structured file: load, check and save it as YAML or CSV.

Plain Python with no Django imports. The Django layer stores what :func:`load_yaml` or
:func:`load_csv` returns and shows the framework matrix from :meth:`Strategy.matrix`. Loading
either gives a complete, checked :class:`Strategy` or raises :class:`StrategyFileError` with
every problem found, by line or row, so a malformed file imports nothing.

The demo strategy (an invented ICS, in our own words) is :func:`demo_strategy_text`.
"""

from importlib import resources

from .csv_io import COLUMNS, dump_csv, load_csv
from .errors import FileError, StrategyFileError
from .frameworks import ICS_PEOPLE_FUNCTIONS, NATIONAL_FRAMEWORKS, PEOPLE_PROMISE
from .model import (
    STATUS_LABELS,
    STATUSES,
    Action,
    Framework,
    FrameworkItem,
    FrameworkLink,
    Initiative,
    Objective,
    Strategy,
    Workstream,
)
from .yaml_io import dump_yaml, load_yaml


def demo_strategy_text() -> str:
    """The YAML of the demo strategy shipped with the package."""
    return resources.files(__name__).joinpath("demo_strategy.yaml").read_text(encoding="utf-8")


def demo_strategy() -> Strategy:
    """The demo strategy, loaded and checked."""
    return load_yaml(demo_strategy_text())


__all__ = [
    "COLUMNS",
    "ICS_PEOPLE_FUNCTIONS",
    "NATIONAL_FRAMEWORKS",
    "PEOPLE_PROMISE",
    "STATUSES",
    "STATUS_LABELS",
    "Action",
    "FileError",
    "Framework",
    "FrameworkItem",
    "FrameworkLink",
    "Initiative",
    "Objective",
    "Strategy",
    "StrategyFileError",
    "Workstream",
    "demo_strategy",
    "demo_strategy_text",
    "dump_csv",
    "dump_yaml",
    "load_csv",
    "load_yaml",
]
