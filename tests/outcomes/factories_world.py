"""A small fixed world for outcomes reports: `make_world()`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from equitylens.catalog.models import ActivityFormat, CreditType
from equitylens.live.models import SessionStatus
from equitylens.support.models import ActivitySupport, SupporterType, SupportKind
from tests.factories import make_activity, make_learner, make_online_course
from tests.live.factories_sessions import make_session
from tests.outcomes.factories_reports import make_completion, make_registration_row

JUNE = datetime(2025, 6, 10, 15, 0, tzinfo=UTC)


@dataclass
class World:
    course: Any
    workshop: Any
    series: Any
    physician: Any
    physician_two: Any
    nurse: Any
    other: Any


def make_world() -> World:
    """2025: an online course with 4 completions (3 claimed), a 90-minute workshop with
    registrations, and a 1-hour series with 2 sessions in 2025 (one more cancelled)."""
    course = make_online_course(title="Advancing Health Equity", slug="advancing")
    physician = make_learner(first_name="Maya", last_name="Chen", profession="physician")
    physician_two = make_learner(first_name="Omar", last_name="Haddad", profession="physician")
    nurse = make_learner(first_name="Grace", last_name="Okafor", profession="nurse")
    other = make_learner(first_name="Lee", last_name="Park", profession="other")
    make_completion(
        physician,
        course,
        rating=5,
        commitment="Ask every patient which language they prefer.",
        change="Use interpreters.",
        credits=(
            (CreditType.AMA_PRA_1, "2.00", "credits"),
            (CreditType.MOC_ABIM, "2.00", "points"),
        ),
        evaluated_at=JUNE,
    )
    make_completion(
        physician_two,
        course,
        rating=4,
        intends=False,
        bias_free=False,
        bias_explanation="A slide named one brand of inhaler.",
        credits=((CreditType.AMA_PRA_1, "1.50", "credits"),),
        evaluated_at=JUNE,
    )
    make_completion(
        nurse,
        course,
        rating=5,
        commitment="Review my notes for stigmatizing words.",
        comments='=HYPERLINK("http://evil.example")',
        credits=((CreditType.PARTICIPATION, "2.00", "hours"),),
        evaluated_at=JUNE,
    )
    make_completion(other, course, rating=2, quality=3, evaluated_at=JUNE)

    workshop = make_activity(
        "Implicit Bias Workshop", format=ActivityFormat.LIVE_COURSE, duration_minutes=90
    )
    session = make_session(workshop, starts_at=JUNE)
    marks = [
        ("registered", True),
        ("registered", True),
        ("registered", None),
        ("waitlisted", None),
        ("cancelled", None),
    ]
    for status, attended in marks:
        make_registration_row(make_learner(), session, status, attended=attended)

    series = make_activity("Conversations", format=ActivityFormat.RSS, duration_minutes=60)
    make_session(series, starts_at=datetime(2025, 3, 1, 17, tzinfo=UTC))
    make_session(series, starts_at=datetime(2025, 4, 1, 17, tzinfo=UTC))
    make_session(
        series, starts_at=datetime(2025, 5, 1, 17, tzinfo=UTC), status=SessionStatus.CANCELLED
    )
    make_session(series, starts_at=datetime(2026, 1, 5, 17, tzinfo=UTC))

    ActivitySupport.objects.create(
        activity=workshop,
        supporter_type=SupporterType.COMMERCIAL,
        supporter_name="Acme Pharma",
        kind=SupportKind.MONETARY,
        amount=Decimal("5000.00"),
    )
    ActivitySupport.objects.create(
        activity=workshop,
        supporter_type=SupporterType.COMMERCIAL,
        supporter_name="Acme Devices",
        kind=SupportKind.IN_KIND,
        in_kind_description="Simulation manikins",
    )
    ActivitySupport.objects.create(
        activity=series,
        supporter_type=SupporterType.OTHER,
        supporter_name="Lake Foundation",
        kind=SupportKind.MONETARY,
        amount=Decimal("1200.00"),
    )
    unrelated = make_activity("Next year only", duration_minutes=30)
    ActivitySupport.objects.create(
        activity=unrelated,
        supporter_type=SupporterType.COMMERCIAL,
        supporter_name="Other Co",
        kind=SupportKind.MONETARY,
        amount=Decimal("999.00"),
    )
    return World(course, workshop, series, physician, physician_two, nurse, other)
