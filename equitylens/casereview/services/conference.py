"""Conference sessions of a series: scheduling (also as an RSS session), running, themes.

Rules:
- Facilitators schedule a session with an agenda of the series' cases that are prepared
  (or selected: they must be prepared before they are presented). When the series has a
  credit activity, the session is also a live session of that activity, private to the
  organization and run by the series' facilitators, so attendance codes, the roster and
  credit work as for any live session. Scheduling the same title at the same start twice
  (a double submit) returns the first session.
- planned → in progress (started_at) → held (held_at); repeating a move changes nothing.
- A case is marked presented (case transition prepared → presented) once the session
  has started; its agenda item keeps the time.
- Discussion themes are recorded per agenda case and framing question while the session
  is in progress or held; text is scanned for identifiers and saved only when there are
  none or the facilitator confirms them. The same text on the same question within a
  minute is one theme.

Audit entries name the session, never a case title or theme text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from equitylens.accounts.models import User
from equitylens.audit.services import log_action
from equitylens.casereview.models import (
    AgendaItem,
    Case,
    CaseSeries,
    CaseStatus,
    ConferenceSession,
    ConferenceStatus,
    DiscussionTheme,
    ReviewBodyMember,
    ReviewRole,
)
from equitylens.casereview.services.cases import transition
from equitylens.casereview.services.identifiers import Finding, scan_text
from equitylens.live.models import SessionMode
from equitylens.live.services.sessions import SessionDraft, SessionRuleError, save_session

AGENDA_STATUSES = (CaseStatus.PREPARED, CaseStatus.SELECTED)
THEME_MIN, THEME_MAX = 3, 2000
REPEAT_WINDOW = timedelta(minutes=1)


class ConferenceError(Exception):
    """Something cannot be done; `errors` maps a form field (or "__all__") to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class IdentifierWarning(Exception):
    """The text may hold identifiers; nothing was saved. Fix it or confirm the findings."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} possible identifier(s)")
        self.findings = findings


@dataclass
class ConferenceDraft:
    """What the facilitator typed: local wall-clock start and end in `time_zone`."""

    title: str
    starts_local: datetime
    ends_local: datetime
    time_zone: str = "America/New_York"
    mode: str = ""
    location: str = ""
    meeting_url: str = ""


def agenda_candidates(series: CaseSeries) -> QuerySet[Case]:
    """Cases that may go on an agenda: prepared, or selected (to be prepared first)."""
    return series.cases.filter(status__in=AGENDA_STATUSES).order_by("number")


def current_facilitators(series: CaseSeries) -> list[User]:
    """The series' facilitators who still hold their seat."""
    return [
        seat.user
        for seat in ReviewBodyMember.objects.filter(
            series=series, role=ReviewRole.FACILITATOR, removed_at__isnull=True
        ).select_related("user")
    ]


def _to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    return local.replace(tzinfo=None).replace(tzinfo=zone).astimezone(ZoneInfo("UTC"))


def _check(
    series: CaseSeries, draft: ConferenceDraft, case_numbers: list[int]
) -> tuple[dict[str, str], datetime, datetime, list[Case]]:
    errors: dict[str, str] = {}
    starts = ends = timezone.now()
    if not draft.title.strip():
        errors["title"] = "Give the session a title, e.g. “Case conference, March”."
    elif len(draft.title.strip()) > 200:
        errors["title"] = f"The title can be 200 characters; it has {len(draft.title.strip())}."
    if draft.time_zone not in available_timezones():
        errors["time_zone"] = (
            f"“{draft.time_zone}” is not a time zone we know; use an IANA name such as "
            "America/Chicago."
        )
    else:
        zone = ZoneInfo(draft.time_zone)
        starts, ends = _to_utc(draft.starts_local, zone), _to_utc(draft.ends_local, zone)
        if ends <= starts:
            errors["end_time"] = "The session must end after it starts; check the end time."
    if draft.mode not in SessionMode.values:
        errors["mode"] = "Choose whether the session is in person or virtual."
    elif draft.mode == SessionMode.IN_PERSON and not draft.location.strip():
        errors["location"] = "An in-person session needs a location: the address and room."
    elif draft.mode == SessionMode.VIRTUAL and not draft.meeting_url.startswith("https://"):
        errors["meeting_url"] = (
            "A virtual session needs a meeting link starting with https://, "
            "e.g. https://meet.example.org/equity."
        )
    cases: list[Case] = []
    if not case_numbers:
        errors["cases"] = "Tick at least one prepared case for the agenda."
    else:
        found = {case.number: case for case in agenda_candidates(series)}
        missing = [str(n) for n in case_numbers if n not in found]
        if missing:
            errors["cases"] = (
                f"Case {', '.join(missing)} is not prepared or selected in this series; "
                "choose from the list."
            )
        elif len(set(case_numbers)) != len(case_numbers):
            errors["cases"] = "Each case can be on the agenda once."
        cases = [found[n] for n in case_numbers if n in found]
    return errors, starts, ends, cases


