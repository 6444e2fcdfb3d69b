from equitylens.live.models.registrations import (
    CalendarFeed,
    Registration,
    RegistrationStatus,
    SessionFeedback,
)
from equitylens.live.models.sessions import SeriesSettings, Session, SessionMode, SessionStatus

__all__ = [
    "CalendarFeed",
    "Registration",
    "RegistrationStatus",
    "SeriesSettings",
    "Session",
    "SessionFeedback",
    "SessionMode",
    "SessionStatus",
]
