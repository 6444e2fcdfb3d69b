"""Reminders to the owners of action items: one before the due date, one after it passed.

Run daily (`manage.py send_action_reminders`). For each action not done or dropped:
- "before": once, from CASE_ACTION_REMINDER_DAYS_BEFORE (default 3) days before the
  due date until the due date itself;
- "after": once, from the day after the due date.

Each reminder is claimed by a conditional UPDATE (… WHERE reminder_…_sent_at IS NULL)
before it is sent, so two runs at the same time send it once. A send that fails gives
the claim back for the next run.

Confidentiality: the e-mail says "an action from a case in <series>", the level and the
date, and links to the action (or, for an owner outside the review body, to the module's
home page). No case title, narrative or action description.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from equitylens.audit.services import log_action
from equitylens.casereview.models import ActionItem, ReviewBodyMember
from equitylens.casereview.services.actions import UNFINISHED

logger = logging.getLogger(__name__)

BEFORE, AFTER = "before", "after"
_FIELD = {BEFORE: "reminder_before_sent_at", AFTER: "reminder_after_sent_at"}


def days_before() -> int:
    """Days before the due date for the first reminder (CASE_ACTION_REMINDER_DAYS_BEFORE)."""
    return int(settings.CASE_ACTION_REMINDER_DAYS_BEFORE)


def due_reminders(kind: str, today: date) -> QuerySet[ActionItem]:
    """Unfinished actions whose `kind` reminder is due today and not yet sent."""
    actions = ActionItem.objects.filter(status__in=UNFINISHED, **{f"{_FIELD[kind]}__isnull": True})
    if kind == BEFORE:
        return actions.filter(due_on__gte=today, due_on__lte=today + timedelta(days=days_before()))
    return actions.filter(due_on__lt=today)


def _claim(action_id: int, kind: str, now: datetime) -> bool:
    field = _FIELD[kind]
    claimed = ActionItem.objects.filter(
        pk=action_id, status__in=UNFINISHED, **{f"{field}__isnull": True}
    ).update(**{field: now})
    return claimed == 1


def _release(action_id: int, kind: str, now: datetime) -> None:
    field = _FIELD[kind]
    ActionItem.objects.filter(pk=action_id, **{field: now}).update(**{field: None})


def action_link(action: ActionItem) -> str:
    """The action's page for an owner in the review body; the module's home otherwise."""
    series = action.case.series
    member = ReviewBodyMember.objects.filter(
        series=series, user_id=action.owner_id, removed_at__isnull=True
    ).exists()
    if member:
        path = reverse(
            "casereview:action_edit",
            kwargs={"series_id": series.pk, "number": action.case.number, "action_id": action.pk},
        )
    else:
        path = reverse("casereview:home")
    return settings.SITE_URL + path


def _send(action: ActionItem, kind: str) -> None:
    text = render_to_string(
        "casereview/email/action_reminder.txt",
        {
            "kind": kind,
            "name": action.owner.first_name,
            "series": action.case.series.title,
            "level": action.get_level_display().lower(),
            "due_on": action.due_on,
            "url": action_link(action),
        },
    )
    subject, _, body = text.strip().partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [action.owner.email])


def send_action_reminders(now: datetime | None = None) -> int:
    """Send every due reminder once; returns how many e-mails this run sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for kind in (BEFORE, AFTER):
        for action_id in list(due_reminders(kind, today).values_list("pk", flat=True)):
            if not _claim(action_id, kind, now):
                continue  # another run has it
            action = ActionItem.objects.select_related("case__series", "owner").get(pk=action_id)
            try:
                _send(action, kind)
            except Exception:
                _release(action_id, kind, now)
                logger.exception("Action reminder %s for action %s not sent", kind, action_id)
                continue
            log_action(None, "casereview.action_reminder_sent", action, kind=kind)
            sent += 1
    return sent
