"""Confidence intervals, tests and multiplicity for proportions (numpy/scipy only).

Every function takes counts (or an estimate with its variance) and returns plain floats, with
`None` where a quantity is undefined; none of them raises on a zero cell. All intervals are
two-sided at `confidence` (95% by default) using z = Φ⁻¹(1 − α/2).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy.stats import norm

Interval = tuple[float, float]


@lru_cache(maxsize=8)  # scipy's isf costs ~50 µs; it is called for every interval
def z_value(confidence: float = 0.95) -> float:
    """The two-sided normal quantile for `confidence` (1.959963… for 95%)."""
    return float(norm.isf((1.0 - confidence) / 2.0))


def wilson_interval(events: int, n: int, confidence: float = 0.95) -> Interval:
    """Wilson score interval for events/n (Wilson 1927), without continuity correction.

    Guarantees 0 ≤ low ≤ events/n ≤ high ≤ 1. Requires n > 0.
    """
    if n <= 0:
        raise ValueError(f"Wilson interval needs n > 0; got n={n}")
    return wilson_from_rate(events / n, n, confidence)


def wilson_from_rate(p: float, n: float, confidence: float = 0.95) -> Interval:
    """Wilson score interval for a proportion `p` observed on a (possibly effective) size `n`."""
    z = z_value(confidence)
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    # Clamped so rounding never puts p outside its own interval (e.g. 0 < low when p = 0).
    return min(p, max(0.0, centre - half)), max(p, min(1.0, centre + half))


def mover_difference(p1: float, ci1: Interval, p2: float, ci2: Interval) -> Interval:
    """Interval for p1 − p2 by the method of variance estimates recovery (MOVER).

    With Wilson intervals for each proportion this is Newcombe's (1998) method 10; it also
    serves standardized rates whose own intervals come from another method.
    """
    d = p1 - p2
    low = d - math.sqrt((p1 - ci1[0]) ** 2 + (ci2[1] - p2) ** 2)
    high = d + math.sqrt((ci1[1] - p1) ** 2 + (p2 - ci2[0]) ** 2)
    return low, high


def newcombe_difference(
    events1: int, n1: int, events2: int, n2: int, confidence: float = 0.95
) -> Interval:
    """Newcombe (1998, method 10) hybrid-score interval for p1 − p2 (group minus reference)."""
    return mover_difference(
        events1 / n1,
        wilson_interval(events1, n1, confidence),
        events2 / n2,
        wilson_interval(events2, n2, confidence),
    )


def katz_ratio(
    events1: int, n1: int, events2: int, n2: int, confidence: float = 0.95
) -> tuple[float, float, float] | None:
    """Risk ratio p1/p2 with the log-method (Katz et al. 1978) interval.

    ln(RR) ± z·sqrt(1/e1 − 1/n1 + 1/e2 − 1/n2). Returns (ratio, low, high), or None when either
    group has 0 events (the ratio is 0 or infinite and its log variance undefined); no 0.5
    continuity correction is added, so the numbers are the plain log method.
    """
    if events1 <= 0 or events2 <= 0:
        return None
    ratio = (events1 / n1) / (events2 / n2)
    se = math.sqrt(1 / events1 - 1 / n1 + 1 / events2 - 1 / n2)
    return log_interval(ratio, se, confidence)


def log_interval(
    ratio: float, se_log: float, confidence: float = 0.95
) -> tuple[float, float, float]:
    """(ratio, low, high) for a ratio whose natural log has standard error `se_log`."""
    half = z_value(confidence) * se_log
    return ratio, ratio * math.exp(-half), ratio * math.exp(half)


def two_proportion_p(events1: int, n1: int, events2: int, n2: int) -> float:
    """Two-sided p-value of the pooled two-proportion z-test of p1 = p2.

    z = (p1 − p2) / sqrt(p̄(1 − p̄)(1/n1 + 1/n2)) with p̄ the pooled proportion; this is the
    score test, equal to the Pearson χ² test without continuity correction. When p̄ is 0 or 1
    both groups have identical rates and there is no evidence of a difference: p = 1.
    """
    pooled = (events1 + events2) / (n1 + n2)
    var = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if var <= 0:
        return 1.0
    z = (events1 / n1 - events2 / n2) / math.sqrt(var)
    return float(2 * norm.sf(abs(z)))


def wald_p(difference: float, variance: float) -> float:
    """Two-sided p of a Wald z-test that an estimate with `variance` is 0 (1 if var is 0)."""
    if variance <= 0:
        return 1.0
    return float(2 * norm.sf(abs(difference) / math.sqrt(variance)))


def bh_qvalues(p_values: Sequence[float]) -> list[float]:
    """Benjamini–Hochberg (1995) adjusted p-values (q-values), in the input order.

    q_(i) = min over j ≥ i of m·p_(j)/j, capped at 1: the smallest false discovery rate at which
    each hypothesis would be rejected.
    """
    p = np.asarray(p_values, dtype=float)
    m = p.size
    if m == 0:
        return []
    order = np.argsort(p, kind="mergesort")
    ranked = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty(m)
    q[order] = np.minimum(adjusted, 1.0)
    return [float(x) for x in q]
