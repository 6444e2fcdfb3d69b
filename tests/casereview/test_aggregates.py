"""De-identified counts: small cells never shown, never derivable from a total."""

from __future__ import annotations

import csv
import io
import random
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equitylens.casereview.models import (
    ActionItem,
    ActionLevel,
    ActionStatus,
    Case,
    CaseAccess,
    CaseFactor,
    CaseStatus,
    CaseTransition,
    FactorLevel,
    PurgedCase,
    SubmissionKind,
)
from equitylens.casereview.services.aggregates import (
    CountTable,
    aggregates_csv,
    protect,
    series_aggregates,
)
from tests.casereview.factories import make_case, make_review_body, make_series
from tests.factories import make_coordinator, make_user

L = 11  # the default CASE_AGGREGATE_MIN_CELL


def table(*counts: int, total: bool = True) -> CountTable:
    return protect(
        "t", "T", [(f"c{i}", f"C{i}", n) for i, n in enumerate(counts)], with_total=total
    )


def shown(t: CountTable) -> list[str]:
    return [cell.display() for cell in t.cells]


# --- the rule on hand-built tables -------------------------------------------------------


def test_counts_from_one_to_ten_are_suppressed_zero_and_eleven_are_shown() -> None:
    t = table(0, 1, 10, 11, 40, total=False)
    assert shown(t) == ["0", "<11", "<11", "11", "40"]
    assert t.total is None


def test_one_small_cell_with_a_total_hides_the_next_smallest_cell_not_a_zero() -> None:
    t = table(0, 4, 30, 25, 55)
    assert shown(t) == ["0", "<11", "30", "hidden", "55"]
    assert t.total is not None and t.total.display() == "114"
    hidden = [c for c in t.cells if c.suppressed]
    assert [c.why() for c in hidden] == ["under 11", "hidden to protect a small count"]


def test_without_a_total_no_complementary_cell_is_needed() -> None:
    assert shown(table(4, 30, 12, 55, total=False)) == ["<11", "30", "12", "55"]


def test_subtraction_that_would_pin_a_small_cell_hides_more_cells() -> None:
    # 1 + 11 = 12 with the 11 hidden would give away both (1 is the only split of 12
    # into "<11" and "≥11"); the 50 must go too.
    assert shown(table(1, 11, 50)) == ["<11", "hidden", "hidden"]
    # Two tens: their hidden sum 20 means both are exactly 10.
    assert shown(table(10, 10, 50)) == ["<11", "<11", "hidden"]
    # Two ones sum to 2, which pins both.
    assert shown(table(1, 1, 50)) == ["<11", "<11", "hidden"]


def test_two_small_cells_that_already_protect_each_other_hide_nothing_more() -> None:
    assert shown(table(3, 8, 40)) == ["<11", "<11", "40"]


def test_when_nothing_can_protect_the_small_cell_every_cell_is_hidden_zeros_too() -> None:
    # Hiding only the total would not help: other tables show the same total.
    t = table(0, 7, 0)
    assert shown(t) == ["hidden", "hidden", "hidden"]
    assert t.total is not None and t.total.display() == "<11"
    assert shown(table(1, 12)) == ["hidden", "hidden"]  # 13 = 1 + 12 only


def test_a_small_total_is_suppressed_too() -> None:
    t = table(3, 8)  # 3 + 8 = 11: the two small cells keep each other unknown
    assert shown(t) == ["<11", "<11"]
    assert t.total is not None and t.total.display() == "11"
    t = table(2, 3, 0)
    assert shown(t) == ["hidden", "hidden", "hidden"]
    assert t.total is not None and t.total.display() == "<11"


def test_min_cell_comes_from_settings(settings: Any) -> None:
    settings.CASE_AGGREGATE_MIN_CELL = 5
    assert shown(table(4, 5, 6, total=False)) == ["<5", "5", "6"]


def _feasible(value: int, others: list[tuple[int, int]], rest: int) -> bool:
    """Can the other hidden cells (each in [low, high]) sum to `rest`? (subset-sum DP)"""
    sums = {0}
    for low, high in others:
        sums = {s + v for s in sums for v in range(low, min(high, rest) + 1) if s + v <= rest}
    return rest in sums


