"""Session authoring (coordinators), cancellation, series settings and who sees which session.

Rules for a session, each reported against its field:
- only live courses, internet live courses and regularly scheduled series have sessions;
- it ends after it starts; the time zone is a real IANA name (e.g. America/Chicago);
- in person needs a location; virtual needs an https meeting link;
- capacity is at least 1, or empty for no limit (a dialogue series fills an empty
  capacity with its default, 30 unless the series says otherwise);
- facilitators are members of the accredited provider with the facilitator or
  coordinator role.

Private sessions (`private_to` set, from a confirmed booking) exist only for members of
that organization, the session's facilitators and coordinators; to anyone else they are
a 404. Public sessions follow their activity's audience.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from equitylens.accounts.models import User
from equitylens.accounts.permissions import (
    is_coordinator,
    member_organization_ids,
    provider_facilitators,
)
from equitylens.audit.services import log_action
from equitylens.catalog.models import Activity, ActivityFormat
from equitylens.catalog.services.visibility import can_view
from equitylens.live.models import (
    Registration,
    RegistrationStatus,
    SeriesSettings,
    Session,
    SessionMode,
    SessionStatus,
)

SESSION_FORMATS = (ActivityFormat.LIVE_COURSE, ActivityFormat.INTERNET_LIVE, ActivityFormat.RSS)
DIALOGUE_DEFAULT_CAPACITY = 30
# Common US zones first in pickers; any IANA name is accepted.
COMMON_TIME_ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
)


class SessionRuleError(Exception):
    """A draft broke one or more rules; `errors` maps field name → message with the fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class SessionDraft:
    """What a coordinator typed: local wall-clock start/end in `time_zone`."""

    starts_local: datetime
    ends_local: datetime
    time_zone: str
    mode: str
    title: str = ""
    location: str = ""
    meeting_url: str = ""
    capacity: int | None = None
    facilitators: list[User] = field(default_factory=list)
    pre_reading_title: str = ""
    pre_reading_url: str = ""
    pre_reading_text: str = ""
    community_event: bool = False


def has_sessions(activity: Activity) -> bool:
    """Only live, internet-live and series activities happen at a date and time."""
    return activity.format in SESSION_FORMATS


def series_settings(activity: Activity) -> SeriesSettings | None:
    return SeriesSettings.objects.filter(activity=activity).first()


def is_dialogue(activity: Activity) -> bool:
    settings_row = series_settings(activity)
    return bool(settings_row and settings_row.is_dialogue)


def facilitator_candidates() -> QuerySet[User]:
    """Provider members with the facilitator or coordinator role, by name."""
    result: QuerySet[User] = provider_facilitators()
    return result


def _to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    if timezone.is_aware(local):
        local = local.replace(tzinfo=None)
    return local.replace(tzinfo=zone).astimezone(ZoneInfo("UTC"))


def _check(activity: Activity, draft: SessionDraft) -> tuple[dict[str, str], datetime, datetime]:
    errors: dict[str, str] = {}
    starts = ends = timezone.now()
    if not has_sessions(activity):
        errors["__all__"] = (
            f"{activity.get_format_display()} activities have no sessions; only live, "
            "internet live and regularly scheduled series activities do."
        )
    if draft.time_zone not in available_timezones():
        errors["time_zone"] = (
            f"“{draft.time_zone}” is not a time zone we know; choose one from the list, "
            "e.g. America/Chicago."
        )
    else:
        zone = ZoneInfo(draft.time_zone)
        starts, ends = _to_utc(draft.starts_local, zone), _to_utc(draft.ends_local, zone)
        if ends <= starts:
            errors["ends_local"] = "The session must end after it starts; check the end time."
    if draft.mode not in SessionMode.values:
        errors["mode"] = "Choose whether the session is in person or virtual."
    elif draft.mode == SessionMode.IN_PERSON and not draft.location.strip():
        errors["location"] = "An in-person session needs a location: enter the address and room."
    elif draft.mode == SessionMode.VIRTUAL and not draft.meeting_url.startswith("https://"):
        errors["meeting_url"] = (
            "A virtual session needs a meeting link starting with https://, "
            "e.g. https://meet.example.org/equity."
        )
    if draft.capacity is not None and draft.capacity < 1:
        errors["capacity"] = "Capacity must be at least 1; leave it empty for no limit."
    allowed = set(facilitator_candidates().values_list("pk", flat=True))
    strangers = [person for person in draft.facilitators if person.pk not in allowed]
    if strangers:
        errors["facilitators"] = (
            f"{strangers[0]} is not a facilitator or coordinator of the provider; "
            "choose facilitators from the list."
        )
    return errors, starts, ends


def effective_capacity(activity: Activity, capacity: int | None) -> int | None:
    """An empty capacity means no limit, except in a series with a default (dialogue: 30)."""
    if capacity is not None:
        return capacity
    settings_row = series_settings(activity)
    if settings_row is None:
        return None
    if settings_row.default_capacity:
        return settings_row.default_capacity
    return DIALOGUE_DEFAULT_CAPACITY if settings_row.is_dialogue else None


