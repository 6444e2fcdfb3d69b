"""Commitment-to-change follow-up: schedule, e-mail once, answer once, results.

Rules:
- A follow-up exists for each evaluation with a commitment statement whose enrollment
  has a credit claim; it is due COMMITMENT_FOLLOW_UP_DAYS (default 60) days after the
  claim.
- `schedule_follow_ups(now)` (run daily by `equitylens send_follow_ups`) creates the
  missing follow-ups and queues one e-mail task per due, unsent follow-up. The task
  sets sent_at and sends in one locked transaction, so however often the command or
  the task runs, each learner gets the e-mail once.
- The learner answers through the token link, without signing in, exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from equitylens.audit.services import log_action
from equitylens.catalog.models import Activity
from equitylens.learning.models import Evaluation
from equitylens.outcomes.models import CommitmentFollowUp, FollowUpExtent

MAX_BARRIERS_LENGTH = 2000


class FollowUpError(Exception):
    """A follow-up answer that cannot be recorded; the message says why and what to do."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def follow_up_days() -> int:
    """Days between the claim and the follow-up (setting COMMITMENT_FOLLOW_UP_DAYS, 60)."""
    return int(getattr(settings, "COMMITMENT_FOLLOW_UP_DAYS", 60))


@dataclass(frozen=True)
class ScheduleResult:
    created: int
    queued: int


def create_due_follow_ups() -> int:
    """Create the follow-ups that are missing (see module rules); returns how many."""
    days = timedelta(days=follow_up_days())
    missing = (
        Evaluation.objects.filter(enrollment__claim__isnull=False, follow_up__isnull=True)
        .exclude(commitment="")
        .select_related("enrollment__claim")
    )
    created = 0
    for evaluation in missing:
        if not evaluation.commitment.strip():
            continue
        _, made = CommitmentFollowUp.objects.get_or_create(
            evaluation=evaluation,
            defaults={"due_at": evaluation.enrollment.claim.claimed_at + days},
        )
        created += made
    return created


def schedule_follow_ups(now: datetime | None = None) -> ScheduleResult:
    """Create missing follow-ups and queue the e-mail of every due, unsent one.

    Safe to run any number of times: creation is one row per evaluation, and the
    e-mail task checks and sets sent_at under a row lock before sending.
    """
    now = now or timezone.now()
    created = create_due_follow_ups()
    due = list(
        CommitmentFollowUp.objects.filter(sent_at__isnull=True, due_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    for pk in due:
        transaction.on_commit(partial(send_follow_up.enqueue, pk))
    return ScheduleResult(created=created, queued=len(due))


def follow_up_url(follow_up: CommitmentFollowUp) -> str:
    return settings.SITE_URL + reverse("outcomes:follow_up", args=[follow_up.token])


@task
def send_follow_up(follow_up_id: int) -> bool:
    """E-mail follow-up `follow_up_id` unless it was sent already; True when sent now.

    The e-mail holds the learner's own commitment and the answer link. sent_at is set
    in the same locked transaction as the send: a failed send leaves it unsent for the
    next run, and a second run finds it sent.
    """
    with transaction.atomic():
        follow_up = (
            CommitmentFollowUp.objects.select_for_update()
            .select_related("evaluation__enrollment__user", "evaluation__enrollment__activity")
            .filter(pk=follow_up_id, sent_at__isnull=True)
            .first()
        )
        if follow_up is None:
            return False
        enrollment = follow_up.evaluation.enrollment
        text = render_to_string(
            "outcomes/email/follow_up.txt",
            {
                "name": enrollment.user.first_name,
                "activity": enrollment.activity.title,
                "commitment": follow_up.evaluation.commitment.strip(),
                "url": follow_up_url(follow_up),
            },
        )
        subject, _, body = text.strip().partition("\n")
        follow_up.sent_at = timezone.now()
        follow_up.save(update_fields=["sent_at"])
        log_action(None, "follow_up.sent", follow_up)
        send_mail(subject.strip(), body.strip() + "\n", None, [enrollment.user.email])
    return True


def answer_follow_up(token: str, extent: str, barriers: str) -> CommitmentFollowUp:
    """Record the learner's answer to the follow-up with `token`, once.

    Errors (FollowUpError, nothing changed): unknown token; already answered;
    `extent` not one of FollowUpExtent; barriers longer than 2,000 characters.
    """
    if extent not in FollowUpExtent.values:
        raise FollowUpError("Choose how far you made the change.", field="extent")
    barriers = barriers.strip()
    if len(barriers) > MAX_BARRIERS_LENGTH:
        raise FollowUpError(
            f"Keep barriers to {MAX_BARRIERS_LENGTH:,} characters; you wrote {len(barriers):,}.",
            field="barriers",
        )
    with transaction.atomic():
        follow_up = CommitmentFollowUp.objects.select_for_update().filter(token=token).first()
        if follow_up is None:
            raise FollowUpError("This follow-up link is not valid.")
        if follow_up.responded_at is not None:
            raise FollowUpError("You have already answered this follow-up. Thank you.")
        follow_up.extent = extent
        follow_up.barriers = barriers
        follow_up.responded_at = timezone.now()
        follow_up.save(update_fields=["extent", "barriers", "responded_at"])
        log_action(None, "follow_up.answered", follow_up, extent=extent)
    return follow_up


@dataclass(frozen=True)
class FollowUpResults:
    scheduled: int
    sent: int
    responded: int
    extents: list[tuple[str, int]]
    barriers: list[str]


def follow_up_results(activity: Activity) -> FollowUpResults:
    """The follow-up results of `activity`: counts, answers by extent, barriers (no names)."""
    rows: list[Any] = list(
        CommitmentFollowUp.objects.filter(evaluation__enrollment__activity=activity).order_by(
            "responded_at", "pk"
        )
    )
    answered = [r for r in rows if r.responded_at is not None]
    return FollowUpResults(
        scheduled=len(rows),
        sent=sum(1 for r in rows if r.sent_at is not None),
        responded=len(answered),
        extents=[
            (str(label), sum(1 for r in answered if r.extent == value))
            for value, label in FollowUpExtent.choices
        ],
        barriers=[r.barriers for r in answered if r.barriers],
    )