def test_no_small_cell_can_be_narrowed_by_subtraction_on_random_tables() -> None:
    """For 1,500 random tables: no small count is visible, and whenever the total is
    visible, a reader who knows the rule (small cells are 1–10, cells hidden to protect
    them are 11 or more) still finds both 1 and 10 possible for every small cell."""
    rng = random.Random(20261130)
    checked = 0
    for _ in range(1500):
        counts = [rng.choice([0, 0, 1, 2, 5, 9, 10, 11, 12, 15, 30, 60]) for _ in range(4)]
        t = table(*counts)
        for cell in t.cells:
            assert cell.suppressed or not 0 < cell.count < L
        assert t.total is not None and t.total.count == sum(counts)
        hidden = [c for c in t.cells if c.suppressed]
        assert len(hidden) != 1
        if all(c.suppressed for c in t.cells):
            continue  # the reader learns only the total
        assert all(c.count >= L for c in hidden if c.protecting)
        hidden_sum = t.total.count - sum(c.count for c in t.cells if not c.suppressed)
        bounds = [(L, hidden_sum) if c.protecting else (1, L - 1) for c in hidden]
        for index, cell in enumerate(hidden):
            if cell.protecting:
                continue
            others = bounds[:index] + bounds[index + 1 :]
            for value in (1, L - 1):
                assert _feasible(value, others, hidden_sum - value), (counts, shown(t))
            checked += 1
    assert checked > 300  # the property was exercised, not skipped


# --- a series with hand-built data -------------------------------------------------------


def _closed_case(series: Any, days: int, *, tags: list[str], levels: list[str]) -> Case:
    case = make_case(series, status=CaseStatus.CLOSED, equity_tags=tags)
    submitted = timezone.now() - timedelta(days=900)
    Case.objects.filter(pk=case.pk).update(
        submitted_at=submitted, closed_at=submitted + timedelta(days=days)
    )
    for level in levels:
        CaseFactor.objects.create(case=case, description="Staffing", level=level)
    return Case.objects.get(pk=case.pk)


@pytest.mark.django_db
def test_series_counts_suppress_small_cells_and_show_times_only_for_eleven_or_more() -> None:
    series = make_series()
    for i in range(12):
        _closed_case(
            series,
            days=10 + i,
            tags=["language"] if i < 11 else ["language", "housing"],
            levels=[FactorLevel.INSTITUTIONAL, FactorLevel.INSTITUTIONAL],
        )
    make_case(series, kind=SubmissionKind.TOPIC)  # one topic idea, submitted
    data = series_aggregates(series)
    by_key = {t.key: t for t in data.tables}

    # One open case (the topic idea): every open cell is hidden, the total is "<11".
    open_cells = by_key["open_status"]
    assert {c.display() for c in open_cells.cells} == {"hidden"}
    assert open_cells.total is not None and open_cells.total.display() == "<11"
    finished = {c.key: c.display() for c in by_key["finished_status"].cells}
    assert finished == {"closed": "12", "declined": "0", "merged": "0", "purged": "0"}
    # 12 cases + 1 topic = 13: hiding the 12 would leave "1 and 12", so both hide.
    kinds = {c.key: c.display() for c in by_key["kind"].cells}
    assert kinds == {"case": "hidden", "topic": "hidden"}
    assert by_key["kind"].total is not None and by_key["kind"].total.display() == "13"

    tags = {c.key: c.display() for c in by_key["equity_tag"].cells}
    assert tags["language"] == "12" and tags["housing"] == "<11" and tags["race_ethnicity"] == "0"
    levels = {c.key: c.display() for c in by_key["factor_level"].cells}
    assert levels == {"interpersonal": "0", "institutional": "12", "structural": "0"}

    overall = data.times[-1]
    assert overall.label == "All years" and overall.count.count == 12
    assert overall.median_days == 15.5 and overall.mean_days == 15.5


@pytest.mark.django_db
def test_times_are_not_shown_for_fewer_than_eleven_cases() -> None:
    series = make_series()
    for i in range(10):
        _closed_case(series, days=5 + i, tags=[], levels=[])
    data = series_aggregates(series)
    assert all(row.median_days is None and row.mean_days is None for row in data.times)
    assert all(row.count.suppressed for row in data.times)


