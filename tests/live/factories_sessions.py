"""Test data for sessions: a session of a live activity, and registrations."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from equitylens.accounts.models import User
from equitylens.catalog.models import Activity, ActivityFormat
from equitylens.live.models import Registration, SeriesSettings, Session, SessionMode
from equitylens.live.services.registration import RegistrationAnswers, register
from tests.factories import (
    make_activity,
)


def make_session(activity: Activity | None = None, **extra: Any) -> Session:
    """A scheduled virtual session 10 days ahead, one hour long, capacity from `extra`."""
    activity = activity or make_activity(format=ActivityFormat.INTERNET_LIVE)
    starts: datetime = extra.pop("starts_at", timezone.now() + timedelta(days=10))
    extra.setdefault("mode", SessionMode.VIRTUAL)
    if extra["mode"] == SessionMode.VIRTUAL:
        extra.setdefault("meeting_url", "https://meet.example.org/equity-123")
    else:
        extra.setdefault("location", "Riverbend Health, 100 Main St, Room 2")
    extra.setdefault("time_zone", "America/Chicago")
    return Session.objects.create(
        activity=activity,
        starts_at=starts,
        ends_at=extra.pop("ends_at", starts + timedelta(hours=1)),
        **extra,
    )


def make_dialogue_series(**extra: Any) -> Activity:
    activity = make_activity(format=ActivityFormat.RSS, **extra)
    SeriesSettings.objects.create(
        activity=activity,
        is_dialogue=True,
        ground_rules="Speak from your own experience. Listen to understand.",
    )
    return activity


def make_registration(user: User, session: Session, **answers: Any) -> Registration:
    return register(user, session, RegistrationAnswers(**answers), by=user)
