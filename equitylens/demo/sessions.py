"""Demo data: sessions (fictional, written by us).

- The "Seeing Patients" video-series workshop: one in-person session on its start date
  in Chicago (9:00–10:30 AM CT, capacity 25), facilitated by Aisha Johnson.
- "Conversations on Race and Equity": a dialogue series with ground rules and three
  monthly 1-hour virtual sessions (capacity 30), each with its pre-reading; Maya Chen is
  registered for the next one.
- Riverbend Health's equity M&M: two monthly sessions at Riverbend; Grace Okafor is
  registered for the first.

Sessions are found again by activity and title, so running the loader twice changes
nothing; a demo session already in the past moves to its next date after today.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from equitylens.live.models import Session
from equitylens.live.services.registration import RegistrationAnswers, register
from equitylens.live.services.sessions import SessionDraft, save_series_settings, save_session

WORKSHOP = "seeing-patients-video-series-workshop"
DIALOGUE = "conversations-on-race-and-equity"
RIVERBEND_MM = "riverbend-health-equity-mm"
AISHA = "aisha.johnson@lakeshoremed.example"
SAM = "sam.rivera@lakeshoremed.example"
MAYA = "maya.chen@riverbendhealth.example"
GRACE = "grace.okafor@riverbendhealth.example"

GROUND_RULES = """\
1. Speak from your own experience ("I"), not for others or for a group.
2. Listen to understand, not to reply. One voice at a time.
3. What is shared here stays here; what is learned here leaves here.
4. Expect and accept non-closure: we are practising, not solving, in one hour.
5. Name harm when it happens, to the statement and not the person, and allow repair.
6. Cameras are optional; the chat is part of the conversation."""

DIALOGUE_SESSIONS = [
    (
        "Month 1: Naming race in clinical care",
        "When race appears in a chart (fictional reading)",
        "A short fictional case essay about a triage note and the words we reach for. "
        "About 15 minutes to read.",
    ),
    (
        "Month 2: Language access and trust",
        "Interpreters at the bedside (fictional interview)",
        "A fictional interview with a medical interpreter on the moments trust is won or lost. "
        "About 12 minutes to read.",
    ),
    (
        "Month 3: Pain, belief and bias",
        "Whose pain do we believe? (short video, fictional)",
        "A 10-minute fictional video vignette followed by three questions to bring along.",
    ),
]


def _second_tuesday(first_of_month: date) -> date:
    offset = (1 - first_of_month.weekday()) % 7
    return first_of_month + timedelta(days=offset + 7)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def _upsert(activity: Any, title: str, draft: SessionDraft, by: Any) -> Session:
    draft.title = title
    existing = Session.objects.filter(activity=activity, title=title).first()
    if existing is not None and existing.starts_at > timezone.now():
        # Still ahead: leave it (and its registrations) as it is.
        return existing
    return save_session(activity, existing, draft, by=by)


def _register(user: Any, session: Session, **answers: Any) -> None:
    if user is None or session.starts_at <= timezone.now():
        return
    register(user, session, RegistrationAnswers(**answers), by=user)


def load_sessions(activities: dict[str, Any], people: dict[str, Any]) -> None:
    """Create or refresh the demo sessions; idempotent. `people` maps e-mail → User."""
    coordinator = people.get(SAM)
    aisha = people.get(AISHA)
    today = timezone.localdate()

    workshop = activities.get(WORKSHOP)
    if workshop is not None:
        day = workshop.starts_on or today + timedelta(days=21)
        _upsert(
            workshop,
            "Lakeshore Medical Society, Chicago",
            SessionDraft(
                starts_local=datetime.combine(day, time(9, 0)),
                ends_local=datetime.combine(day, time(10, 30)),
                time_zone="America/Chicago",
                mode="in_person",
                location="Lakeshore Medical Society Conference Center, "
                "200 W Lake Street, Room 4B, Chicago, IL",
                capacity=25,
                facilitators=[aisha] if aisha else [],
            ),
            coordinator,
        )

    dialogue = activities.get(DIALOGUE)
    if dialogue is not None:
        save_series_settings(
            dialogue,
            is_dialogue=True,
            ground_rules=GROUND_RULES,
            default_capacity=30,
            by=coordinator,
        )
        first_month = _add_months(today, 1)
        sessions = []
        for index, (title, reading, note) in enumerate(DIALOGUE_SESSIONS):
            day = _second_tuesday(_add_months(first_month, index))
            sessions.append(
                _upsert(
                    dialogue,
                    title,
                    SessionDraft(
                        starts_local=datetime.combine(day, time(12, 0)),
                        ends_local=datetime.combine(day, time(13, 0)),
                        time_zone="America/New_York",
                        mode="virtual",
                        meeting_url="https://meet.lakeshoremed.example/race-and-equity",
                        capacity=30,
                        facilitators=[aisha] if aisha else [],
                        pre_reading_title=reading,
                        pre_reading_url="",
                        pre_reading_text=note,
                        community_event=True,
                    ),
                    coordinator,
                )
            )
        _register(people.get(MAYA), sessions[0], ground_rules_acknowledged=True)

    mm = activities.get(RIVERBEND_MM)
    if mm is not None:
        first_month = _add_months(today, 1)
        mm_sessions = []
        for index, title in enumerate(["Case conference 1", "Case conference 2"]):
            day = _second_tuesday(_add_months(first_month, index)) + timedelta(days=2)
            mm_sessions.append(
                _upsert(
                    mm,
                    title,
                    SessionDraft(
                        starts_local=datetime.combine(day, time(7, 30)),
                        ends_local=datetime.combine(day, time(8, 30)),
                        time_zone="America/New_York",
                        mode="in_person",
                        location="Riverbend Health, Education Center, Conference Room A",
                        capacity=40,
                    ),
                    coordinator,
                )
            )
        _register(people.get(GRACE), mm_sessions[0], accessibility_needs="")
