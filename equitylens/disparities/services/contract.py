"""The shapes passed between the engine (Ibis aggregation) and the statistics.

The engine reduces any size of data to these small counts; every statistic is computed from
them in numpy/scipy. Both sides import from here so they agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ReferenceRule = Literal["largest", "best"]


@dataclass(frozen=True)
class GroupCount:
    """People (`n`) and events (outcome = 1, or the numerator) in one group for one outcome.

    `stratum` is the age band (or other standardization stratum) when counts are split for
    direct standardization; "" otherwise.
    """

    group_column: str
    group: str
    outcome: str
    n: int
    events: int
    stratum: str = ""


@dataclass(frozen=True)
class ConfusionCount:
    """Algorithm audit counts for one group at one threshold."""

    group_column: str
    group: str
    tp: int
    fp: int
    tn: int
    fn: int


@dataclass(frozen=True)
class CalibrationBin:
    """One decile of predicted risk within a group: people, sum of scores, observed events."""

    group_column: str
    group: str
    decile: int
    n: int
    predicted_sum: float
    observed: int


@dataclass
class MeasureOptions:
    """What to compare against what. `reference` maps group column → reference value;
    columns without one use `reference_rule`. `lower_is_better` lists outcomes where a
    lower rate is better (for the "best" rule)."""

    reference: dict[str, str] = field(default_factory=dict)
    reference_rule: ReferenceRule = "largest"
    min_cell: int = 11
    lower_is_better: tuple[str, ...] = ()
    standard_population: dict[str, float] | None = None  # stratum -> weight (direct)


ROW_KEYS = (
    "group_column",
    "group",
    "outcome",
    "n",
    "events",
    "rate",
    "ci_low",
    "ci_high",
    "reference",
    "difference",
    "difference_ci_low",
    "difference_ci_high",
    "ratio",
    "ratio_ci_low",
    "ratio_ci_high",
    "p_value",
    "q_value",
    "suppressed",
    "flag",
)
