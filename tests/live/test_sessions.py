"""Session authoring rules: each broken rule is reported against its field, nothing saved."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from equitylens.audit.models import LogEntry
from equitylens.catalog.models import ActivityFormat
from equitylens.live.models import RegistrationStatus, Session, SessionStatus
from equitylens.live.services.sessions import (
    SessionDraft,
    SessionRuleError,
    cancel_session,
    save_series_settings,
    save_session,
)
from tests.factories import (
    make_activity,
    make_coordinator,
    make_facilitator,
    make_learner,
    make_user,
)
from tests.live.factories_sessions import make_dialogue_series, make_registration, make_session

pytestmark = pytest.mark.django_db


def draft(**overrides: object) -> SessionDraft:
    start = (timezone.now() + timedelta(days=20)).replace(tzinfo=None, second=0, microsecond=0)
    values: dict[str, object] = {
        "starts_local": start,
        "ends_local": start + timedelta(hours=1),
        "time_zone": "America/Chicago",
        "mode": "virtual",
        "meeting_url": "https://meet.example.org/abc",
    }
    values.update(overrides)
    return SessionDraft(**values)  # type: ignore[arg-type]


def errors_of(activity: object, the_draft: SessionDraft) -> dict[str, str]:
    with pytest.raises(SessionRuleError) as caught:
        save_session(activity, None, the_draft, by=None)  # type: ignore[arg-type]
    assert not Session.objects.exists()
    return caught.value.errors


def test_local_time_is_stored_as_the_utc_instant_of_the_sessions_zone() -> None:
    activity = make_activity(format=ActivityFormat.LIVE_COURSE)
    session = save_session(
        activity,
        None,
        draft(
            starts_local=datetime(2026, 3, 3, 10, 0),
            ends_local=datetime(2026, 3, 3, 11, 30),
            mode="in_person",
            location="Riverbend Health, Room 2",
        ),
        by=make_coordinator(),
    )
    assert session.starts_at.isoformat() == "2026-03-03T16:00:00+00:00"
    assert session.meeting_url == ""
    assert LogEntry.objects.filter(action="session.created").count() == 1


def test_enduring_activities_have_no_sessions() -> None:
    errors = errors_of(make_activity(format=ActivityFormat.ENDURING), draft())
    assert "no sessions" in errors["__all__"]


def test_end_must_be_after_start() -> None:
    start = datetime(2026, 5, 1, 10, 0)
    errors = errors_of(make_activity(), draft(starts_local=start, ends_local=start))
    assert errors["ends_local"].startswith("The session must end after it starts")


def test_time_zone_must_be_a_real_iana_name() -> None:
    errors = errors_of(make_activity(), draft(time_zone="Central Time"))
    assert "not a time zone we know" in errors["time_zone"]


def test_in_person_needs_a_location_and_virtual_an_https_link() -> None:
    activity = make_activity()
    assert "location" in errors_of(activity, draft(mode="in_person", location=" "))
    errors = errors_of(activity, draft(meeting_url="http://meet.example.org/abc"))
    assert "https://" in errors["meeting_url"]


def test_capacity_is_at_least_one() -> None:
    errors = errors_of(make_activity(), draft(capacity=0))
    assert errors["capacity"] == "Capacity must be at least 1; leave it empty for no limit."


def test_facilitators_come_from_provider_facilitators_and_coordinators() -> None:
    activity = make_activity()
    errors = errors_of(activity, draft(facilitators=[make_learner()]))
    assert "not a facilitator" in errors["facilitators"]
    aisha = make_facilitator()
    session = save_session(activity, None, draft(facilitators=[aisha]), by=None)
    assert list(session.facilitators.all()) == [aisha]


def test_dialogue_series_default_capacity_is_30() -> None:
    series = make_dialogue_series()
    assert save_session(series, None, draft(), by=None).capacity == 30
    save_series_settings(
        series, is_dialogue=True, ground_rules="Listen.", default_capacity=12, by=None
    )
    assert save_session(series, None, draft(), by=None).capacity == 12
    assert save_session(series, None, draft(capacity=5), by=None).capacity == 5


def test_dialogue_series_needs_ground_rules() -> None:
    series = make_activity(format=ActivityFormat.RSS)
    with pytest.raises(SessionRuleError) as caught:
        save_series_settings(
            series, is_dialogue=True, ground_rules="  ", default_capacity=None, by=None
        )
    assert "ground rules" in caught.value.errors["ground_rules"]


def test_raising_capacity_promotes_the_waitlist_in_order() -> None:
    session = make_session(capacity=1)
    first, second, third = make_learner(), make_learner(), make_learner()
    for learner in (first, second, third):
        make_registration(learner, session)
    zone_start = session.starts_at.astimezone(timezone.get_current_timezone())
    save_session(
        session.activity,
        session,
        draft(
            time_zone=str(timezone.get_current_timezone()),
            starts_local=zone_start.replace(tzinfo=None),
            ends_local=(zone_start + timedelta(hours=1)).replace(tzinfo=None),
            capacity=2,
        ),
        by=None,
    )
    statuses = {r.user: r.status for r in session.registrations.all()}
    assert statuses[second] == RegistrationStatus.REGISTERED
    assert statuses[third] == RegistrationStatus.WAITLISTED
    assert not LogEntry.objects.filter(action="session.rescheduled").exists()


def test_cancelling_a_session_needs_a_reason_and_emails_everyone_once(
    django_capture_on_commit_callbacks: Any,
) -> None:
    session = make_session(capacity=1)
    make_registration(make_learner(), session)
    make_registration(make_learner(), session)
    mail.outbox.clear()
    with pytest.raises(SessionRuleError):
        cancel_session(session, "  ", by=None)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_session(session, "The facilitator is ill.", by=make_user())
        cancel_session(session, "Again", by=None)
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert session.cancel_reason == "The facilitator is ill."
    assert len(mail.outbox) == 2
    assert "The facilitator is ill." in mail.outbox[0].body
    assert "METHOD:CANCEL" in mail.outbox[0].attachments[0][1]
