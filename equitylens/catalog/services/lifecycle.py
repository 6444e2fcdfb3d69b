"""An activity's status and the rules for moving between statuses.

    in development ──open──▶ open ──close──▶ closed
          ▲                   │  ▲──reopen──┘ │
          │                   └──expire──▶ expired ◀┘
          └──────return to development (review)───┘

Opening (and reopening) requires `problems_before_opening` to be empty. Enduring
material expires by itself the day after its expiration date (`expire_due_activities`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from equitylens.audit.services import log_action
from equitylens.catalog.models import Activity, ActivityFormat, ActivityStatus, Audience
from equitylens.catalog.services.credits import credit_amount_errors

MAX_APPROVAL_YEARS = 3

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    ActivityStatus.IN_DEVELOPMENT: {ActivityStatus.OPEN},
    ActivityStatus.OPEN: {ActivityStatus.CLOSED, ActivityStatus.EXPIRED},
    ActivityStatus.CLOSED: {ActivityStatus.OPEN, ActivityStatus.EXPIRED},
    ActivityStatus.EXPIRED: {ActivityStatus.IN_DEVELOPMENT},
}


class TransitionError(Exception):
    """A status change was refused; `problems` lists every reason in plain words."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def approval_period_problems(activity: Activity) -> list[str]:
    """Problems with an enduring material's release/expiration dates (empty for live ones)."""
    if not activity.is_enduring:
        return []
    problems = []
    if activity.starts_on is None:
        problems.append("Release date: enduring material needs a release date before it opens.")
    if activity.ends_on is None:
        problems.append(
            "Expiration date: enduring material needs an expiration date, "
            f"at most {MAX_APPROVAL_YEARS} years after release."
        )
    if activity.starts_on and activity.ends_on:
        latest = add_years(activity.starts_on, MAX_APPROVAL_YEARS)
        if activity.ends_on <= activity.starts_on:
            problems.append("Expiration date: must be after the release date.")
        elif activity.ends_on > latest:
            problems.append(
                f"Expiration date: enduring material is approved for at most {MAX_APPROVAL_YEARS}"
                f" years; with release on {activity.starts_on:%b %d, %Y} the latest expiration"
                f" date is {latest:%b %d, %Y}."
            )
    return problems


def problems_before_opening(activity: Activity, today: date | None = None) -> list[str]:
    """Everything that must be fixed before `activity` may open, each naming the field."""
    today = today or timezone.localdate()
    problems = list(approval_period_problems(activity))
    if not activity.is_enduring and activity.starts_on is None:
        problems.append("Start date: a live activity needs the date it takes place.")
    last_day = activity.last_day
    if last_day and last_day < today:
        field = "End date" if activity.ends_on else "Start date"
        problems.append(f"{field}: {last_day:%b %d, %Y} has passed; set a future date to open.")
    if not activity.objectives.exists():
        problems.append("Learning objectives: add at least one objective.")
    offerings = list(activity.credit_offerings.all())
    if not offerings:
        problems.append("Credit: offer at least one type of credit.")
    for offering in offerings:
        for error in credit_amount_errors(activity, offering.credit_type, offering.amount):
            problems.append(f"{offering.get_credit_type_display()}: {error}")
    if activity.audience == Audience.INTERNAL and not activity.internal_organizations.exists():
        problems.append(
            "Audience: an internal activity must name the organization(s) whose people "
            "may take part."
        )
    # Imported here: learning builds on catalog, not the other way round.
    from equitylens.learning.services.authoring import course_problems

    problems.extend(course_problems(activity))
    # Imported here too: disclosures build on catalog (ACCME Standards for Integrity and
    # Independence: every disclosure in and every relevant one mitigated before opening).
    from equitylens.disclosures.services.statements import opening_blockers

    problems.extend(opening_blockers(activity))
    return problems


@transaction.atomic
def change_status(activity: Activity, new_status: str, by: Any, reason: str = "") -> Activity:
    """Move `activity` to `new_status` if the transition is allowed and its rules hold.

    Raises TransitionError listing every problem; changes nothing then. Logged as
    ``activity.status_changed``. Asking for the status it already has is a no-op,
    so a double submit is harmless.
    """
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    if locked.status == new_status:
        return locked
    if new_status not in ALLOWED_TRANSITIONS.get(locked.status, set()):
        raise TransitionError(
            [
                f"An activity that is {locked.get_status_display().lower()} cannot become "
                f"{ActivityStatus(new_status).label.lower()}."
            ]
        )
    if new_status == ActivityStatus.OPEN:
        problems = problems_before_opening(locked)
        if problems:
            raise TransitionError(problems)
    old_status = locked.status
    locked.status = new_status
    locked.save(update_fields=["status", "updated_at"])
    log_action(by, "activity.status_changed", locked, old=old_status, new=new_status, reason=reason)
    activity.status = new_status
    return locked


def open_activity(activity: Activity, by: Any) -> Activity:
    """Open for registration (rules: `problems_before_opening`)."""
    return change_status(activity, ActivityStatus.OPEN, by)


def close_activity(activity: Activity, by: Any, reason: str = "") -> Activity:
    """Stop registration and participation; it can be reopened."""
    return change_status(activity, ActivityStatus.CLOSED, by, reason)


def return_to_development(activity: Activity, by: Any, reason: str = "") -> Activity:
    """Take an expired activity back for review before renewal."""
    return change_status(activity, ActivityStatus.IN_DEVELOPMENT, by, reason)


def expire_due_activities(today: date | None = None) -> list[Activity]:
    """Expire every open or closed enduring material whose expiration date has passed.

    Safe to run any number of times (from `equitylens expire_activities`, daily).
    Returns the activities it expired.
    """
    today = today or timezone.localdate()
    due = Activity.objects.filter(
        format=ActivityFormat.ENDURING,
        status__in=[ActivityStatus.OPEN, ActivityStatus.CLOSED],
        ends_on__lt=today,
    )
    expired = []
    for activity in due:
        expired.append(
            change_status(activity, ActivityStatus.EXPIRED, None, reason="end date passed")
        )
    return expired
