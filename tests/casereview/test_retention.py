"""Retention: finished cases become counts after the series' retention period."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from equitylens.casereview.models import (
    ActionItem,
    ActionLevel,
    ActionStatus,
    AgendaItem,
    Case,
    CaseAccess,
    CaseFactor,
    CaseStatus,
    CaseTransition,
    ConferenceSession,
    DiscussionTheme,
    FactorLevel,
    PurgedCase,
)
from equitylens.casereview.services.aggregates import series_aggregates
from equitylens.casereview.services.retention import purge_case, purge_closed_cases, purge_plan
from tests.casereview.factories import make_case, make_series
from tests.factories import make_user

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def closed_case(series: Any, closed_days_ago: int, *, with_everything: bool = False) -> Case:
    """A closed case submitted 60 days before it closed, optionally with a full history."""
    now = timezone.now()
    closed_at = now - closed_days_ago * DAY
    case = make_case(series, status=CaseStatus.CLOSED, equity_tags=["language", "housing"])
    Case.objects.filter(pk=case.pk).update(submitted_at=closed_at - 60 * DAY, closed_at=closed_at)
    CaseTransition.objects.create(case=case, from_status="", to_status=CaseStatus.SUBMITTED)
    if with_everything:
        CaseFactor.objects.create(case=case, description="No interpreter", level="institutional")
        CaseFactor.objects.create(case=case, description="Rushed", level="interpersonal")
        conference = ConferenceSession.objects.create(
            series=series, title="Session", starts_at=closed_at - DAY, ends_at=closed_at
        )
        item = AgendaItem.objects.create(conference=conference, case=case)
        DiscussionTheme.objects.create(agenda_item=item, question_index=0, text="Access")
        ActionItem.objects.create(
            case=case,
            description="Interpreter at discharge",
            level=ActionLevel.INSTITUTIONAL,
            owner=make_user(),
            due_on=closed_at.date(),
            status=ActionStatus.DONE,
        )
    return Case.objects.get(pk=case.pk)


def declined_case(series: Any, declined_days_ago: int) -> Case:
    case = make_case(series, status=CaseStatus.DECLINED, decline_reason="Out of scope")
    when = timezone.now() - declined_days_ago * DAY
    Case.objects.filter(pk=case.pk).update(submitted_at=when - 5 * DAY)
    move = CaseTransition.objects.create(
        case=case, from_status=CaseStatus.UNDER_REVIEW, to_status=CaseStatus.DECLINED
    )
    CaseTransition.objects.filter(pk=move.pk).update(created_at=when)
    return case


def test_closed_case_is_purged_after_the_period_not_before() -> None:
    series = make_series(retention_days=100)
    young = closed_case(series, closed_days_ago=99)
    old = closed_case(series, closed_days_ago=101, with_everything=True)
    open_case = make_case(series, status=CaseStatus.UNDER_REVIEW)
    Case.objects.filter(pk=open_case.pk).update(submitted_at=timezone.now() - 900 * DAY)

    assert purge_closed_cases() == 1

    assert set(Case.objects.values_list("pk", flat=True)) == {young.pk, open_case.pk}
    purged = PurgedCase.objects.get()
    assert purged.series == series and purged.kind == "case"
    assert purged.equity_tags == ["housing", "language"]
    assert purged.factor_levels == [FactorLevel.INSTITUTIONAL, FactorLevel.INTERPERSONAL]
    assert purged.action_levels == [ActionLevel.INSTITUTIONAL]
    assert purged.days_to_close == 60
    assert old.closed_at is not None and purged.closed_year == old.closed_at.year
    # Everything that belonged to the case went with it (the young case had none).
    for model in (CaseFactor, AgendaItem, DiscussionTheme, ActionItem):
        assert not model.objects.exists(), model.__name__
    assert not CaseTransition.objects.filter(case_id=old.pk).exists()
    assert CaseTransition.objects.filter(case=young).count() == 1
    assert ConferenceSession.objects.count() == 1  # the session itself stays


def test_each_series_uses_its_own_retention_period() -> None:
    short = make_series(retention_days=10)
    long = make_series(retention_days=1000)
    closed_case(short, closed_days_ago=30)
    kept = closed_case(long, closed_days_ago=30)
    assert [(s.pk, n) for s, n in purge_plan()] == [(short.pk, 1)]
    assert purge_closed_cases() == 1
    assert list(Case.objects.all()) == [kept]


def test_declined_case_is_purged_after_its_last_transition_is_old_enough() -> None:
    series = make_series(retention_days=30)
    declined_case(series, declined_days_ago=31)
    recent = declined_case(series, declined_days_ago=29)
    assert purge_closed_cases() == 1
    assert list(Case.objects.all()) == [recent]
    assert PurgedCase.objects.get().days_to_close == 5


def test_running_twice_is_a_no_op_and_a_vanished_case_is_skipped() -> None:
    series = make_series(retention_days=10)
    case = closed_case(series, closed_days_ago=11)
    assert purge_closed_cases() == 1
    assert purge_closed_cases() == 0
    assert purge_case(case.pk) is False
    assert PurgedCase.objects.count() == 1


def test_a_case_reopened_since_it_was_listed_is_not_purged() -> None:
    series = make_series(retention_days=10)
    case = closed_case(series, closed_days_ago=11)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.UNDER_REVIEW, closed_at=None)
    assert purge_case(case.pk) is False
    assert Case.objects.filter(pk=case.pk).exists()


def test_aggregates_are_unchanged_by_the_purge() -> None:
    series = make_series(retention_days=10)
    for i in range(12):
        closed_case(series, closed_days_ago=20 + i, with_everything=True)
    for _ in range(12):
        make_case(series)
    before = series_aggregates(series)
    assert purge_closed_cases() == 12
    after = series_aggregates(series)

    def view(data: Any) -> dict[str, Any]:
        tables = {
            t.key: ([(c.key, c.count, c.suppressed) for c in t.cells], t.total) for t in data.tables
        }
        times = [(r.label, r.count.count, r.median_days, r.mean_days) for r in data.times]
        return {"tables": tables, "times": times}

    assert view(after) == view(before)
    # Purged cases keep their final state and their actions' statuses: nothing moves
    # to "purged" (that row is only for cases purged before those were kept).
    finished_after = {c.key: c.count for c in after.tables[1].cells}
    assert finished_after["closed"] == 12 and finished_after["purged"] == 0


def test_access_log_keeps_its_rows_for_a_purged_case() -> None:
    series = make_series(retention_days=10)
    case = closed_case(series, closed_days_ago=11)
    CaseAccess.objects.create(
        series_id=series.pk,
        case_id=case.pk,
        case_number=case.number,
        action="view",
        outcome="allowed",
        view_name="casereview:case",
        path="/x/",
        method="GET",
    )
    purge_closed_cases()
    entry = CaseAccess.objects.get()
    assert (entry.case_id, entry.case_number) == (case.pk, case.number)


def test_command_dry_run_lists_counts_per_series_and_changes_nothing() -> None:
    series = make_series(retention_days=10, title="Riverbend Equity M&M")
    closed_case(series, closed_days_ago=11)
    closed_case(series, closed_days_ago=12)
    case_titles = list(Case.objects.values_list("title", flat=True))
    out = StringIO()
    call_command("purge_closed_cases", "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"Riverbend Equity M&M (series {series.pk}): 2 cases would be purged." in text
    assert all(title not in text for title in case_titles)
    assert Case.objects.count() == 2 and not PurgedCase.objects.exists()

    out = StringIO()
    call_command("purge_closed_cases", stdout=out)
    assert "Purged 2 cases." in out.getvalue()
    out = StringIO()
    call_command("purge_closed_cases", "--dry-run", stdout=out)
    assert "No case is due for purging." in out.getvalue()
