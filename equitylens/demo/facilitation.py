"""Demo data: facilitation (fictional, written by us).

- A past pilot conversation of the dialogue series "Conversations on Race and Equity",
  facilitated by Aisha Johnson: Maya Chen and Grace Okafor registered and were marked
  present, Jordan Ellis registered and was absent; Maya gave the post-session feedback.
- An attendance code for that session and for every other scheduled public session
  (so "Show to the room" works at once), made through live.services.facilitation.

Idempotent: run it after load_sessions as often as you like.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from equitylens.live.models import (
    Registration,
    RegistrationStatus,
    SeriesSettings,
    Session,
    SessionFeedback,
    SessionMode,
    SessionStatus,
)
from equitylens.live.services.dialogue import submit_feedback
from equitylens.live.services.facilitation import mark_attendance, session_code

SERIES = "conversations-on-race-and-equity"
PILOT_TITLE = "Pilot conversation: Why we are here"
FACILITATOR = "aisha.johnson@lakeshoremed.example"
COORDINATOR = "sam.rivera@lakeshoremed.example"
PRESENT = ("maya.chen@riverbendhealth.example", "grace.okafor@riverbendhealth.example")
ABSENT = "jordan.ellis@northsideclinic.example"
GROUND_RULES = (
    "Speak from your own experience. Listen to understand. What is shared here stays "
    "here; what is learned here leaves here. Expect and accept non-closure."
)


def load_facilitation(activities: dict[str, Any], users: dict[str, Any]) -> None:
    """Create or refresh the demo facilitation data; idempotent."""
    series = activities.get(SERIES)
    facilitator = users.get(FACILITATOR)
    if series is not None and facilitator is not None:
        SeriesSettings.objects.get_or_create(
            activity=series,
            defaults={"is_dialogue": True, "default_capacity": 30, "ground_rules": GROUND_RULES},
        )
        pilot = _pilot_session(series, facilitator)
        _pilot_roster(pilot, users, facilitator)
    coordinator = users.get(COORDINATOR)
    now = timezone.now()
    for session in Session.objects.filter(
        status=SessionStatus.SCHEDULED, private_to__isnull=True, ends_at__gte=now - timedelta(30)
    ).select_related("activity"):
        if not session.activity.is_enduring:
            session_code(session, coordinator)


def _pilot_session(series: Any, facilitator: Any) -> Session:
    starts_at = (timezone.now() - timedelta(days=14)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    session, _ = Session.objects.get_or_create(
        activity=series,
        title=PILOT_TITLE,
        defaults={
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=1),
            "time_zone": "America/Chicago",
            "mode": SessionMode.VIRTUAL,
            "meeting_url": "https://meet.example.org/equity-lens-pilot",
            "capacity": 30,
            "pre_reading_title": "Why names matter",
            "pre_reading_text": "A short reflection we wrote on asking and using patients' names.",
        },
    )
    session.facilitators.add(facilitator)
    return session


def _pilot_roster(session: Session, users: dict[str, Any], facilitator: Any) -> None:
    rows = {}
    for email in (*PRESENT, ABSENT):
        user = users.get(email)
        if user is None:
            continue
        row, _ = Registration.objects.get_or_create(
            session=session,
            user=user,
            defaults={
                "status": RegistrationStatus.REGISTERED,
                "queued_at": session.starts_at - timedelta(days=7),
                "ground_rules_acknowledged_at": session.starts_at - timedelta(days=7),
                "accessibility_needs": "Live captions" if email == ABSENT else "",
            },
        )
        rows[email] = row
    marks = {row.pk: email != ABSENT for email, row in rows.items()}
    if marks:
        mark_attendance(session, marks, facilitator)
    maya = rows.get(PRESENT[0])
    if maya is not None and not SessionFeedback.objects.filter(registration=maya).exists():
        submit_feedback(
            maya, "5", "yes", "The ground rules made it easier to say something difficult."
        )
