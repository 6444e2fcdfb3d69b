"""iCalendar output and time zones: a Chicago session read from New York, the feed token."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from equitylens.live.models import CalendarFeed
from equitylens.live.presentation import session_when
from equitylens.live.services.calendar import (
    calendar_feed,
    escape_text,
    feed_for,
    fold,
    reset_feed,
    session_ics,
)
from equitylens.live.services.sessions import SessionDraft, save_session
from tests.factories import make_activity, make_learner
from tests.live.factories_sessions import make_registration, make_session

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def chicago_session(month: int = 3, day: int = 3) -> object:
    return save_session(
        make_activity("Seeing Patients: a, b; c\\d"),
        None,
        SessionDraft(
            starts_local=datetime(2027, month, day, 10, 0),
            ends_local=datetime(2027, month, day, 11, 30),
            time_zone="America/Chicago",
            mode="in_person",
            location="Riverbend Health, 100 Main St; Room 2",
        ),
        by=None,
    )


def test_ics_lines_end_in_crlf_and_fold_at_75_octets() -> None:
    session = make_session(title="Ä" * 80)
    text = session_ics(session, None)
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert "Ä" * 80 in unfold(text)


def test_fold_never_splits_a_multibyte_character() -> None:
    folded = fold("SUMMARY:" + "é" * 100)
    for piece in folded.split("\r\n"):
        piece.encode("utf-8").decode("utf-8")
        assert len(piece.encode("utf-8")) <= 75


def test_text_is_escaped() -> None:
    assert escape_text("a, b; c\\d\nnext") == "a\\, b\\; c\\\\d\\nnext"


def test_a_chicago_10am_session_is_the_right_utc_instant_in_the_ics() -> None:
    session = chicago_session()
    text = unfold(session_ics(session, None))
    # 10:00 CST (UTC−6) is 16:00 UTC.
    assert "DTSTART:20270303T160000Z" in text
    assert "DTEND:20270303T173000Z" in text
    assert "LOCATION:Riverbend Health\\, 100 Main St\\; Room 2" in text
    assert "SUMMARY:Seeing Patients: a\\, b\\; c\\\\d" in text
    assert f"UID:session-{session.pk}@" in text  # type: ignore[attr-defined]
    assert "METHOD:REQUEST" in text


def test_a_chicago_session_reads_as_11_am_eastern_to_a_new_york_viewer(client: Client) -> None:
    winter, summer = chicago_session(3, 3), chicago_session(7, 6)
    assert session_when(winter) == {  # type: ignore[arg-type]
        "own": "Wed, Mar 3, 2027, 10:00 AM CST to 11:30 AM CST",
        "yours": "Wed, Mar 3, 2027, 11:00 AM EST to 12:30 PM EST",
    }
    page = client.get(reverse("live:session", kwargs={"pk": summer.pk}))  # type: ignore[attr-defined]
    content = page.content.decode()
    assert "Tue, Jul 6, 2027, 10:00 AM CDT to 11:30 AM CDT" in content
    assert "Tue, Jul 6, 2027, 11:00 AM EDT to 12:30 PM EDT" in content
    assert "DTSTART:20270706T150000Z" in unfold(session_ics(summer, None))  # type: ignore[arg-type]


def test_sequence_bumps_when_the_session_moves() -> None:
    session = chicago_session()
    assert "SEQUENCE:0" in session_ics(session, None)  # type: ignore[arg-type]
    save_session(
        session.activity,  # type: ignore[attr-defined]
        session,  # type: ignore[arg-type]
        SessionDraft(
            starts_local=datetime(2027, 3, 3, 13, 0),
            ends_local=datetime(2027, 3, 3, 14, 0),
            time_zone="America/Chicago",
            mode="in_person",
            location="Room 3",
        ),
        by=None,
    )
    session.refresh_from_db()  # type: ignore[attr-defined]
    assert "SEQUENCE:1" in session_ics(session, None)  # type: ignore[arg-type]


def test_meeting_link_only_in_a_registrants_copy() -> None:
    session = make_session(capacity=1)
    registration = make_registration(make_learner(), session)
    waiting = make_registration(make_learner(), session)
    assert "meet.example.org" in unfold(session_ics(session, registration))
    assert "meet.example.org" not in unfold(session_ics(session, waiting))
    assert "meet.example.org" not in unfold(session_ics(session, None))


def test_feed_lists_the_users_sessions_and_reset_invalidates_the_old_url(client: Client) -> None:
    learner = make_learner()
    kept, dropped = make_session(title="Kept"), make_session(title="Dropped")
    make_registration(learner, kept)
    from equitylens.live.services.registration import cancel_registration

    cancel_registration(make_registration(learner, dropped), by=learner)
    text = unfold(calendar_feed(learner))
    assert text.count("BEGIN:VEVENT") == 1 and "Kept" in text

    old = feed_for(learner).token
    url = reverse("live:calendar_feed", kwargs={"token": old})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "Kept" in unfold(response.content.decode())

    client.force_login(learner)
    assert client.post(reverse("live:calendar_feed_reset")).status_code == 302
    assert client.get(url).status_code == 404
    new = CalendarFeed.objects.get(user=learner).token
    assert new != old
    assert client.get(reverse("live:calendar_feed", kwargs={"token": new})).status_code == 200
    assert reset_feed(learner).token != new
