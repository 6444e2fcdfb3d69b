"""Intervals, p-values and q-values agree with statsmodels/scipy to 1e-9."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.stats import chi2_contingency
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

from equitylens.disparities.services.stats_intervals import (
    bh_qvalues,
    katz_ratio,
    newcombe_difference,
    two_proportion_p,
    wilson_interval,
)

TOL = 1e-9
PAIRS = [(0, 7), (1, 7), (7, 7), (11, 40), (39, 40), (300, 500), (12345, 98765), (5, 1000000)]


@pytest.mark.parametrize(("events", "n"), PAIRS)
def test_wilson_matches_statsmodels(events: int, n: int) -> None:
    low, high = wilson_interval(events, n)
    ref_low, ref_high = proportion_confint(events, n, alpha=0.05, method="wilson")
    assert low == pytest.approx(ref_low, abs=TOL)
    assert high == pytest.approx(ref_high, abs=TOL)
    assert low <= events / n <= high


def test_wilson_refuses_an_empty_group() -> None:
    with pytest.raises(ValueError, match="n > 0"):
        wilson_interval(0, 0)


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(PAIRS, 2)))
def test_newcombe_difference_matches_statsmodels_group_minus_reference(
    a: tuple[int, int], b: tuple[int, int]
) -> None:
    low, high = newcombe_difference(a[0], a[1], b[0], b[1])
    ref_low, ref_high = confint_proportions_2indep(
        a[0], a[1], b[0], b[1], method="newcomb", compare="diff"
    )
    assert low == pytest.approx(ref_low, abs=TOL)
    assert high == pytest.approx(ref_high, abs=TOL)
    assert low <= a[0] / a[1] - b[0] / b[1] <= high


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(PAIRS[1:], 2)))
def test_log_ratio_matches_statsmodels_log_method(a: tuple[int, int], b: tuple[int, int]) -> None:
    result = katz_ratio(a[0], a[1], b[0], b[1])
    assert result is not None
    ratio, low, high = result
    ref_low, ref_high = confint_proportions_2indep(
        a[0], a[1], b[0], b[1], method="log", compare="ratio"
    )
    assert ratio == pytest.approx((a[0] / a[1]) / (b[0] / b[1]), rel=TOL)
    assert low == pytest.approx(ref_low, rel=TOL)
    assert high == pytest.approx(ref_high, rel=TOL)


def test_ratio_with_zero_events_is_not_estimable_rather_than_crashing() -> None:
    assert katz_ratio(0, 50, 10, 50) is None
    assert katz_ratio(10, 50, 0, 50) is None


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(PAIRS[1:], 2)))
def test_p_value_matches_pooled_z_test_and_uncorrected_chi_square(
    a: tuple[int, int], b: tuple[int, int]
) -> None:
    p = two_proportion_p(a[0], a[1], b[0], b[1])
    _z, ref = proportions_ztest([a[0], b[0]], [a[1], b[1]])
    assert p == pytest.approx(ref, abs=TOL)
    table = np.array([[a[0], a[1] - a[0]], [b[0], b[1] - b[0]]])
    assert p == pytest.approx(chi2_contingency(table, correction=False).pvalue, abs=TOL)


def test_p_value_is_one_when_both_groups_have_no_events() -> None:
    assert two_proportion_p(0, 30, 0, 40) == 1.0


@pytest.mark.parametrize("seed", range(5))
def test_bh_q_values_match_statsmodels(seed: int) -> None:
    rng = np.random.default_rng(seed)
    p = np.concatenate([rng.uniform(size=30), rng.uniform(0, 0.01, size=10), [0.02, 0.02, 1.0]])
    rng.shuffle(p)
    expected = multipletests(p, method="fdr_bh")[1]
    assert bh_qvalues(list(p)) == pytest.approx(list(expected), abs=TOL)


def test_bh_of_nothing_is_nothing() -> None:
    assert bh_qvalues([]) == []
