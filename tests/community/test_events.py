"""Community events: upcoming scheduled sessions flagged for the community, nothing guessed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equitylens.catalog.models import ActivityFormat
from equitylens.community.services.events import community_events
from equitylens.live.models import Session, SessionMode, SessionStatus
from tests.community.factories_community import make_application, make_member
from tests.factories import make_activity, make_organization

pytestmark = pytest.mark.django_db


def session(starts_at: datetime, **extra: Any) -> Session:
    extra.setdefault("community_event", True)
    extra.setdefault("time_zone", "America/Chicago")
    return Session.objects.create(
        activity=extra.pop("activity", None) or make_activity(format=ActivityFormat.RSS),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        mode=SessionMode.VIRTUAL,
        meeting_url="https://meet.example.org/secret-room",
        **extra,
    )


def test_only_upcoming_scheduled_public_community_sessions_are_listed() -> None:
    now = timezone.now()
    later = session(now + timedelta(days=9), title="Later")
    sooner = session(now + timedelta(days=2), title="Sooner")
    session(now - timedelta(days=1), title="Past")
    session(now + timedelta(days=3), title="Not flagged", community_event=False)
    session(now + timedelta(days=4), title="Cancelled", status=SessionStatus.CANCELLED)
    session(now + timedelta(days=5), title="Private", private_to=make_organization())
    events = community_events(now)
    assert [event.session for event in events] == [sooner, later]
    assert events[0].url == reverse("live:session", args=[sooner.pk])


def test_nothing_is_listed_when_no_session_is_flagged() -> None:
    session(timezone.now() + timedelta(days=2), community_event=False)
    assert community_events(timezone.now()) == []


def test_times_show_in_the_sessions_zone_and_in_yours(settings: Any) -> None:
    settings.TIME_ZONE = "America/New_York"
    starts = datetime(2030, 3, 5, 16, 0, tzinfo=UTC)  # 10:00 in Chicago, 11:00 in New York
    session(starts)
    (event,) = community_events(datetime(2030, 1, 1, tzinfo=UTC))
    assert event.when == "Tue, Mar 5, 2030, 10:00 AM CST"
    assert event.when_yours == "Tue, Mar 5, 2030, 11:00 AM EST"


def test_same_zone_shows_one_time(settings: Any) -> None:
    settings.TIME_ZONE = "America/Chicago"
    session(datetime(2030, 7, 2, 14, 30, tzinfo=UTC))
    (event,) = community_events(datetime(2030, 1, 1, tzinfo=UTC))
    assert event.when == "Tue, Jul 2, 2030, 9:30 AM CDT"
    assert event.when_yours == ""


def test_events_page_is_for_members_and_hides_meeting_links() -> None:
    session(timezone.now() + timedelta(days=2), title="March dialogue: language access")
    client = Client()
    client.force_login(make_member().user)
    html = client.get(reverse("community:events")).content.decode()
    assert "March dialogue: language access" in html
    assert "secret-room" not in html
    outsider = Client()
    outsider.force_login(make_application().user)
    assert outsider.get(reverse("community:events")).status_code == 403
