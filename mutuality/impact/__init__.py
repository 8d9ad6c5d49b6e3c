"""Impact: the poll, its statistics, and the evaluation report's disclosed figures and charts.

Plain Python with no Django imports, like :mod:`mutuality.disclosure`, which every figure here
passes through. The layers, from raw answers to the page:

* :mod:`.instrument`: the default reciprocal-mentoring poll as data;
* :mod:`.stats`: statistics on raw answers (never shown as they are);
* :mod:`.report`: disclosed results (``Cell``\\ s and rounded statistics) and headline
  sentences, the only things a template should print;
* :mod:`.charts`: SVG charts with a text alternative and a data table, drawn from disclosed
  results only.
"""

from .charts import Chart, attendance_chart, change_chart, likert_chart, rhythm_chart
from .instrument import (
    ASPIRING,
    DEFAULT_INSTRUMENT,
    ESTABLISHED,
    KINDS,
    LIKERT5,
    LIKERT_LABELS,
    MULTIPLE,
    SCALE10,
    SIDES,
    SINGLE,
    TEXT,
    YESNO,
    Instrument,
    Question,
)
from .report import (
    BASELINE,
    FINAL,
    WAVE_LABELS,
    AttendanceRow,
    Band,
    Headline,
    ItemResult,
    MonthRow,
    PairedResult,
    Rhythm,
    SessionCount,
    WaveResult,
    attendance,
    headline,
    likert_item,
    meeting_rhythm,
    paired_result,
    summarise_item,
    wave_result,
)
from .stats import (
    LikertSummary,
    PairedChange,
    ShareChange,
    attendance_rate,
    likert_summary,
    meetings_per_month,
    meetings_per_pair_per_month,
    pair_answers,
    paired_change,
    share_change,
)

__all__ = [
    "ASPIRING",
    "BASELINE",
    "DEFAULT_INSTRUMENT",
    "ESTABLISHED",
    "FINAL",
    "KINDS",
    "LIKERT5",
    "LIKERT_LABELS",
    "MULTIPLE",
    "SCALE10",
    "SIDES",
    "SINGLE",
    "TEXT",
    "WAVE_LABELS",
    "YESNO",
    "AttendanceRow",
    "Band",
    "Chart",
    "Headline",
    "Instrument",
    "ItemResult",
    "LikertSummary",
    "MonthRow",
    "PairedChange",
    "PairedResult",
    "Question",
    "Rhythm",
    "SessionCount",
    "ShareChange",
    "WaveResult",
    "attendance",
    "attendance_chart",
    "attendance_rate",
    "change_chart",
    "headline",
    "likert_chart",
    "likert_item",
    "likert_summary",
    "meeting_rhythm",
    "meetings_per_month",
    "meetings_per_pair_per_month",
    "pair_answers",
    "paired_change",
    "paired_result",
    "rhythm_chart",
    "share_change",
    "summarise_item",
    "wave_result",
]
