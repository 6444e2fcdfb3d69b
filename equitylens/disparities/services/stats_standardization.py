"""Direct standardization of proportions to a standard population.

A group's standardized rate is R = Σ_s w_s r_s / Σ_s w_s over the strata s of the standard
population (w_s its weights, r_s = events_s / n_s the group's rate in stratum s). Its variance
is V = Σ_s (w_s / Σw)² r_s (1 − r_s) / n_s (binomial within strata).

The interval is a Wilson score interval on the effective sample size n_eff = R (1 − R) / V (the
size of a simple random sample with the same precision, as Korn & Graubard 1998 do for survey
proportions); when V = 0 (every stratum rate 0 or 1) the crude n is used. This keeps the
interval inside [0, 1] and reduces to the plain Wilson interval when there is one stratum.
Fay–Feuer gamma intervals are for rates per person-time, not proportions, so they are not used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .stats_intervals import wilson_from_rate


@dataclass(frozen=True)
class Estimate:
    """A rate with its 95% interval and variance (used for comparisons)."""

    rate: float
    low: float
    high: float
    variance: float


def standardized_rate(
    strata: Mapping[str, tuple[int, int]], standard: Mapping[str, float]
) -> Estimate | str:
    """Directly standardized rate of one group, or the reason it cannot be computed.

    `strata` maps stratum → (n, events) for the group; `standard` maps stratum → weight. A
    stratum of the standard with positive weight and no people in the group makes the rate
    undefined (the reason names the stratum).
    """
    weights = {s: w for s, w in standard.items() if w > 0}
    total_weight = sum(weights.values())
    missing = sorted(s for s in weights if strata.get(s, (0, 0))[0] <= 0)
    if missing:
        return "no people in standard-population stratum " + ", ".join(repr(s) for s in missing)
    rate = 0.0
    variance = 0.0
    for s, w in weights.items():
        n, events = strata[s]
        r = events / n
        share = w / total_weight
        rate += share * r
        variance += share * share * r * (1 - r) / n
    if variance > 0 and 0 < rate < 1:
        n_eff = rate * (1 - rate) / variance
    else:
        n_eff = float(sum(strata[s][0] for s in weights))
    low, high = wilson_from_rate(rate, n_eff)
    return Estimate(rate, low, high, variance)
