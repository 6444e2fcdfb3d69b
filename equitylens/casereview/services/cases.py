"""A case's life: the allowed state changes, the rule for each, and the log they leave.

    submitted → under review → selected for a session → prepared → presented
              → actions open → closed
    under review → declined (reason) | merged into another case of the series
    closed | declined | merged → under review again (reopening, reason required)
    presented → closed directly only with a reason (no action came out of it)

Views check *who* may move a case (the series' facilitators); this module checks *whether*
the move is allowed and records it. Every change is one transaction with a CaseTransition
row; repeating a move that already happened (a double click) changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from equitylens.casereview.models import (
    ActionStatus,
    Case,
    CaseStatus,
    CaseTransition,
)

S = CaseStatus


class CaseTransitionError(ValueError):
    """The move is not allowed now; the message says why and what to do."""


@dataclass(frozen=True)
class Move:
    """One allowed move: its button label and the rule that must hold (None = fine)."""

    label: str
    rule: Callable[[Case, str, Case | None], str | None]
    needs_reason: bool = False


def _always(case: Case, reason: str, other: Case | None) -> str | None:
    return None


def _prepared(case: Case, reason: str, other: Case | None) -> str | None:
    if not case.key_issues.strip() or not case.discussion_questions.strip():
        return (
            "Write the facilitator preparation first: the key health-equity issues and the "
            "questions for discussion."
        )
    return None


def _on_agenda(case: Case, reason: str, other: Case | None) -> str | None:
    if not case.agenda_items.exists():
        return "Put the case on a session's agenda first; it is marked presented there."
    return None


def _has_actions(case: Case, reason: str, other: Case | None) -> str | None:
    if not case.actions.exists():
        return "Record at least one action item first (or close the case with a reason)."
    return None


def _actions_finished(case: Case, reason: str, other: Case | None) -> str | None:
    left = case.actions.filter(status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS]).count()
    if left:
        return (
            f"{left} action item{'s are' if left != 1 else ' is'} still open. Mark each done "
            "or dropped before closing the case."
        )
    return None


def _merge_target(case: Case, reason: str, other: Case | None) -> str | None:
    if other is None:
        return "Choose the case to merge this one into."
    if other.pk == case.pk:
        return "A case cannot be merged into itself."
    if other.series_id != case.series_id:
        return "Cases can be merged only within the same series."
    if other.status in (S.DECLINED, S.MERGED, S.CLOSED):
        return f"Case {other.number} is {other.get_status_display().lower()}; choose an open case."
    return None


TRANSITIONS: dict[tuple[str, str], Move] = {
    (S.SUBMITTED, S.UNDER_REVIEW): Move("Start review", _always),
    (S.UNDER_REVIEW, S.SELECTED): Move("Select for a session", _always),
    (S.UNDER_REVIEW, S.DECLINED): Move("Decline", _always, needs_reason=True),
    (S.UNDER_REVIEW, S.MERGED): Move("Merge into another case", _merge_target),
    (S.SELECTED, S.PREPARED): Move("Mark prepared", _prepared),
    (S.PREPARED, S.PRESENTED): Move("Mark presented", _on_agenda),
    (S.PRESENTED, S.ACTIONS_OPEN): Move("Open actions", _has_actions),
    (S.PRESENTED, S.CLOSED): Move("Close without actions", _always, needs_reason=True),
    (S.ACTIONS_OPEN, S.CLOSED): Move("Close the case", _actions_finished),
    (S.CLOSED, S.UNDER_REVIEW): Move("Reopen", _always, needs_reason=True),
    (S.DECLINED, S.UNDER_REVIEW): Move("Reopen", _always, needs_reason=True),
    (S.MERGED, S.UNDER_REVIEW): Move("Reopen", _always, needs_reason=True),
}


def allowed_moves(case: Case) -> list[tuple[str, Move]]:
    """The moves open from the case's current status: [(to_status, Move)]."""
    return [(to, move) for (frm, to), move in TRANSITIONS.items() if frm == case.status]


def transition(
    case: Case,
    to_status: str,
    by: Any,
    *,
    reason: str = "",
    merged_into: Case | None = None,
) -> Case:
    """Move `case` to `to_status` if the rule allows; log it; return the fresh case.

    Raises CaseTransitionError with a specific message otherwise (nothing changes). A
    move to the status the case already has is a repeat and does nothing.
    """
    reason = reason.strip()
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status == to_status:
            return locked
        move = TRANSITIONS.get((locked.status, to_status))
        if move is None:
            raise CaseTransitionError(
                f"A case that is {locked.get_status_display().lower()} cannot be moved to "
                f"“{S(to_status).label.lower()}”."
            )
        if move.needs_reason and not reason:
            raise CaseTransitionError(f"Give a reason to {move.label.lower()}.")
        problem = move.rule(locked, reason, merged_into)
        if problem:
            raise CaseTransitionError(problem)
        from_status = locked.status
        locked.status = to_status
        if to_status == S.DECLINED:
            locked.decline_reason = reason
        if to_status == S.MERGED:
            locked.merged_into = merged_into
        if to_status == S.CLOSED:
            locked.closed_at = timezone.now()
        if to_status == S.UNDER_REVIEW and from_status != S.SUBMITTED:
            locked.closed_at = None
            locked.merged_into = None
        locked.save()
        CaseTransition.objects.create(
            case=locked,
            from_status=from_status,
            to_status=to_status,
            actor=by if getattr(by, "is_authenticated", False) else None,
            reason=reason,
        )
    return locked


def record_submission(case: Case, by: Any) -> CaseTransition:
    """The first log line of a new case ("" → submitted); call in the intake transaction."""
    return CaseTransition.objects.create(
        case=case,
        from_status="",
        to_status=S.SUBMITTED,
        actor=by if getattr(by, "is_authenticated", False) else None,
    )
