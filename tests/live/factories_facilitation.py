"""Test data for facilitation and series: sessions, registrations, a dialogue series."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from equitylens.catalog.models import ActivityFormat
from equitylens.live.models import (
    Registration,
    RegistrationStatus,
    SeriesSettings,
    Session,
    SessionMode,
)
from tests.factories import make_activity


def make_live_session(
    activity: Any | None = None,
    *,
    starts_at: datetime | None = None,
    minutes: int = 60,
    facilitators: tuple[Any, ...] = (),
    **extra: Any,
) -> Session:
    """A scheduled virtual session (by default started an hour ago, 60 minutes long)."""
    activity = activity or make_activity()
    starts_at = starts_at or timezone.now() - timedelta(hours=1)
    extra.setdefault("mode", SessionMode.VIRTUAL)
    extra.setdefault("time_zone", "America/Chicago")
    session = Session.objects.create(
        activity=activity,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        **extra,
    )
    session.facilitators.add(*facilitators)
    return session


def make_series(
    title: str = "Conversations on Race and Equity", *, dialogue: bool = True, **extra: Any
) -> Any:
    """A regularly scheduled series (RSS) activity, a dialogue series by default."""
    today = date.today()
    series = make_activity(
        title,
        format=ActivityFormat.RSS,
        duration_minutes=60,
        starts_on=today - timedelta(days=90),
        ends_on=today + timedelta(days=270),
        **extra,
    )
    SeriesSettings.objects.create(
        activity=series,
        is_dialogue=dialogue,
        default_capacity=30,
        ground_rules="Speak from your own experience.",
    )
    return series


def register(
    session: Session,
    user: Any | None = None,
    status: str = RegistrationStatus.REGISTERED,
    **extra: Any,
) -> Registration:
    """`user` (a new learner by default) registered for `session`."""
    from tests.factories import make_learner

    user = user or make_learner()
    return Registration.objects.create(
        session=session, user=user, status=status, queued_at=timezone.now(), **extra
    )
