"""The Health Equity M&M demo: consistent with the module's rules, de-identified, loads twice."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from equitylens.accounts.models import User
from equitylens.casereview.models import (
    ActionItem,
    ActionStatus,
    Case,
    CaseSeries,
    CaseStatus,
    CaseTransition,
    ConferenceStatus,
    ReviewRole,
)
from equitylens.casereview.services.access import (
    can_see_aggregates,
    is_review_member,
    is_series_facilitator,
)
from equitylens.casereview.services.cases import TRANSITIONS
from equitylens.casereview.services.identifiers import scan_combinations, scan_text
from equitylens.demo.casereview import CASES, GOALS, GROUND_RULES, THEMES

SCANNED_FIELDS = (
    "title",
    "summary",
    "clinical_narrative",
    "counter_narrative",
    "root_cause_analysis",
    "key_issues",
    "discussion_questions",
    "concerns",
)


def test_demo_texts_raise_no_identifier_findings() -> None:
    """Every case text, factor, theme and the series texts pass the scan. (Source
    references are pointers into source systems by design and are not scanned.)"""
    texts = [GOALS, GROUND_RULES, *(text for _, text in THEMES)]
    for demo in CASES:
        texts += [demo.title, demo.summary, *demo.preparation.values()]
        texts += [v for k, v in demo.case_file.items() if k != "source_references"]
        texts += [text for text, _ in demo.factors]
    for text in texts:
        assert scan_text(text) == [], text
        assert scan_combinations(text) == [], text


def load() -> None:
    call_command("demo_data", stdout=StringIO())


@pytest.mark.django_db
def test_demo_series_has_cases_in_every_stage_and_a_consistent_log() -> None:
    load()
    series = CaseSeries.objects.get(organization__slug="riverbend-health")
    assert series.title == "Riverbend Health Equity M&M"
    assert series.credit_activity is not None
    assert series.credit_activity.format == "rss"
    assert series.framing_fixed_at is not None
    statuses = set(series.cases.values_list("status", flat=True))
    assert {
        CaseStatus.SUBMITTED,
        CaseStatus.UNDER_REVIEW,
        CaseStatus.SELECTED,
        CaseStatus.PREPARED,
        CaseStatus.ACTIONS_OPEN,
        CaseStatus.CLOSED,
    } <= statuses
    for case in series.cases.all():
        moves = list(CaseTransition.objects.filter(case=case).order_by("created_at", "pk"))
        assert moves[0].from_status == "" and moves[0].to_status == CaseStatus.SUBMITTED
        for move in moves[1:]:
            assert (move.from_status, move.to_status) in TRANSITIONS, move
        assert moves[-1].to_status == case.status
        assert moves[0].created_at == case.submitted_at
    topic = series.cases.get(kind="topic")
    assert topic.name_hidden and topic.submitted_by.email == "grace.okafor@riverbendhealth.example"
    prepared = series.cases.get(status=CaseStatus.PREPARED)
    assert prepared.factors.count() == 3 and prepared.source_references and prepared.key_issues
    planned = prepared.agenda_items.get().conference
    assert planned.status == ConferenceStatus.PLANNED and planned.starts_at > timezone.now()
    overdue = ActionItem.objects.filter(
        case__series=series,
        due_on__lt=timezone.localdate(),
        status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS],
    )
    assert overdue.count() == 1
    closed = series.cases.get(status=CaseStatus.CLOSED)
    assert closed.closed_at is not None
    assert not closed.actions.exclude(status=ActionStatus.DONE).exists()


@pytest.mark.django_db
def test_demo_review_body_and_who_sees_what() -> None:
    load()
    series = CaseSeries.objects.get(organization__slug="riverbend-health")
    aisha = User.objects.get(email="aisha.johnson@lakeshoremed.example")
    sam = User.objects.get(email="sam.rivera@lakeshoremed.example")
    assert is_series_facilitator(aisha, series)
    assert "Outside facilitator" in series.members.get(user=aisha).qualifications
    assert series.members.get(user__email="grace.okafor@riverbendhealth.example").role == (
        ReviewRole.CONTENT_EXPERT
    )
    assert not is_review_member(sam, series)  # the coordinator sees counts only
    assert can_see_aggregates(sam, series)


@pytest.mark.django_db
def test_demo_loads_twice_without_duplicates() -> None:
    load()
    counts = (Case.objects.count(), CaseTransition.objects.count(), ActionItem.objects.count())
    load()
    assert (Case.objects.count(), CaseTransition.objects.count(), ActionItem.objects.count()) == (
        counts
    )
    assert counts[0] == len(CASES)