_SESSION_FIELDS = {
    "starts_local": "start_time",
    "ends_local": "end_time",
    "time_zone": "time_zone",
    "mode": "mode",
    "location": "location",
    "meeting_url": "meeting_url",
}


def schedule_conference(
    series: CaseSeries, by: Any, draft: ConferenceDraft, case_numbers: list[int]
) -> ConferenceSession:
    """Create a conference session with its agenda (cases in the given order).

    With a credit activity on the series, also creates its live session (private to the
    organization, facilitated by the series' current facilitators) and links it. Raises
    ConferenceError (nothing saved) when a rule is broken, including the live session's
    own rules. The same series, start and title again returns the existing session.
    """
    errors, starts, ends, cases = _check(series, draft, case_numbers)
    if errors:
        raise ConferenceError(errors)
    title = draft.title.strip()
    with transaction.atomic():
        # Serialize scheduling per series so two simultaneous submits make one session.
        CaseSeries.objects.select_for_update().filter(pk=series.pk).first()
        existing = ConferenceSession.objects.filter(
            series=series, starts_at=starts, title=title
        ).first()
        if existing is not None:
            return existing
        live_session = None
        if series.credit_activity is not None:
            session_draft = SessionDraft(
                starts_local=draft.starts_local,
                ends_local=draft.ends_local,
                time_zone=draft.time_zone,
                mode=draft.mode,
                title=title,
                location=draft.location,
                meeting_url=draft.meeting_url,
            )
            try:
                live_session = save_session(series.credit_activity, None, session_draft, by)
            except SessionRuleError as error:
                raise ConferenceError(
                    {_SESSION_FIELDS.get(key, "__all__"): msg for key, msg in error.errors.items()}
                ) from error
            live_session.private_to = series.organization
            live_session.save(update_fields=["private_to"])
            # Not the provider's facilitator list: the series' own facilitators run it.
            live_session.facilitators.set(current_facilitators(series))
        conference = ConferenceSession.objects.create(
            series=series,
            live_session=live_session,
            title=title,
            starts_at=starts,
            ends_at=ends,
            time_zone=draft.time_zone,
            mode=draft.mode,
            location=draft.location.strip() if draft.mode == SessionMode.IN_PERSON else "",
            meeting_url=draft.meeting_url if draft.mode == SessionMode.VIRTUAL else "",
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(conference=conference, case=case, position=position)
            for position, case in enumerate(cases, start=1)
        )
        log_action(
            by,
            "casereview.conference_scheduled",
            conference,
            series=series.pk,
            agenda=len(cases),
            live_session=live_session.pk if live_session else None,
        )
    return conference


def start_conference(conference: ConferenceSession, by: Any) -> ConferenceSession:
    """planned → in progress (sets started_at). Repeating it changes nothing."""
    with transaction.atomic():
        locked = ConferenceSession.objects.select_for_update().get(pk=conference.pk)
        if locked.status != ConferenceStatus.PLANNED:
            return locked
        locked.status = ConferenceStatus.IN_PROGRESS
        locked.started_at = timezone.now()
        locked.save(update_fields=["status", "started_at"])
        log_action(by, "casereview.conference_started", locked)
    return locked


