"""Direct standardization to a standard population, checked by hand."""

from __future__ import annotations

import math

import pytest
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

from equitylens.disparities.services.contract import GroupCount, MeasureOptions
from equitylens.disparities.services.stats import MeasureInputError, measure
from equitylens.disparities.services.stats_standardization import Estimate, standardized_rate

STANDARD = {"18-44": 60.0, "45+": 40.0}


def hand_wilson(p: float, n: float) -> tuple[float, float]:
    z = norm.isf(0.025)
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def test_standardized_rate_variance_and_interval_by_hand() -> None:
    est = standardized_rate({"18-44": (100, 20), "45+": (100, 60)}, STANDARD)
    assert isinstance(est, Estimate)
    assert est.rate == pytest.approx(0.6 * 0.2 + 0.4 * 0.6)
    variance = 0.36 * 0.2 * 0.8 / 100 + 0.16 * 0.6 * 0.4 / 100
    assert est.variance == pytest.approx(variance)
    n_eff = 0.36 * 0.64 / variance  # 240 people's worth of precision
    assert n_eff == pytest.approx(240)
    assert (est.low, est.high) == pytest.approx(hand_wilson(0.36, n_eff))


def test_one_stratum_reduces_to_the_plain_wilson_interval() -> None:
    est = standardized_rate({"all": (80, 30)}, {"all": 1.0})
    assert isinstance(est, Estimate)
    assert (est.low, est.high) == pytest.approx(proportion_confint(30, 80, method="wilson"))


def test_a_group_missing_a_stratum_has_no_standardized_rate() -> None:
    reason = standardized_rate({"18-44": (100, 20)}, STANDARD)
    assert reason == "no people in standard-population stratum '45+'"


def stratified() -> list[GroupCount]:
    return [
        GroupCount("race", "A", "flu", 300, 60, "18-44"),
        GroupCount("race", "A", "flu", 100, 60, "45+"),
        GroupCount("race", "B", "flu", 100, 20, "18-44"),
        GroupCount("race", "B", "flu", 300, 210, "45+"),
    ]


def test_measure_reports_standardized_rates_with_crude_counts() -> None:
    result = measure(stratified(), MeasureOptions(standard_population=STANDARD))
    a, b = result["rows"]
    assert (a["n"], a["events"]) == (400, 120)
    assert a["rate"] == pytest.approx(0.6 * 0.2 + 0.4 * 0.6)
    assert b["rate"] == pytest.approx(0.6 * 0.2 + 0.4 * 0.7)
    assert b["difference"] == pytest.approx(0.04)
    var_a = 0.36 * 0.2 * 0.8 / 300 + 0.16 * 0.6 * 0.4 / 100
    var_b = 0.36 * 0.2 * 0.8 / 100 + 0.16 * 0.7 * 0.3 / 300
    assert b["p_value"] == pytest.approx(2 * norm.sf(0.04 / math.sqrt(var_a + var_b)))
    se_log = math.sqrt(var_a / a["rate"] ** 2 + var_b / b["rate"] ** 2)
    assert b["ratio_ci_low"] == pytest.approx(b["ratio"] * math.exp(-norm.isf(0.025) * se_log))
    assert "standardized" in result["rule"]


def test_without_a_standard_population_strata_are_summed_into_crude_rates() -> None:
    a, _b = measure(stratified(), MeasureOptions())["rows"]
    assert a["rate"] == pytest.approx(120 / 400)


def test_standardization_input_errors_name_the_problem() -> None:
    flat = [GroupCount("race", "A", "flu", 100, 50), GroupCount("race", "B", "flu", 100, 40)]
    with pytest.raises(MeasureInputError, match="not split by stratum"):
        measure(flat, MeasureOptions(standard_population=STANDARD))
    with pytest.raises(
        MeasureInputError, match="Strata missing from the standard population: '45\\+'"
    ):
        measure(stratified(), MeasureOptions(standard_population={"18-44": 1.0}))
