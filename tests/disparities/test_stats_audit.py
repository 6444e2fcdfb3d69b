"""Algorithm audit: metrics, comparisons, calibration and whole-group suppression."""

from __future__ import annotations

import pytest
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from equitylens.disparities.services.contract import (
    ROW_KEYS,
    CalibrationBin,
    ConfusionCount,
    MeasureOptions,
)
from equitylens.disparities.services.stats import MeasureInputError, audit

TOL = 1e-9


def confusion() -> list[ConfusionCount]:
    return [
        ConfusionCount("race", "A", tp=120, fp=60, tn=700, fn=40),
        ConfusionCount("race", "B", tp=50, fp=45, tn=250, fn=50),
        ConfusionCount("race", "C", tp=30, fp=20, tn=200, fn=15),
        ConfusionCount("race", "D", tp=12, fp=5, tn=60, fn=20),  # fp = 5: suppressed
    ]


def bins() -> list[CalibrationBin]:
    out = []
    for d in range(10):
        out.append(CalibrationBin("race", "A", d, 92, 92 * (0.05 + 0.09 * d), 5 + 8 * d))
    out.append(CalibrationBin("race", "D", 0, 97, 20.0, 32))
    return out


def rows_by_key(result: dict) -> dict[tuple[str, str], dict]:
    return {(r["group"], r["outcome"]): r for r in result["rows"]}


def test_metrics_by_hand_with_wilson_intervals() -> None:
    rows = rows_by_key(audit(confusion(), bins(), MeasureOptions()))
    expected = {
        "prevalence": (50 + 50, 395),
        "tpr": (50, 100),
        "fpr": (45, 295),
        "ppv": (50, 95),
        "npv": (250, 300),
    }
    for metric, (events, n) in expected.items():
        row = rows[("B", metric)]
        assert tuple(row) == ROW_KEYS
        assert (row["n"], row["events"]) == (n, events)
        assert row["rate"] == pytest.approx(events / n, abs=TOL)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(
            proportion_confint(events, n, method="wilson"), abs=TOL
        )


def test_comparisons_against_the_largest_group_with_newcombe_intervals() -> None:
    rows = rows_by_key(audit(confusion(), bins(), MeasureOptions()))
    tpr = rows[("B", "tpr")]
    assert tpr["reference"] == "A"
    assert (tpr["difference_ci_low"], tpr["difference_ci_high"]) == pytest.approx(
        confint_proportions_2indep(50, 100, 120, 160, method="newcomb"), abs=TOL
    )
    assert tpr["flag"]  # 0.50 vs 0.75: 33% lower, q tiny
    assert rows[("A", "tpr")]["p_value"] is None


def test_best_reference_for_fpr_is_the_lowest_rate() -> None:
    rows = rows_by_key(audit(confusion(), bins(), MeasureOptions(reference_rule="best")))
    assert rows[("C", "fpr")]["reference"] == "A"  # 60/760 = 0.079 < 20/220
    assert rows[("A", "tpr")]["reference"] == "A"  # 0.75 is highest


def test_a_group_with_a_small_confusion_cell_is_hidden_everywhere_with_a_partner() -> None:
    result = audit(confusion(), bins(), MeasureOptions())
    rows = rows_by_key(result)
    for metric in ("prevalence", "tpr", "fpr", "ppv", "npv"):
        assert rows[("D", metric)]["suppressed"] and rows[("D", metric)]["n"] is None
        assert rows[("C", metric)]["suppressed"]  # smallest remaining group
        assert not rows[("B", metric)]["suppressed"]
    hidden_bins = [b for b in result["calibration"] if b["group"] == "D"]
    assert hidden_bins and all(b["suppressed"] and b["n"] is None for b in hidden_bins)


def test_calibration_observed_against_predicted_with_small_deciles_hidden_in_pairs() -> None:
    calibration = [b for b in audit(confusion(), bins(), MeasureOptions())["calibration"]]
    a = {b["decile"]: b for b in calibration if b["group"] == "A"}
    assert a[0]["suppressed"] and a[1]["suppressed"]  # 5 events, then the partner (13)
    assert not a[2]["suppressed"]
    assert a[2]["observed_rate"] == pytest.approx(21 / 92)
    assert a[2]["mean_predicted"] == pytest.approx(0.05 + 0.18)
    assert (a[2]["ci_low"], a[2]["ci_high"]) == pytest.approx(
        proportion_confint(21, 92, method="wilson"), abs=TOL
    )
    assert a[9]["suppressed"] is False and a[9]["observed_rate"] == pytest.approx(77 / 92)


def test_audit_input_errors_are_specific() -> None:
    with pytest.raises(MeasureInputError, match=r"race='A': tp is negative"):
        audit([ConfusionCount("race", "A", -1, 1, 1, 1)], [], MeasureOptions())
    with pytest.raises(MeasureInputError, match=r"Reference race='Z' is not in the data"):
        audit(confusion(), [], MeasureOptions(reference={"race": "Z"}))
