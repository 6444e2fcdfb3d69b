"""Summary disparity indices for one outcome across the groups of one column.

All three use only the groups that are shown (not suppressed), so they reveal nothing the
rows do not; each is None when fewer than two groups remain or when it is undefined.

* Index of disparity (Pearcy & Keppel 2002, Public Health Reports 117:273-280):
  ID = 100 · (Σ_j |r_j − r_ref| / J) / r_ref, the mean absolute deviation of the J
  non-reference groups' rates from the reference rate, as a percentage of the reference rate.
* Between-group variance (as in NCI HD*Calc): BGV = Σ_j p_j (r_j − μ)², with p_j the group's
  share of the people and μ = Σ_j p_j r_j the overall rate of the shown groups.
* Theil index (Theil T for rates, as in NCI HD*Calc): T = Σ_j p_j (r_j/μ) ln(r_j/μ), with
  0 · ln 0 taken as 0; 0 means equal rates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class GroupRate:
    """One shown group's rate and size."""

    group: str
    n: int
    rate: float


def index_of_disparity(rates: list[GroupRate], reference: str | None) -> float | None:
    """Pearcy & Keppel's index of disparity in percent, or None (no shown reference, rate 0,
    or fewer than two groups)."""
    ref = next((r for r in rates if r.group == reference), None)
    others = [r for r in rates if r.group != reference]
    if ref is None or not others or ref.rate == 0:
        return None
    mean_abs = sum(abs(r.rate - ref.rate) for r in others) / len(others)
    return 100.0 * mean_abs / ref.rate


def between_group_variance(rates: list[GroupRate]) -> float | None:
    """Population-weighted variance of group rates around the overall rate, or None."""
    total = sum(r.n for r in rates)
    if len(rates) < 2 or total == 0:
        return None
    mu = sum(r.n * r.rate for r in rates) / total
    return sum(r.n / total * (r.rate - mu) ** 2 for r in rates)


def theil_index(rates: list[GroupRate]) -> float | None:
    """Theil T over group rates, or None (fewer than two groups or an overall rate of 0)."""
    total = sum(r.n for r in rates)
    if len(rates) < 2 or total == 0:
        return None
    mu = sum(r.n * r.rate for r in rates) / total
    if mu == 0:
        return None
    value = 0.0
    for r in rates:
        share = r.rate / mu
        if share > 0:
            value += r.n / total * share * math.log(share)
    return value


def summary_indices(
    group_column: str, outcome: str, rates: list[GroupRate], reference: str | None
) -> dict[str, object]:
    """The index row for one column × outcome: the three indices and the groups used."""
    return {
        "group_column": group_column,
        "outcome": outcome,
        "reference": reference,
        "groups_used": len(rates),
        "index_of_disparity": index_of_disparity(rates, reference),
        "between_group_variance": between_group_variance(rates),
        "theil_index": theil_index(rates),
    }
