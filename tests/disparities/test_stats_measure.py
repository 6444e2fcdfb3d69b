"""`measure`: rows, references, comparisons, q-values, flags, errors, indices, standardization."""

from __future__ import annotations

import math

import pytest
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

from equitylens.disparities.services.contract import ROW_KEYS, GroupCount, MeasureOptions
from equitylens.disparities.services.stats import MeasureInputError, measure

TOL = 1e-9


def sample_counts() -> list[GroupCount]:
    return [
        GroupCount("race", "Asian", "flu", 180, 120),
        GroupCount("race", "Black", "flu", 400, 188),
        GroupCount("race", "White", "flu", 900, 585),
        GroupCount("race", "Asian", "a1c", 180, 41),
        GroupCount("race", "Black", "a1c", 400, 130),
        GroupCount("race", "White", "a1c", 900, 198),
        GroupCount("sex", "F", "flu", 760, 480),
        GroupCount("sex", "M", "flu", 720, 413),
        GroupCount("sex", "F", "a1c", 760, 190),
        GroupCount("sex", "M", "a1c", 720, 179),
    ]


def by_key(result: dict) -> dict[tuple[str, str, str], dict]:
    return {(r["group_column"], r["group"], r["outcome"]): r for r in result["rows"]}


def test_rows_have_exactly_the_contract_keys_and_one_row_per_cell() -> None:
    result = measure(sample_counts(), MeasureOptions())
    assert set(result) >= {"rule", "rows", "indices"}
    assert all(tuple(r) == ROW_KEYS for r in result["rows"])
    assert len(result["rows"]) == len(sample_counts())


def test_every_number_matches_statsmodels_and_q_values_span_the_whole_run() -> None:
    counts = sample_counts()
    result = measure(counts, MeasureOptions())
    rows = by_key(result)
    truth = {(c.group_column, c.group, c.outcome): c for c in counts}
    tested = []
    for key, row in rows.items():
        c = truth[key]
        low, high = proportion_confint(c.events, c.n, method="wilson")
        assert row["rate"] == pytest.approx(c.events / c.n, abs=TOL)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), abs=TOL)
        if row["group"] == row["reference"]:
            assert row["difference"] is None and row["p_value"] is None
            continue
        ref = truth[(key[0], row["reference"], key[2])]
        d = confint_proportions_2indep(c.events, c.n, ref.events, ref.n, method="newcomb")
        r = confint_proportions_2indep(
            c.events, c.n, ref.events, ref.n, method="log", compare="ratio"
        )
        p = proportions_ztest([c.events, ref.events], [c.n, ref.n])[1]
        assert row["difference"] == pytest.approx(c.events / c.n - ref.events / ref.n, abs=TOL)
        assert (row["difference_ci_low"], row["difference_ci_high"]) == pytest.approx(d, abs=TOL)
        assert (row["ratio_ci_low"], row["ratio_ci_high"]) == pytest.approx(r, rel=TOL)
        assert row["p_value"] == pytest.approx(p, abs=TOL)
        tested.append(row)
    assert len(tested) == 6  # 2 + 1 comparisons per outcome × 2 outcomes
    q = multipletests([row["p_value"] for row in tested], method="fdr_bh")[1]
    for row, expected in zip(tested, q, strict=True):
        assert row["q_value"] == pytest.approx(expected, abs=TOL)
        relative = abs(row["rate"] / (row["rate"] - row["difference"]) - 1)
        assert row["flag"] == (relative >= 0.10 and row["q_value"] < 0.05)
    assert any(row["flag"] for row in tested) and not all(row["flag"] for row in tested)
    assert "10%" in result["rule"] and "q < 0.05" in result["rule"]
    assert "Benjamini–Hochberg" in result["rule"] and "fewer than 11" in result["rule"]


def test_reference_is_the_largest_group_by_default() -> None:
    rows = by_key(measure(sample_counts(), MeasureOptions()))
    assert rows[("race", "Black", "flu")]["reference"] == "White"
    assert rows[("sex", "M", "a1c")]["reference"] == "F"


def test_best_reference_respects_lower_is_better() -> None:
    options = MeasureOptions(reference_rule="best", lower_is_better=("a1c",))
    rows = by_key(measure(sample_counts(), options))
    assert rows[("race", "White", "flu")]["reference"] == "Asian"  # 0.667 is highest
    assert rows[("race", "White", "a1c")]["reference"] == "White"  # 0.22 is lowest


def test_given_reference_wins_and_an_unknown_value_is_named() -> None:
    rows = by_key(measure(sample_counts(), MeasureOptions(reference={"race": "Black"})))
    assert rows[("race", "White", "flu")]["reference"] == "Black"
    assert rows[("sex", "M", "flu")]["reference"] == "F"
    with pytest.raises(MeasureInputError) as error:
        measure(sample_counts(), MeasureOptions(reference={"race": "white", "payer": "x"}))
    assert error.value.problems == [
        "Reference race='white' is not in the data; race has: 'Asian', 'Black', 'White'.",
        "Reference column 'payer' is not a group column (columns: race, sex).",
    ]