def save_session(
    activity: Activity, session: Session | None, draft: SessionDraft, by: Any
) -> Session:
    """Create (session None) or update a session of `activity`; raises SessionRuleError.

    Moving a session re-schedules its registrants' reminders and bumps its calendar
    SEQUENCE (an audit entry "session.rescheduled"); a larger capacity promotes waitlisted
    learners in order. Nothing is changed when a rule is broken.
    """
    from equitylens.live.services.registration import promote_waitlisted
    from equitylens.live.services.reminders import reschedule_reminders

    errors, starts, ends = _check(activity, draft)
    if errors:
        raise SessionRuleError(errors)
    with transaction.atomic():
        creating = session is None
        if session is None:
            session = Session(activity=activity)
        else:
            session = Session.objects.select_for_update().get(pk=session.pk, activity=activity)
        moved = not creating and (session.starts_at != starts or session.ends_at != ends)
        session.starts_at, session.ends_at = starts, ends
        session.time_zone = draft.time_zone
        session.mode = draft.mode
        session.title = draft.title.strip()
        session.location = draft.location.strip() if draft.mode == SessionMode.IN_PERSON else ""
        session.meeting_url = draft.meeting_url if draft.mode == SessionMode.VIRTUAL else ""
        session.capacity = effective_capacity(activity, draft.capacity)
        session.pre_reading_title = draft.pre_reading_title.strip()
        session.pre_reading_url = draft.pre_reading_url
        session.pre_reading_text = draft.pre_reading_text.strip()
        session.community_event = draft.community_event
        session.save()
        session.facilitators.set(draft.facilitators)
        payload = {"starts_at": starts.isoformat(), "time_zone": draft.time_zone}
        log_action(by, "session.created" if creating else "session.updated", session, **payload)
        if moved:
            log_action(by, "session.rescheduled", session, **payload)
            reschedule_reminders(session)
        if not creating and session.status == SessionStatus.SCHEDULED:
            promote_waitlisted(session, by)
    return session


class SessionStateError(Exception):
    """A transition that the session's state does not allow."""


def cancel_session(session: Session, reason: str, by: Any) -> Session:
    """scheduled → cancelled with a reason; every registrant and waitlisted learner is e-mailed.

    Idempotent: cancelling a cancelled session changes nothing and sends nothing.
    """
    from equitylens.live.services.session_mail import send_session_mail

    if not reason.strip():
        raise SessionRuleError({"reason": "Give a reason; registrants will read it."})
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.status == SessionStatus.CANCELLED:
            return locked
        locked.status = SessionStatus.CANCELLED
        locked.cancel_reason = reason.strip()
        locked.save(update_fields=["status", "cancel_reason"])
        log_action(by, "session.cancelled", locked, reason=locked.cancel_reason)
        for registration in Registration.objects.filter(
            session=locked,
            status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED],
        ):
            send_session_mail("session_cancelled", registration, attach_ics=True)
    return locked


def save_series_settings(
    activity: Activity,
    *,
    is_dialogue: bool,
    ground_rules: str,
    default_capacity: int | None,
    by: Any,
) -> SeriesSettings:
    """Settings shared by a series' sessions; a dialogue series needs its ground rules."""
    errors: dict[str, str] = {}
    if activity.format != ActivityFormat.RSS:
        errors["__all__"] = "Only regularly scheduled series have series settings."
    if is_dialogue and not ground_rules.strip():
        errors["ground_rules"] = (
            "A dialogue series needs ground rules that registrants agree to; write them here."
        )
    if default_capacity is not None and default_capacity < 1:
        errors["default_capacity"] = "Default capacity must be at least 1, or empty."
    if errors:
        raise SessionRuleError(errors)
    with transaction.atomic():
        row, _ = SeriesSettings.objects.select_for_update().get_or_create(activity=activity)
        row.is_dialogue = is_dialogue
        row.ground_rules = ground_rules.strip()
        row.default_capacity = default_capacity
        row.save()
        log_action(
            by,
            "series.settings_saved",
            row,
            is_dialogue=is_dialogue,
            default_capacity=default_capacity,
        )
    return row


def _is_facilitator(user: Any, session: Session) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and session.facilitators.filter(pk=user.pk).exists()
    )


def is_private_member(user: Any, session: Session) -> bool:
    """A member of the organization a private session belongs to."""
    return session.private_to_id is not None and session.private_to_id in member_organization_ids(
        user
    )


def can_see_session(user: Any, session: Session) -> bool:
    """May `user` see this session at all? (No → the page is a 404, as if it did not exist.)"""
    if is_coordinator(user) or _is_facilitator(user, session):
        return True
    if session.private_to_id is not None:
        return is_private_member(user, session)
    return can_view(user, session.activity)


def visible_sessions(user: Any, activity: Activity) -> list[Session]:
    """Upcoming scheduled sessions of `activity` that `user` may see, soonest first.

    Private sessions are listed only to their organization's members and coordinators.
    """
    queryset = (
        Session.objects.filter(
            activity=activity, status=SessionStatus.SCHEDULED, ends_at__gt=timezone.now()
        )
        .select_related("activity", "private_to")
        .order_by("starts_at")
    )
    if not is_coordinator(user):
        org_ids = member_organization_ids(user)
        queryset = queryset.filter(private_to__isnull=True) | queryset.filter(
            private_to__in=org_ids
        )
        if not can_view(user, activity):
            queryset = queryset.filter(private_to__isnull=False)
    return list(queryset.order_by("starts_at"))
