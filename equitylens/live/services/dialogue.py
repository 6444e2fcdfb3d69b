"""The dialogue series' short post-session evaluation (SessionFeedback).

Rules (submit_feedback):
- Only for sessions of a dialogue series, only by a learner registered for the session
  (not waitlisted or cancelled), and only once the session has ended.
- One feedback per registration: a second submit (double click, second tab) keeps the
  first answers and returns them (created=False).
- Rating 1–5 is required; "felt safe" is yes / no / prefer not to say (None).
Facilitators see only the aggregate (feedback_summary), never who said what.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from equitylens.audit.services import log_action
from equitylens.live.models import Registration, RegistrationStatus, Session, SessionFeedback
from equitylens.live.services.facilitation import is_dialogue

SAFE_CHOICES = {"yes": True, "no": False, "prefer_not": None}
COMMENT_LIMIT = 2000


class FeedbackError(ValueError):
    """Feedback cannot be given now; the message says why."""


class FeedbackInvalid(ValueError):
    """The answers have problems; `errors` maps each field name to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for ms in errors.values() for m in ms))
        self.errors = errors


def feedback_registration(user: Any, session: Session) -> Registration | None:
    """The learner's registration that may give feedback on `session`, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(
        session=session, user=user, status=RegistrationStatus.REGISTERED
    ).first()


def feedback_blocker(session: Session, registration: Registration | None) -> str | None:
    """None when feedback may be given now, else why not (the learner's words)."""
    if not is_dialogue(session):
        return "This session has no post-session evaluation."
    if registration is None:
        return "Only learners registered for this session can give feedback."
    if timezone.now() < session.ends_at:
        return "The evaluation opens when the session ends."
    return None


def validate_answers(rating: str, felt_safe: str, comment: str) -> tuple[int, bool | None, str]:
    """The answers as stored, or FeedbackInvalid naming each field and the fix."""
    errors: dict[str, list[str]] = {}
    value = 0
    if rating not in {"1", "2", "3", "4", "5"}:
        errors["rating"] = ["Choose a rating from 1 (poor) to 5 (excellent)."]
    else:
        value = int(rating)
    if felt_safe not in SAFE_CHOICES:
        errors["felt_safe"] = ["Choose yes, no or prefer not to say."]
    comment = comment.strip()
    if len(comment) > COMMENT_LIMIT:
        errors["comment"] = [
            f"Comments can be at most {COMMENT_LIMIT} characters; yours has {len(comment)}."
        ]
    if errors:
        raise FeedbackInvalid(errors)
    return value, SAFE_CHOICES[felt_safe], comment


def submit_feedback(
    registration: Registration, rating: str, felt_safe: str, comment: str
) -> tuple[SessionFeedback, bool]:
    """Store the registrant's feedback once. Returns (feedback, created).

    FeedbackError when not allowed now, FeedbackInvalid for bad answers (nothing stored).
    """
    existing = SessionFeedback.objects.filter(registration=registration).first()
    if existing is not None:
        return existing, False
    blocker = feedback_blocker(registration.session, registration)
    if blocker:
        raise FeedbackError(blocker)
    value, safe, text = validate_answers(rating, felt_safe, comment)
    try:
        with transaction.atomic():
            feedback = SessionFeedback.objects.create(
                registration=registration, rating=value, felt_safe=safe, comment=text
            )
            log_action(
                registration.user,
                "session.feedback_submitted",
                registration.session,
                rating=value,
            )
    except IntegrityError:
        return SessionFeedback.objects.get(registration=registration), False
    return feedback, True


@dataclass(frozen=True)
class FeedbackSummary:
    """Aggregate feedback on one session, for its facilitators (anonymous)."""

    count: int
    average: float | None
    ratings: list[tuple[int, int]]  # (rating, how many), 5 down to 1
    felt_safe_yes: int
    felt_safe_no: int
    felt_safe_unsaid: int
    comments: list[str]


def feedback_summary(session: Session) -> FeedbackSummary:
    """Counts, average rating, the "felt safe" split and the comments (without names)."""
    rows = list(SessionFeedback.objects.filter(registration__session=session).order_by("pk"))
    ratings = [r.rating for r in rows]
    return FeedbackSummary(
        count=len(rows),
        average=round(sum(ratings) / len(ratings), 1) if ratings else None,
        ratings=[(n, ratings.count(n)) for n in range(5, 0, -1)],
        felt_safe_yes=sum(1 for r in rows if r.felt_safe is True),
        felt_safe_no=sum(1 for r in rows if r.felt_safe is False),
        felt_safe_unsaid=sum(1 for r in rows if r.felt_safe is None),
        comments=[r.comment for r in rows if r.comment],
    )
