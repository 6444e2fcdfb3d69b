"""A case's life through services.cases: every allowed move, every rule, and the log."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from equitylens.casereview.models import (
    ActionItem,
    ActionLevel,
    ActionStatus,
    AgendaItem,
    Case,
    CaseStatus,
    CaseTransition,
    ConferenceSession,
)
from equitylens.casereview.services.cases import (
    TRANSITIONS,
    CaseTransitionError,
    allowed_moves,
    transition,
)
from tests.casereview.factories import ReviewBody, make_case, make_review_body, make_series

pytestmark = pytest.mark.django_db
S = CaseStatus


@pytest.fixture
def body() -> ReviewBody:
    return make_review_body()


def put_on_agenda(case: Case) -> AgendaItem:
    start = timezone.now() + timedelta(days=7)
    conference = ConferenceSession.objects.create(
        series=case.series,
        title="March conference",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    return AgendaItem.objects.create(conference=conference, case=case)


def add_action(case: Case, owner: Any, status: str = ActionStatus.OPEN) -> ActionItem:
    return ActionItem.objects.create(
        case=case,
        description="Offer interpreters at discharge by default.",
        level=ActionLevel.INSTITUTIONAL,
        owner=owner,
        due_on=date.today() + timedelta(days=30),
        status=status,
    )


def prepare_text(case: Case) -> None:
    case.key_issues = "Language access at discharge."
    case.discussion_questions = "Who decides when an interpreter is needed?"
    case.save()


def log_of(case: Case) -> list[tuple[str, str]]:
    return list(case.transitions.values_list("from_status", "to_status"))


def test_the_whole_path_from_submitted_to_closed_is_logged_move_by_move(body: ReviewBody) -> None:
    case = make_case(body.series)
    by = body.facilitator
    case = transition(case, S.UNDER_REVIEW, by)
    case = transition(case, S.SELECTED, by)
    prepare_text(case)
    case = transition(case, S.PREPARED, by)
    put_on_agenda(case)
    case = transition(case, S.PRESENTED, by)
    action = add_action(case, body.presenter)
    case = transition(case, S.ACTIONS_OPEN, by)
    action.status = ActionStatus.DONE
    action.save()
    case = transition(case, S.CLOSED, by)

    case.refresh_from_db()
    assert case.status == S.CLOSED
    assert case.closed_at is not None
    assert log_of(case) == [
        (S.SUBMITTED, S.UNDER_REVIEW),
        (S.UNDER_REVIEW, S.SELECTED),
        (S.SELECTED, S.PREPARED),
        (S.PREPARED, S.PRESENTED),
        (S.PRESENTED, S.ACTIONS_OPEN),
        (S.ACTIONS_OPEN, S.CLOSED),
    ]
    assert set(case.transitions.values_list("actor", flat=True)) == {by.pk}


def test_each_move_writes_exactly_one_transition_row(body: ReviewBody) -> None:
    case = make_case(body.series)
    before = CaseTransition.objects.count()
    transition(case, S.UNDER_REVIEW, body.facilitator)
    assert CaseTransition.objects.count() == before + 1


def test_declining_needs_a_reason_and_keeps_it(body: ReviewBody) -> None:
    case = make_case(body.series, status=S.UNDER_REVIEW)
    with pytest.raises(CaseTransitionError, match="Give a reason to decline"):
        transition(case, S.DECLINED, body.facilitator, reason="   ")
    case.refresh_from_db()
    assert case.status == S.UNDER_REVIEW
    assert not case.transitions.exists()

    case = transition(case, S.DECLINED, body.facilitator, reason="Outside the series' scope.")
    assert case.status == S.DECLINED
    assert case.decline_reason == "Outside the series' scope."
    assert case.transitions.get().reason == "Outside the series' scope."


def test_merge_needs_a_target(body: ReviewBody) -> None:
    case = make_case(body.series, status=S.UNDER_REVIEW)
    with pytest.raises(CaseTransitionError, match="Choose the case to merge"):
        transition(case, S.MERGED, body.facilitator)


def test_a_case_cannot_be_merged_into_itself(body: ReviewBody) -> None:
    case = make_case(body.series, status=S.UNDER_REVIEW)
    with pytest.raises(CaseTransitionError, match="into itself"):
        transition(case, S.MERGED, body.facilitator, merged_into=case)


def test_merge_target_must_be_in_the_same_series(body: ReviewBody) -> None:
    case = make_case(body.series, status=S.UNDER_REVIEW)
    elsewhere = make_case(make_series(body.series.organization))
    with pytest.raises(CaseTransitionError, match="same series"):
        transition(case, S.MERGED, body.facilitator, merged_into=elsewhere)


@pytest.mark.parametrize("closed_status", [S.DECLINED, S.MERGED, S.CLOSED])
def test_merge_target_must_be_open(body: ReviewBody, closed_status: str) -> None:
    case = make_case(body.series, status=S.UNDER_REVIEW)
    target = make_case(body.series, status=closed_status)
    with pytest.raises(CaseTransitionError, match=f"Case {target.number} is"):
        transition(case, S.MERGED, body.facilitator, merged_into=target)
    case.refresh_from_db()
    assert case.status == S.UNDER_REVIEW and case.merged_into is None


def test_merge_into_an_open_case_of_the_series(body: ReviewBody) -> None:
    case = make_case(body.series, status=S.UNDER_REVIEW)
    target = make_case(body.series, status=S.SELECTED)
    merged = transition(case, S.MERGED, body.facilitator, merged_into=target)
    assert merged.status == S.MERGED
    assert merged.merged_into == target


def test_prepared_needs_the_preparation_written(body: ReviewBody) -> None:
    case = make_case(body.series, status=S.SELECTED, key_issues="Language access.")
    with pytest.raises(CaseTransitionError, match="facilitator preparation"):
        transition(case, S.PREPARED, body.facilitator)
    case.discussion_questions = "What would have prompted an interpreter?"
    case.save()
    assert transition(case, S.PREPARED, body.facilitator).status == S.PREPARED


def test_presented_needs_an_agenda_item(body: ReviewBody) -> None:
    case = make_case(body.series, status=S.PREPARED)
    with pytest.raises(CaseTransitionError, match="agenda"):
        transition(case, S.PRESENTED, body.facilitator)
    put_on_agenda(case)
    assert transition(case, S.PRESENTED, body.facilitator).status == S.PRESENTED


def test_opening_actions_needs_an_action_item(body: ReviewBody) -> None:
    case = make_case(body.series, status=S.PRESENTED)
    with pytest.raises(CaseTransitionError, match="at least one action item"):
        transition(case, S.ACTIONS_OPEN, body.facilitator)
    add_action(case, body.presenter)
    assert transition(case, S.ACTIONS_OPEN, body.facilitator).status == S.ACTIONS_OPEN


def test_closing_needs_every_action_done_or_dropped(body: ReviewBody) -> None:
    case = make_case(body.series, status=S.ACTIONS_OPEN)
    add_action(case, body.presenter, ActionStatus.DONE)
    open_one = add_action(case, body.presenter, ActionStatus.IN_PROGRESS)
    with pytest.raises(CaseTransitionError, match="1 action item is still open"):
        transition(case, S.CLOSED, body.facilitator)
    open_one.status = ActionStatus.DROPPED
    open_one.save()
    assert transition(case, S.CLOSED, body.facilitator).status == S.CLOSED


def test_closing_a_presented_case_without_actions_needs_a_reason(body: ReviewBody) -> None:
    case = make_case(body.series, status=S.PRESENTED)
    with pytest.raises(CaseTransitionError, match="reason"):
        transition(case, S.CLOSED, body.facilitator)
    closed = transition(case, S.CLOSED, body.facilitator, reason="Discussion was the outcome.")
    assert closed.status == S.CLOSED


@pytest.mark.parametrize("from_status", [S.CLOSED, S.DECLINED, S.MERGED])
def test_reopening_needs_a_reason_and_clears_the_end_state(
    body: ReviewBody, from_status: str
) -> None:
    target = make_case(body.series)
    case = make_case(body.series, status=from_status, closed_at=timezone.now(), merged_into=target)
    with pytest.raises(CaseTransitionError, match="Give a reason to reopen"):
        transition(case, S.UNDER_REVIEW, body.facilitator)
    reopened = transition(case, S.UNDER_REVIEW, body.facilitator, reason="New information.")
    assert reopened.status == S.UNDER_REVIEW
    assert reopened.closed_at is None
    assert reopened.merged_into is None
    assert reopened.transitions.get().reason == "New information."


def test_repeating_a_move_is_a_no_op(body: ReviewBody) -> None:
    case = make_case(body.series)
    transition(case, S.UNDER_REVIEW, body.facilitator)
    again = transition(case, S.UNDER_REVIEW, body.facilitator)
    assert again.status == S.UNDER_REVIEW
    assert case.transitions.count() == 1


def test_a_disallowed_move_raises_and_changes_nothing(body: ReviewBody) -> None:
    case = make_case(body.series)
    with pytest.raises(CaseTransitionError, match="cannot be moved"):
        transition(case, S.CLOSED, body.facilitator, reason="skip ahead")
    case.refresh_from_db()
    assert case.status == S.SUBMITTED
    assert case.closed_at is None
    assert not case.transitions.exists()


def test_allowed_moves_lists_exactly_the_table_entries(body: ReviewBody) -> None:
    for status in S.values:
        case = make_case(body.series, status=status)
        expected = {to for (frm, to) in TRANSITIONS if frm == status}
        assert {to for to, _move in allowed_moves(case)} == expected
    under_review = make_case(body.series, status=S.UNDER_REVIEW)
    labels = {to: move for to, move in allowed_moves(under_review)}
    assert labels[S.DECLINED].needs_reason
    assert not labels[S.SELECTED].needs_reason
