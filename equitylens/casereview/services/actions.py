"""Action items from a case: what the organization will do, who owns it and by when.

Rules (each broken rule is reported against its field; nothing changes):
- Actions are recorded for a case that has been presented (or already has actions);
  adding the first action to a presented case moves it to "actions open".
- A description (3–2,000 characters), a level, an owner who is a member of the
  organization or of the review body, a due date not in the past and a status.
- Done and dropped set completed_at (reopening clears it); dropping needs a note.
- A closed case's actions are not changed: reopen the case first.
- Changing the due date or the owner resets the reminders, so the new date or owner
  gets them. A double submit of the same new action within a minute makes one.

Audit entries carry the level and status, never the description.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from equitylens.accounts.models import User
from equitylens.audit.services import log_action
from equitylens.casereview.models import (
    ActionItem,
    ActionLevel,
    ActionStatus,
    Case,
    CaseSeries,
    CaseStatus,
)
from equitylens.casereview.services.cases import transition

DESCRIPTION_MIN, DESCRIPTION_MAX = 3, 2000
FINISHED = (ActionStatus.DONE, ActionStatus.DROPPED)
UNFINISHED = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
REPEAT_WINDOW = timedelta(minutes=1)
FILTERS = {
    "open": "Open",
    "overdue": "Overdue",
    "done": "Done or dropped",
    "all": "All",
}


class ActionError(Exception):
    """An action that cannot be saved; `errors` maps a field (or "__all__") to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class ActionDraft:
    description: str
    level: str
    owner_id: int | None
    due_on: date | None
    status: str
    status_note: str = ""


def owner_choices(series: CaseSeries) -> QuerySet[User]:
    """Who can own an action: members of the organization and of the review body."""
    return (
        User.objects.filter(
            Q(memberships__organization_id=series.organization_id)
            | Q(review_body_seats__series=series, review_body_seats__removed_at__isnull=True)
        )
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def can_take_actions(case: Case) -> bool:
    return case.status in (CaseStatus.PRESENTED, CaseStatus.ACTIONS_OPEN)


def _check(
    case: Case, draft: ActionDraft, today: date, previous: ActionItem | None
) -> tuple[dict[str, str], User | None]:
    errors: dict[str, str] = {}
    description = draft.description.strip()
    if len(description) < DESCRIPTION_MIN:
        errors["description"] = "Describe the action in at least 3 characters."
    elif len(description) > DESCRIPTION_MAX:
        errors["description"] = (
            f"The description can be 2,000 characters; it has {len(description):,}."
        )
    if draft.level not in ActionLevel.values:
        errors["level"] = "Choose the level: interpersonal, institutional or societal."
    owner = None
    if draft.owner_id is None:
        errors["owner"] = "Choose who owns the action."
    else:
        owner = owner_choices(case.series).filter(pk=draft.owner_id).first()
        if owner is None:
            errors["owner"] = "Choose an owner from the list of the organization's members."
    if draft.due_on is None:
        errors["due_on"] = "Enter the due date, e.g. 2027-03-31."
    elif draft.due_on < today and (previous is None or previous.due_on != draft.due_on):
        errors["due_on"] = (
            f"The due date cannot be in the past; you entered {draft.due_on:%b %d, %Y}."
        )
    if draft.status not in ActionStatus.values:
        errors["status"] = "Choose the status: open, in progress, done or dropped."
    elif draft.status == ActionStatus.DROPPED and not draft.status_note.strip():
        errors["status_note"] = "Say why the action is dropped (a short note)."
    return errors, owner


def _apply_status(action: ActionItem, status: str, note: str) -> None:
    if status in FINISHED and (action.status not in FINISHED or action.completed_at is None):
        action.completed_at = timezone.now()
    if status in UNFINISHED:
        action.completed_at = None
    action.status = status
    action.status_note = note.strip()


def add_action(case: Case, draft: ActionDraft, by: Any, *, today: date | None = None) -> ActionItem:
    """Record a new action for `case` (see the module rules); raises ActionError.

    The first action of a presented case moves the case to "actions open" in the same
    transaction. The same action submitted twice within a minute is saved once.
    """
    today = today or timezone.localdate()
    if not can_take_actions(case):
        raise ActionError(
            {
                "__all__": f"Actions are recorded once a case has been presented; case "
                f"{case.number} is {case.get_status_display().lower()}."
            }
        )
    errors, owner = _check(case, draft, today, None)
    if errors:
        raise ActionError(errors)
    assert owner is not None and draft.due_on is not None
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if not can_take_actions(locked):
            raise ActionError({"__all__": "The case moved on meanwhile; reload the page."})
        repeat = locked.actions.filter(
            description=draft.description.strip(),
            level=draft.level,
            owner=owner,
            due_on=draft.due_on,
            created_at__gte=timezone.now() - REPEAT_WINDOW,
        ).first()
        if repeat is not None:
            return repeat
        action = ActionItem(
            case=locked,
            description=draft.description.strip(),
            level=draft.level,
            owner=owner,
            due_on=draft.due_on,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        _apply_status(action, draft.status, draft.status_note)
        action.save()
        log_action(by, "casereview.action_added", action, level=action.level, status=action.status)
        if locked.status == CaseStatus.PRESENTED:
            transition(locked, CaseStatus.ACTIONS_OPEN, by)
    return action


def update_action(
    action: ActionItem, draft: ActionDraft, by: Any, *, today: date | None = None
) -> ActionItem:
    """Change an action's description, level, owner, due date or status; raises ActionError.

    A due date already past may be kept, not newly set. A new due date or owner resets
    the reminders. Saving the same values again changes nothing visible.
    """
    today = today or timezone.localdate()
    case = action.case
    if case.status == CaseStatus.CLOSED:
        raise ActionError(
            {"__all__": f"Case {case.number} is closed; reopen it to change its actions."}
        )
    errors, owner = _check(case, draft, today, action)
    if errors:
        raise ActionError(errors)
    assert owner is not None and draft.due_on is not None
    with transaction.atomic():
        locked = ActionItem.objects.select_for_update().get(pk=action.pk)
        if locked.due_on != draft.due_on or locked.owner_id != owner.pk:
            locked.reminder_before_sent_at = None
            locked.reminder_after_sent_at = None
        previous_status = locked.status
        locked.description = draft.description.strip()
        locked.level = draft.level
        locked.owner = owner
        locked.due_on = draft.due_on
        _apply_status(locked, draft.status, draft.status_note)
        locked.save()
        log_action(
            by,
            "casereview.action_changed",
            locked,
            level=locked.level,
            status=locked.status,
            previous_status=previous_status,
        )
    return locked


def is_overdue(action: ActionItem, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return action.status in UNFINISHED and action.due_on < today


def series_actions(
    series: CaseSeries, which: str, *, today: date | None = None
) -> QuerySet[ActionItem]:
    """The series' actions for the list filter `which` (a key of FILTERS), due date first."""
    today = today or timezone.localdate()
    actions = ActionItem.objects.filter(case__series=series).select_related("case", "owner")
    if which == "open":
        actions = actions.filter(status__in=UNFINISHED)
    elif which == "overdue":
        actions = actions.filter(status__in=UNFINISHED, due_on__lt=today)
    elif which == "done":
        actions = actions.filter(status__in=FINISHED)
    return actions.order_by("due_on", "pk")