def test_impossible_counts_are_refused_with_the_cell_named() -> None:
    with pytest.raises(MeasureInputError, match=r"race='A', outcome 'flu': events is 12"):
        measure([GroupCount("race", "A", "flu", 10, 12)], MeasureOptions())
    with pytest.raises(MeasureInputError, match="No counts"):
        measure([], MeasureOptions())


def test_a_suppressed_reference_leaves_comparisons_null_with_a_reason() -> None:
    counts = [
        GroupCount("lang", "en", "flu", 500, 250),
        GroupCount("lang", "es", "flu", 300, 100),
        GroupCount("lang", "so", "flu", 9, 4),
        GroupCount("lang", "vi", "flu", 200, 60),
    ]
    result = measure(counts, MeasureOptions(reference={"lang": "so"}))
    rows = by_key(result)
    assert rows[("lang", "so", "flu")]["suppressed"]
    assert rows[("lang", "vi", "flu")]["suppressed"]  # complementary partner
    assert rows[("lang", "en", "flu")]["rate"] == 0.5
    assert rows[("lang", "en", "flu")]["difference"] is None
    notes = {(n["group"], n["note"]) for n in result["notes"]}
    assert ("en", "no comparison: the reference group is suppressed") in notes


def test_zero_events_give_a_null_ratio_with_a_reason_when_not_suppressed() -> None:
    counts = [GroupCount("sex", "F", "flu", 50, 0), GroupCount("sex", "M", "flu", 60, 9)]
    result = measure(counts, MeasureOptions(min_cell=0))
    row = by_key(result)[("sex", "F", "flu")]
    assert row["ratio"] is None and row["difference"] == pytest.approx(-0.15)
    assert row["p_value"] == pytest.approx(proportions_ztest([0, 9], [50, 60])[1], abs=TOL)
    assert "ratio not estimable" in result["notes"][0]["note"]


def test_indices_match_hand_computation() -> None:
    counts = [
        GroupCount("race", "A", "flu", 400, 200),  # reference (largest): 0.5
        GroupCount("race", "B", "flu", 200, 60),  # 0.3
        GroupCount("race", "C", "flu", 200, 80),  # 0.4
    ]
    (index,) = measure(counts, MeasureOptions())["indices"]
    assert index["reference"] == "A" and index["groups_used"] == 3
    assert index["index_of_disparity"] == pytest.approx(100 * ((0.2 + 0.1) / 2) / 0.5)
    mu = 0.5 * 0.5 + 0.25 * 0.3 + 0.25 * 0.4
    assert index["between_group_variance"] == pytest.approx(
        0.5 * (0.5 - mu) ** 2 + 0.25 * (0.3 - mu) ** 2 + 0.25 * (0.4 - mu) ** 2
    )
    theil = sum(w * (r / mu) * math.log(r / mu) for w, r in ((0.5, 0.5), (0.25, 0.3), (0.25, 0.4)))
    assert index["theil_index"] == pytest.approx(theil)


def test_indices_are_null_with_fewer_than_two_shown_groups() -> None:
    counts = [GroupCount("race", "A", "flu", 400, 200), GroupCount("race", "B", "flu", 5, 2)]
    (index,) = measure(counts, MeasureOptions())["indices"]
    assert index["groups_used"] == 0
    assert index["index_of_disparity"] is None and index["theil_index"] is None
    assert index["between_group_variance"] is None


def test_equal_rates_give_zero_indices() -> None:
    counts = [GroupCount("sex", g, "flu", 100 * k, 30 * k) for k, g in ((1, "F"), (2, "M"))]
    (index,) = measure(counts, MeasureOptions())["indices"]
    assert index["index_of_disparity"] == pytest.approx(0)
    assert index["between_group_variance"] == pytest.approx(0)
    assert index["theil_index"] == pytest.approx(0)


def test_a_given_reference_absent_from_one_outcome_is_explained() -> None:
    counts = [
        GroupCount("race", "A", "flu", 400, 200),
        GroupCount("race", "B", "flu", 200, 60),
        GroupCount("race", "B", "a1c", 200, 60),
        GroupCount("race", "C", "a1c", 200, 90),
    ]
    result = measure(counts, MeasureOptions(reference={"race": "A"}))
    rows = by_key(result)
    assert rows[("race", "B", "flu")]["difference"] == pytest.approx(-0.2)
    assert rows[("race", "B", "a1c")]["reference"] is None
    assert rows[("race", "B", "a1c")]["difference"] is None
    assert {n["note"] for n in result["notes"]} == {
        "no comparison: reference 'A' has no counts for 'a1c'"
    }
