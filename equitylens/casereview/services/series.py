"""Setting up a Health Equity M&M series: its details, framing questions and overview.

Rules kept here (views only parse and render):
- Only admins of the organization create a series; its first facilitator is seated in the
  same transaction. Titles are unique per organization (case-insensitive), so a double
  submit is refused with "A series with this title already exists" instead of a twin.
- The framing questions (1–8, each 10–300 characters) can change until the first case is
  submitted (`framing_fixed_at`); after that every case is discussed with the same ones.
- Changing the goals or the ground rules raises `ground_rules_version`: every member
  acknowledges the current version again.
The review body's rules (seats, last facilitator, acknowledgment) are in
services.review_body and re-exported here. Audit entries never hold case content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from equitylens.accounts.models import Membership, MembershipRole, Organization
from equitylens.audit.services import log_action
from equitylens.casereview.models import (
    ActionItem,
    ActionStatus,
    CaseSeries,
    CaseStatus,
    ConferenceSession,
    ConferenceStatus,
    ReviewBodyMember,
    ReviewRole,
)
from equitylens.casereview.services.review_body import (
    SeriesError,
    acknowledge_ground_rules,
    add_member,
    change_member,
    has_acknowledged,
    members_pending_acknowledgment,
    org_member,
    qualifications_error,
    remove_member,
)
from equitylens.catalog.models import Activity, ActivityFormat

__all__ = [
    "SeriesDetails",
    "SeriesError",
    "acknowledge_ground_rules",
    "add_member",
    "change_member",
    "create_series",
    "has_acknowledged",
    "members_pending_acknowledgment",
    "my_series",
    "remove_member",
    "series_overview",
    "update_series",
]

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 5000
RETENTION_MIN_DAYS, RETENTION_MAX_DAYS = 30, 3650
QUESTIONS_MIN, QUESTIONS_MAX = 1, 8
QUESTION_MIN_LENGTH, QUESTION_MAX_LENGTH = 10, 300
TITLE_TAKEN = "A series with this title already exists"
OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


@dataclass(frozen=True)
class SeriesDetails:
    """What an admin or facilitator writes about a series (framing questions apart)."""

    title: str
    goals: str
    ground_rules: str
    credit_activity: Activity | None = None
    retention_days: int | None = 730


def rss_activities() -> Any:
    """Catalog activities a series may earn credit through: regularly scheduled series."""
    return Activity.objects.filter(format=ActivityFormat.RSS).order_by("title")


def _details_errors(
    organization: Organization, details: SeriesDetails, exclude: int | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    title = details.title.strip()
    if not title:
        errors["title"] = "Give the series a title, e.g. “Medicine equity case conference”."
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = (
            f"Shorten the title to {TITLE_MAX_LENGTH} characters or fewer; it has {len(title)}."
        )
    else:
        same = CaseSeries.objects.filter(organization=organization, title__iexact=title)
        if exclude is not None:
            same = same.exclude(pk=exclude)
        if same.exists():
            errors["title"] = f"{TITLE_TAKEN} in {organization.name}; choose another title."
    for name, label in (("goals", "goals"), ("ground_rules", "ground rules")):
        text = getattr(details, name).strip()
        if not text:
            errors[name] = f"Write the group's {label}; members acknowledge them before a session."
        elif len(text) > TEXT_MAX_LENGTH:
            errors[name] = (
                f"Shorten the {label} to {TEXT_MAX_LENGTH} characters or fewer; "
                f"they have {len(text)}."
            )
    activity = details.credit_activity
    if activity is not None and activity.format != ActivityFormat.RSS:
        errors["credit_activity"] = (
            "Choose a regularly scheduled series (RSS) activity; "
            f"“{activity.title}” is a {activity.get_format_display().lower()}."
        )
    days = details.retention_days
    if days is None or not RETENTION_MIN_DAYS <= days <= RETENTION_MAX_DAYS:
        errors["retention_days"] = (
            f"Keep closed cases between {RETENTION_MIN_DAYS} and {RETENTION_MAX_DAYS} days"
            + (f"; you entered {days}." if days is not None else "; enter a number of days.")
        )
    return errors


def framing_question_errors(questions: list[str]) -> str | None:
    """Why these framing questions cannot be used (1–8 distinct questions of 10–300
    characters each), or None when they can."""
    if not QUESTIONS_MIN <= len(questions) <= QUESTIONS_MAX:
        return (
            f"Write between {QUESTIONS_MIN} and {QUESTIONS_MAX} framing questions, "
            f"one per line; there are {len(questions)}."
        )
    problems = []
    for number, question in enumerate(questions, start=1):
        if len(question) < QUESTION_MIN_LENGTH:
            problems.append(
                f"Question {number} has {len(question)} characters; "
                f"write at least {QUESTION_MIN_LENGTH}."
            )
        elif len(question) > QUESTION_MAX_LENGTH:
            problems.append(
                f"Question {number} has {len(question)} characters; "
                f"shorten it to {QUESTION_MAX_LENGTH}."
            )
    lowered = [question.casefold() for question in questions]
    for number, question in enumerate(lowered, start=1):
        if question in lowered[: number - 1]:
            problems.append(f"Question {number} repeats question {lowered.index(question) + 1}.")
    return " ".join(problems) or None


def _unique_slug(organization: Organization, title: str) -> str:
    base = slugify(title)[:70].strip("-") or "series"
    taken = set(
        CaseSeries.objects.filter(organization=organization, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_series(
    organization: Organization,
    by: Any,
    details: SeriesDetails,
    *,
    facilitator_email: str,
    facilitator_qualifications: str,
) -> CaseSeries:
    """Create a series with the default framing questions and seat its first facilitator.

    Only an admin of `organization` may (platform coordinators may not: they could seat
    themselves). The facilitator must be a member of the organization (the admin may name
    themself) with qualifications noted. Raises SeriesError with every problem found;
    nothing is saved then. The slug comes from the title and is unique per organization.
    """
    if not Membership.objects.filter(
        user=by, organization=organization, role=MembershipRole.ORG_ADMIN
    ).exists():
        raise SeriesError({"__all__": f"Only admins of {organization.name} can set up a series."})
    errors = _details_errors(organization, details, exclude=None)
    facilitator, problem = org_member(organization, facilitator_email)
    if problem:
        errors["facilitator_email"] = problem
    problem_q = qualifications_error(ReviewRole.FACILITATOR, facilitator_qualifications)
    if problem_q:
        errors["facilitator_qualifications"] = problem_q
    if errors or facilitator is None:
        raise SeriesError(errors)
    try:
        with transaction.atomic():
            # One creation at a time per organization, so two identical submits cannot
            # both pass the title check.
            Organization.objects.select_for_update().filter(pk=organization.pk).first()
            if CaseSeries.objects.filter(
                organization=organization, title__iexact=details.title.strip()
            ).exists():
                raise SeriesError({"title": f"{TITLE_TAKEN} in {organization.name}."})
            series = CaseSeries.objects.create(
                organization=organization,
                title=details.title.strip(),
                slug=_unique_slug(organization, details.title),
                goals=details.goals.strip(),
                ground_rules=details.ground_rules.strip(),
                credit_activity=details.credit_activity,
                retention_days=details.retention_days or 730,
                created_by=by,
            )
            seat = ReviewBodyMember.objects.create(
                series=series,
                user=facilitator,
                role=ReviewRole.FACILITATOR,
                qualifications=facilitator_qualifications.strip(),
                added_by=by,
            )
            log_action(by, "casereview.series.created", series, organization=organization.pk)
            log_action(by, "casereview.member.added", seat, role=seat.role)
    except IntegrityError as error:  # the slug constraint caught a concurrent twin
        raise SeriesError({"title": f"{TITLE_TAKEN} in {organization.name}."}) from error
    return series


def _fixed_message(series: CaseSeries) -> str:
    fixed_at = timezone.localtime(series.framing_fixed_at)
    return (
        f"The framing questions cannot change: they are fixed since {fixed_at:%b %-d, %Y}, "
        "when the first case was submitted, so every case is discussed with the same questions."
    )


def update_series(
    series: CaseSeries, by: Any, details: SeriesDetails, framing_questions: list[str] | None
) -> CaseSeries:
    """Save the series' details and (when given and still editable) its framing questions.

    `framing_questions=None` leaves them as they are. Once `framing_fixed_at` is set, any
    different list is refused. A change of goals or ground rules raises
    `ground_rules_version` by one; saving the same values again changes nothing.
    Raises SeriesError (nothing saved) on any broken rule.
    """
    errors = _details_errors(series.organization, details, exclude=series.pk)
    if framing_questions is not None:
        framing_questions = [q.strip() for q in framing_questions if q.strip()]
        if series.framing_fixed_at and framing_questions != series.framing_questions:
            errors["framing_questions"] = _fixed_message(series)
        else:
            problem = framing_question_errors(framing_questions)
            if problem:
                errors["framing_questions"] = problem
    if errors:
        raise SeriesError(errors)
    with transaction.atomic():
        current = CaseSeries.objects.select_for_update().get(pk=series.pk)
        framing_changed = (
            framing_questions is not None and framing_questions != current.framing_questions
        )
        if framing_changed:
            if current.framing_fixed_at is not None:  # the first case came in meanwhile
                raise SeriesError({"framing_questions": _fixed_message(current)})
            current.framing_questions = framing_questions
        new_values = {
            "title": details.title.strip(),
            "goals": details.goals.strip(),
            "ground_rules": details.ground_rules.strip(),
            "credit_activity_id": details.credit_activity.pk if details.credit_activity else None,
            "retention_days": details.retention_days,
        }
        changed = [name for name, value in new_values.items() if getattr(current, name) != value]
        if framing_changed:
            changed.append("framing_questions")
        if not changed:
            return current
        for name, value in new_values.items():
            setattr(current, name, value)
        if "goals" in changed or "ground_rules" in changed:
            current.ground_rules_version += 1
        current.save()
        log_action(
            by,
            "casereview.series.updated",
            current,
            fields=changed,
            ground_rules_version=current.ground_rules_version,
        )
    return current


@dataclass
class SeriesOverview:
    """What the review body sees on the series page."""

    status_counts: list[tuple[str, str, int]]
    total_cases: int
    upcoming: list[ConferenceSession]
    past: list[ConferenceSession]
    overdue_actions: list[ActionItem]
    open_actions: list[ActionItem]
    pending: list[ReviewBodyMember] = field(default_factory=list)

    @property
    def action_groups(self) -> list[tuple[str, str, list[ActionItem]]]:
        """(key, heading, actions): overdue first, then open and not yet due."""
        return [
            ("overdue", "Overdue", self.overdue_actions),
            ("open", "Open, not yet due", self.open_actions),
        ]


def series_overview(series: CaseSeries, today: date | None = None) -> SeriesOverview:
    """Case counts by status, sessions to come and held, and the actions not done yet:
    overdue (due before `today`, open or in progress) and open (due today or later)."""
    today = today or timezone.localdate()
    now = timezone.now()
    counts = dict(
        series.cases.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    sessions = list(ConferenceSession.objects.filter(series=series))
    upcoming = [s for s in sessions if s.status != ConferenceStatus.HELD and s.ends_at >= now]
    past = [s for s in reversed(sessions) if s not in upcoming]
    actions = list(
        ActionItem.objects.filter(case__series=series, status__in=OPEN_ACTION_STATUSES)
        .select_related("case", "owner")
        .order_by("due_on", "pk")
    )
    return SeriesOverview(
        status_counts=[(s.value, s.label, counts.get(s.value, 0)) for s in CaseStatus],
        total_cases=sum(counts.values()),
        upcoming=upcoming,
        past=past,
        overdue_actions=[a for a in actions if a.due_on < today],
        open_actions=[a for a in actions if a.due_on >= today],
        pending=members_pending_acknowledgment(series),
    )


@dataclass
class MySeries:
    """The case-review home of one person: only their own organizations' series."""

    seats: list[tuple[ReviewBodyMember, bool]]
    can_submit_to: list[CaseSeries]
    administered: list[tuple[Organization, list[CaseSeries]]]


def my_series(user: Any) -> MySeries:
    """My seats (with whether I still need to acknowledge the ground rules), the series
    of my organizations I may submit to, and for organizations I administer their series."""
    seats = list(
        ReviewBodyMember.objects.filter(user=user, removed_at__isnull=True).select_related(
            "series", "series__organization"
        )
    )
    memberships = Membership.objects.filter(user=user).select_related("organization")
    org_ids = [m.organization_id for m in memberships]
    submittable = list(
        CaseSeries.objects.filter(organization_id__in=org_ids).select_related("organization")
    )
    administered = [
        (m.organization, [s for s in submittable if s.organization_id == m.organization_id])
        for m in memberships
        if m.role == MembershipRole.ORG_ADMIN
    ]
    return MySeries(
        seats=[
            (seat, (seat.ground_rules_acknowledged_version or 0) < seat.series.ground_rules_version)
            for seat in seats
        ],
        can_submit_to=submittable,
        administered=administered,
    )
