"""Small-cell suppression and the patient-level model, on hand-made patient tables."""

from __future__ import annotations

import pandas as pd

from equitylens.language.services.audit.statistics import (
    group_tables,
    suppress_count,
    wilson_interval,
)


def patients(spec: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """spec: group value -> (patients, patients with a descriptor)."""
    rows = []
    for value, (n, k) in spec.items():
        rows += [{"g": value, "has": i < k} for i in range(n)]
    return pd.DataFrame(rows)


def rows_by_value(spec: dict[str, tuple[int, int]], reference: str) -> dict[str, dict]:  # type: ignore[type-arg]
    tables, _ = group_tables(patients(spec), "has", ["g"], {"g": reference})
    return {r["value"]: r for r in tables[0]["rows"]}


def test_suppress_count_hides_one_to_ten_only() -> None:
    assert [suppress_count(v) for v in (0, 1, 10, 11)] == [0, None, None, 11]


def test_wilson_interval_contains_the_share() -> None:
    lo, hi = wilson_interval(20, 100)
    assert 0.13 < lo < 0.2 < hi < 0.29


def test_a_group_with_fewer_than_11_with_a_descriptor_is_suppressed_with_its_odds_ratio() -> None:
    rows = rows_by_value({"A": (400, 40), "B": (300, 60), "C": (200, 5), "D": (250, 50)}, "A")
    c = rows["C"]
    assert c["suppressed"] is True
    assert c["with_descriptor"] is None and c["share"] is None and c["share_ci"] is None
    assert c["odds_ratio"] is None and c["odds_ratio_ci"] is None and c["p_value"] is None
    assert c["patients"] == 200  # the denominator itself is not small
    assert rows["B"]["odds_ratio"] is not None and rows["B"]["suppressed"] is False


def test_a_lone_suppressed_cell_gets_a_complementary_one() -> None:
    rows = rows_by_value({"A": (400, 40), "B": (300, 60), "C": (200, 5), "D": (250, 30)}, "A")
    # C alone could be derived from the total; the next smallest count (D: 30) is hidden too.
    assert rows["D"]["with_descriptor"] is None and rows["D"]["suppressed"] is True
    assert rows["B"]["with_descriptor"] == 60


def test_a_group_of_fewer_than_11_patients_hides_its_size() -> None:
    rows = rows_by_value({"A": (400, 40), "B": (300, 60), "C": (8, 2), "D": (250, 30)}, "A")
    assert rows["C"]["patients"] is None
    assert rows["D"]["patients"] is None  # complementary: else C = total - A - B - D


def test_all_patients_without_a_descriptor_is_reported_not_raised() -> None:
    _, model = group_tables(patients({"A": (50, 0), "B": (60, 0)}), "has", ["g"], {"g": "A"})
    assert model["fitted"] is False and "No variation" in model["note"]


def test_a_singular_design_is_reported_and_odds_ratios_left_out() -> None:
    frame = patients({"A": (300, 40), "B": (300, 80)})
    frame["h"] = frame["g"]  # the same attribute twice: not identifiable
    tables, model = group_tables(frame, "has", ["g", "h"], {"g": "A", "h": "A"})
    assert model["fitted"] is False and model["note"].startswith("The model could not be fitted")
    b = {r["value"]: r for r in tables[0]["rows"]}["B"]
    assert b["odds_ratio"] is None and b["with_descriptor"] == 80  # shares are still shown
