"""Regularly scheduled series: credit per session, and the learner's view of a series.

A series (an RSS activity) holds many sessions. The learner enters each session's
attendance code, evaluates and claims credit per session: each session has its own
Enrollment (Enrollment.session), created at code entry (learning.services.code_entry).
completion_date of such an enrollment is the session's date, so each certificate
shows the date of the session it is for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Sum
from django.utils import formats, timezone

from equitylens.catalog.models import Activity, ActivityFormat
from equitylens.catalog.services.statements import format_credit_amount
from equitylens.credentials.models import Certificate
from equitylens.credentials.services.certificates import credit_label
from equitylens.learning.models import AttendanceCode, ClaimedCredit, Enrollment
from equitylens.live.models import Registration, RegistrationStatus, Session, SessionStatus


def is_series(activity: Activity) -> bool:
    """True for regularly scheduled series (credit is claimed per session)."""
    return bool(activity.format == ActivityFormat.RSS)


def series_session_of(code: AttendanceCode) -> Session | None:
    """The series session whose attendance code `code` is, or None (any other code).

    Entering such a code verifies attendance at that session only: the learner gets one
    enrollment per session of the series (Enrollment.session).
    """
    if code.activity.format != ActivityFormat.RSS:
        return None
    return Session.objects.filter(attendance_code=code).first()


def format_in_zone(moment: datetime, zone: str) -> str:
    """`moment` in time zone `zone`: "Tue, Mar 3, 2026, 10:00 AM CST"."""
    local = moment.astimezone(ZoneInfo(zone))
    return str(formats.date_format(local, r"D, M j, Y, g:i A T"))


def session_when(session: Session) -> str:
    """The session's start in its own time zone, and in the site's when that differs."""
    here = format_in_zone(session.starts_at, session.time_zone)
    site_zone = settings.TIME_ZONE
    if site_zone == session.time_zone:
        return here
    there = session.starts_at.astimezone(ZoneInfo(site_zone))
    if there.utcoffset() == session.starts_at.astimezone(ZoneInfo(session.time_zone)).utcoffset():
        return here
    return f"{here} ({formats.date_format(there, r'g:i A T')} your time)"


@dataclass(frozen=True)
class SeriesRow:
    """One session of a series as the learner's series page shows it."""

    session: Session
    when: str
    is_past: bool
    registration_status: str  # "" when never registered
    enrollment: Enrollment | None
    certificate: Certificate | None

    @property
    def attended(self) -> bool:
        return bool(self.enrollment and self.enrollment.code_verified_at)

    @property
    def evaluated(self) -> bool:
        return bool(self.enrollment and self.enrollment.evaluated_at)

    @property
    def claimed(self) -> bool:
        return bool(self.enrollment and self.enrollment.claimed_at)


def series_rows(user: Any, activity: Activity) -> list[SeriesRow]:
    """Every scheduled session of the series (and cancelled ones the learner joined),
    oldest first, with the learner's registration, attendance, evaluation and claim."""
    sessions = list(
        Session.objects.filter(activity=activity, private_to__isnull=True).order_by("starts_at")
    )
    registrations = {
        r.session_id: r
        for r in Registration.objects.filter(user=user, session__activity=activity).exclude(
            status=RegistrationStatus.CANCELLED
        )
    }
    enrollments = {
        e.session_id: e
        for e in Enrollment.objects.filter(
            user=user, activity=activity, session__isnull=False
        ).select_related("activity")
    }
    certificates = {
        c.claim.enrollment.session_id: c
        for c in Certificate.objects.filter(
            claim__enrollment__in=list(enrollments.values())
        ).select_related("claim__enrollment")
    }
    now = timezone.now()
    rows = []
    for session in sessions:
        registration = registrations.get(session.pk)
        enrollment = enrollments.get(session.pk)
        if session.status == SessionStatus.CANCELLED and not (registration or enrollment):
            continue
        rows.append(
            SeriesRow(
                session=session,
                when=session_when(session),
                is_past=session.ends_at <= now,
                registration_status=registration.get_status_display() if registration else "",
                enrollment=enrollment,
                certificate=certificates.get(session.pk),
            )
        )
    return rows


def credit_claimed(user: Any, activity: Activity) -> list[tuple[str, str]]:
    """The credit the learner has claimed across the series' sessions, per credit type:
    (label, amount as written on certificates)."""
    totals = (
        ClaimedCredit.objects.filter(
            claim__user=user, claim__activity=activity, claim__enrollment__session__isnull=False
        )
        .values("credit_type", "unit")
        .annotate(total=Sum("amount"))
        .order_by("credit_type")
    )
    return [
        (credit_label(row["credit_type"], row["unit"]), format_credit_amount(Decimal(row["total"])))
        for row in totals
    ]
