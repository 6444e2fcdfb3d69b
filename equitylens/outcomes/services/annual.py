"""The provider's annual summary for its ACCME annual report (PARS activity totals).

Rules:
- An activity belongs to `year` when it had a scheduled (not cancelled) session
  starting in that year or a completion (an evaluation submitted) in that year.
- Hours of instruction: a regularly scheduled series counts each of its sessions in
  the year × the activity's duration; every other activity counts its duration once.
- Learners: distinct people with a completion in the year, split into physicians
  (profession "physician") and other learners (any other or no profession).
- Commercial support received: from support.ActivitySupport of those activities, per
  supporter type (commercial / other) the monetary total in US dollars and the number
  of in-kind contributions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from equitylens.accounts.models import Profession
from equitylens.catalog.models import Activity, ActivityFormat
from equitylens.learning.models import Enrollment
from equitylens.live.models import Session, SessionStatus
from equitylens.outcomes.services.csv_export import csv_document
from equitylens.support.models import ActivitySupport, SupporterType, SupportKind


@dataclass(frozen=True)
class FormatCount:
    format: str
    label: str
    activities: int
    hours: Decimal


@dataclass(frozen=True)
class SupportTotal:
    supporter_type: str
    label: str
    monetary: Decimal
    in_kind: int


@dataclass(frozen=True)
class AnnualSummary:
    year: int
    activities: int
    by_format: list[FormatCount]
    hours: Decimal
    physician_learners: int
    other_learners: int
    support: list[SupportTotal]


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.01"))


def annual_summary(year: int) -> AnnualSummary:
    """The numbers for `year` (a calendar year in the site's time zone); see module rules."""
    sessions = Session.objects.filter(starts_at__year=year).exclude(status=SessionStatus.CANCELLED)
    completions = Enrollment.objects.filter(evaluated_at__year=year)
    activities = list(
        Activity.objects.filter(
            Q(pk__in=sessions.values("activity_id")) | Q(pk__in=completions.values("activity_id"))
        ).order_by("title")
    )
    session_counts: dict[int, int] = {}
    for activity_id in sessions.values_list("activity_id", flat=True):
        session_counts[activity_id] = session_counts.get(activity_id, 0) + 1

    minutes_by_format: dict[str, int] = {}
    count_by_format: dict[str, int] = {}
    for activity in activities:
        times = session_counts.get(activity.pk, 0) if activity.format == ActivityFormat.RSS else 1
        minutes_by_format[activity.format] = (
            minutes_by_format.get(activity.format, 0) + times * activity.duration_minutes
        )
        count_by_format[activity.format] = count_by_format.get(activity.format, 0) + 1
    by_format = [
        FormatCount(value, str(label), count_by_format[value], _hours(minutes_by_format[value]))
        for value, label in ActivityFormat.choices
        if value in count_by_format
    ]

    learners = dict(completions.values_list("user_id", "user__profession").distinct())
    physicians = sum(1 for p in learners.values() if p == Profession.PHYSICIAN)

    support = []
    rows = ActivitySupport.objects.filter(activity__in=activities)
    for value, label in SupporterType.choices:
        mine = [r for r in rows if r.supporter_type == value]
        support.append(
            SupportTotal(
                supporter_type=value,
                label=str(label),
                monetary=sum(
                    (r.amount or Decimal("0") for r in mine if r.kind == SupportKind.MONETARY),
                    Decimal("0.00"),
                ),
                in_kind=sum(1 for r in mine if r.kind == SupportKind.IN_KIND),
            )
        )
    return AnnualSummary(
        year=year,
        activities=len(activities),
        by_format=by_format,
        hours=_hours(sum(minutes_by_format.values())),
        physician_learners=physicians,
        other_learners=len(learners) - physicians,
        support=support,
    )


def annual_summary_csv(summary: AnnualSummary) -> str:
    """The annual summary as CSV rows of (section, item, value)."""
    rows: list[tuple[object, ...]] = [
        ("Year", "", summary.year),
        ("Activities", "All", summary.activities),
        ("Hours of instruction", "All", f"{summary.hours:f}"),
    ]
    for line in summary.by_format:
        rows.append(("Activities", line.label, line.activities))
        rows.append(("Hours of instruction", line.label, f"{line.hours:f}"))
    rows.append(("Learners", "Physicians", summary.physician_learners))
    rows.append(("Learners", "Other learners", summary.other_learners))
    for total in summary.support:
        rows.append(("Support received (US dollars)", total.label, f"{total.monetary:f}"))
        rows.append(("In-kind contributions", total.label, total.in_kind))
    return csv_document(("Section", "Item", "Value"), rows)