def finish_conference(conference: ConferenceSession, by: Any) -> ConferenceSession:
    """in progress → held (sets held_at). A planned session must be started first;
    finishing a held session changes nothing."""
    with transaction.atomic():
        locked = ConferenceSession.objects.select_for_update().get(pk=conference.pk)
        if locked.status == ConferenceStatus.HELD:
            return locked
        if locked.status == ConferenceStatus.PLANNED:
            raise ConferenceError({"__all__": "Start the session before finishing it."})
        locked.status = ConferenceStatus.HELD
        locked.held_at = timezone.now()
        locked.save(update_fields=["status", "held_at"])
        log_action(by, "casereview.conference_held", locked)
    return locked


def mark_presented(item: AgendaItem, by: Any) -> AgendaItem:
    """Move the agenda item's case prepared → presented and stamp the item.

    The session must have started. A case already presented (or further along) keeps
    its status; the item is stamped once. Raises CaseTransitionError (e.g. a case still
    only selected) or ConferenceError; nothing changes then.
    """
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().select_related("conference").get(pk=item.pk)
        if locked.conference.status == ConferenceStatus.PLANNED:
            raise ConferenceError({"__all__": "Start the session before marking cases presented."})
        case = Case.objects.get(pk=locked.case_id)
        if case.status not in (CaseStatus.ACTIONS_OPEN, CaseStatus.CLOSED):
            transition(case, CaseStatus.PRESENTED, by)
        if locked.presented_at is None:
            locked.presented_at = timezone.now()
            locked.save(update_fields=["presented_at"])
    return locked


def record_theme(
    item: AgendaItem, question_index: int, text: str, by: Any, *, confirmed: bool = False
) -> DiscussionTheme:
    """Record a discussion theme for framing question `question_index` of the item's case.

    Raises ConferenceError (field "text" or "__all__") for a session not yet started, a
    question the series does not have or text outside 3–2,000 characters, and
    IdentifierWarning when the scan finds possible identifiers and `confirmed` is False.
    The same text on the same question within a minute returns the first theme.
    """
    text = text.strip()
    questions = item.conference.series.framing_questions
    if item.conference.status == ConferenceStatus.PLANNED:
        raise ConferenceError(
            {"__all__": "Themes are recorded once the session has started; start it first."}
        )
    if not 0 <= question_index < len(questions):
        raise ConferenceError({"__all__": "Choose one of the series' framing questions."})
    if len(text) < THEME_MIN:
        raise ConferenceError({"text": "Write the theme in at least 3 characters."})
    if len(text) > THEME_MAX:
        raise ConferenceError(
            {"text": f"A theme can be 2,000 characters; this one has {len(text):,}."}
        )
    if not confirmed:
        findings = scan_text(text)
        if findings:
            raise IdentifierWarning(findings)
    with transaction.atomic():
        AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
        repeat = DiscussionTheme.objects.filter(
            agenda_item=item,
            question_index=question_index,
            text=text,
            created_at__gte=timezone.now() - REPEAT_WINDOW,
        ).first()
        if repeat is not None:
            return repeat
        return DiscussionTheme.objects.create(
            agenda_item=item,
            question_index=question_index,
            text=text,
            recorded_by=by if getattr(by, "is_authenticated", False) else None,
        )


@dataclass
class RunStep:
    """One screen of the run view: step 0 is the ground rules, then one per agenda case."""

    number: int
    count: int
    item: AgendaItem | None
    questions: list[tuple[int, str, list[DiscussionTheme]]]


def run_step(conference: ConferenceSession, number: int) -> RunStep | None:
    """Step `number` (0 … agenda length) of the run screen, or None when out of range."""
    agenda = list(conference.agenda.select_related("case").order_by("position", "pk"))
    if not 0 <= number <= len(agenda):
        return None
    if number == 0:
        return RunStep(number=0, count=len(agenda), item=None, questions=[])
    item = agenda[number - 1]
    themes = list(item.themes.all())
    questions = [
        (index, question, [t for t in themes if t.question_index == index])
        for index, question in enumerate(conference.series.framing_questions)
    ]
    return RunStep(number=number, count=len(agenda), item=item, questions=questions)