@pytest.mark.django_db
def test_purged_cases_still_count() -> None:
    series = make_series()
    for _ in range(11):
        PurgedCase.objects.create(
            series=series,
            kind=SubmissionKind.CASE,
            equity_tags=["disability"],
            factor_levels=[FactorLevel.STRUCTURAL],
            action_levels=[ActionLevel.SOCIETAL],
            submitted_year=2024,
            closed_year=2025,
            days_to_close=40,
        )
    data = series_aggregates(series)
    by_key = {t.key: {c.key: c.display() for c in t.cells} for t in data.tables}
    assert by_key["finished_status"]["purged"] == "11"
    assert by_key["equity_tag"]["disability"] == "11"
    assert by_key["factor_level"]["structural"] == "11"
    assert by_key["action_level"]["societal"] == "11"
    assert by_key["action_status"]["purged"] == "11"
    assert by_key["submitted_year"] == {"2024": "11"}
    assert data.times[0].label == "2025" and data.times[0].median_days == 40.0


@pytest.mark.django_db
def test_declined_case_counts_its_days_to_the_decline() -> None:
    series = make_series()
    case = make_case(series, status=CaseStatus.DECLINED)
    start = timezone.now() - timedelta(days=30)
    Case.objects.filter(pk=case.pk).update(submitted_at=start)
    move = CaseTransition.objects.create(
        case=case, from_status=CaseStatus.UNDER_REVIEW, to_status=CaseStatus.DECLINED
    )
    CaseTransition.objects.filter(pk=move.pk).update(created_at=start + timedelta(days=9))
    from equitylens.casereview.services.aggregates import _final_moments

    assert (_final_moments(series)[case.pk] - start).days == 9


@pytest.mark.django_db
def test_csv_leaves_suppressed_values_empty_flags_them_and_is_formula_safe() -> None:
    series = make_series()
    owner = make_user()
    for _ in range(25):
        make_case(series)
    case = make_case(series, status=CaseStatus.ACTIONS_OPEN)
    ActionItem.objects.create(
        case=case,
        description="Offer interpreters at discharge",
        level=ActionLevel.INSTITUTIONAL,
        owner=owner,
        due_on=timezone.localdate(),
        status=ActionStatus.OPEN,
    )
    rows = list(csv.reader(io.StringIO(aggregates_csv(series))))
    assert rows[0] == ["table", "category", "value", "suppressed", "why"]
    status = {r[1]: r for r in rows[1:] if r and r[0] == "Open cases by status"}
    assert status["Actions open"][2:] == ["", "yes", "under 11"]
    assert status["Submitted"][2:] == ["", "yes", "hidden to protect a small count"]
    assert status["Under review"][2:] == ["0", "no", ""]
    assert status["Total"][2:] == ["26", "no", ""]
    assert "Offer interpreters" not in aggregates_csv(series)
    assert case.title not in aggregates_csv(series)
    assert rows[-1][0].startswith("De-identified aggregate counts; cells under 11 suppressed.")
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r[:2])


@pytest.mark.django_db
def test_page_and_csv_for_review_body_admin_and_coordinator_not_plain_member() -> None:
    body = make_review_body()
    case = make_case(body.series, submitted_by=body.org_member)
    url = reverse("casereview:aggregates", args=[body.series.pk])
    csv_url = reverse("casereview:aggregates_csv", args=[body.series.pk])
    for user in (body.committee_member, body.org_admin, make_coordinator()):
        client = Client()
        client.force_login(user)
        page = client.get(url)
        html = page.content.decode()
        assert page.status_code == 200
        assert "De-identified aggregate counts; cells under 11 suppressed." in html
        assert case.title not in html and case.summary not in html
        download = client.get(csv_url)
        assert download.status_code == 200
        assert download["Content-Type"].startswith("text/csv")
    client = Client()
    client.force_login(body.org_member)
    assert client.get(url).status_code == 403
    assert client.get(csv_url).status_code == 403
    exports = CaseAccess.objects.filter(view_name="casereview:aggregates_csv")
    assert exports.filter(action="export", outcome="allowed").count() == 3
    assert exports.filter(outcome="denied").count() == 1
