"""Demo data: Health Equity M&M at Riverbend Health (fictional, written by us, de-identified).

Riverbend Health's admin, Priya Patel, took the readiness check once: equity data and
peer-review protection are in place; measurement, resourcing and training are partial;
they had no facilitator yet. That gives "ready with support" and four next steps — so they
asked Lakeshore for an outside facilitator, Aisha Johnson, who facilitates their series.

The series has a review body (Aisha facilitator, Maya presenter, Grace content expert,
Priya committee member; Sam Rivera, the coordinator, deliberately has no seat) and cases
in every stage: submitted, under review, selected, prepared (on next month's agenda),
actions open (one action overdue), closed, and a topic idea Grace sent without her name.
Every case text passes the identifier scan (tests/casereview/test_demo_casereview.py):
no names, no dates finer than a year, no ages, no places.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from equitylens.accounts.models import Membership, MembershipRole, MembershipSource, Organization
from equitylens.casereview.models import (
    DEFAULT_FRAMING_QUESTIONS,
    ActionItem,
    ActionLevel,
    ActionStatus,
    AgendaItem,
    Case,
    CaseFactor,
    CaseSeries,
    CaseStatus,
    CaseTransition,
    ConferenceSession,
    ConferenceStatus,
    DiscussionTheme,
    ReadinessAssessment,
    ReviewBodyMember,
    ReviewRole,
    SubmissionKind,
)
from equitylens.casereview.services.conference import ConferenceDraft, schedule_conference
from equitylens.casereview.services.readiness import assess

ADMIN = "priya.patel@riverbendhealth.example"
MAYA = "maya.chen@riverbendhealth.example"
GRACE = "grace.okafor@riverbendhealth.example"
AISHA = "aisha.johnson@lakeshoremed.example"
ANSWERS = {
    "equity_data": "yes",
    "disparities": "partly",
    "resourcing": "partly",
    "training": "partly",
    "facilitator": "no",
    "protection": "yes",
}
NOTES = {
    "equity_data": "REaL fields at registration since last year; preferred language is reliable.",
    "disparities": "Readmissions are stratified by race; other measures are not yet.",
    "training": "About half of the emergency department has taken implicit-bias training.",
    "facilitator": "We would like Lakeshore to send a facilitator for the first sessions.",
    "protection": "Quality office confirmed the M&M falls under our peer-review policy.",
}

SERIES_SLUG = "health-equity-mm"
GOALS = (
    "Learn from cases where inequity shaped the care we gave, without blame, and change the "
    "systems that let it happen. Each case ends with actions someone owns."
)
GROUND_RULES = (
    "What is said here stays here; what is learned here leaves here.\n"
    "Speak from your own experience; assume good intent and own your impact.\n"
    "No names or identifiers of patients or staff, in speech or in writing.\n"
    "Focus on systems and structures before individuals.\n"
    "Anyone may pause the discussion if it stops feeling safe."
)
QUALIFICATIONS = (
    "Outside facilitator from Lakeshore Medical Society. Trained in equity-focused case "
    "review and dialogue facilitation; has facilitated equity M&M series at three health "
    "systems."
)


@dataclass
class DemoCase:
    """One demo case: its text, where it is in its life, and what came of it."""

    title: str
    summary: str
    submitter: str
    path: list[str]  # statuses after "submitted", in order
    days_ago: int  # submitted this many days ago
    kind: str = SubmissionKind.CASE
    name_hidden: bool = False
    case_file: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    factors: list[tuple[str, str]] = field(default_factory=list)
    preparation: dict[str, str] = field(default_factory=dict)


S = CaseStatus
FILE_INTERPRETER = {
    "clinical_narrative": (
        "A patient whose preferred language is Spanish came to the emergency department with "
        "chest pain. Triage was done with a family member interpreting. The patient was "
        "discharged after a negative workup with written instructions in English only and "
        "returned two days later with the same pain, having not understood the follow-up plan."
    ),
    "counter_narrative": (
        "Interpreter phones were in use or not charged on the night shift; staff described "
        "waits of twenty minutes as normal. Discharge instructions in Spanish exist but are "
        "not in the default print set. The family member who interpreted was a teenager."
    ),
    "root_cause_analysis": (
        "Institutional: interpreter access depends on equipment, not on a staffed service. "
        "Structural: the department is staffed for volume, not for the language needs of the "
        "community it serves. Interpersonal: the team accepted a family interpreter as good "
        "enough under time pressure."
    ),
    "source_references": "EHR encounter 48213\nSafety event 2291",
}


CASES = [
    DemoCase(
        title="Interpreter not used at discharge",
        summary="A patient with limited English left the emergency department without "
        "understanding the follow-up plan and came back two days later.",
        submitter=MAYA,
        path=[S.UNDER_REVIEW, S.SELECTED, S.PREPARED],
        days_ago=75,
        case_file=FILE_INTERPRETER,
        tags=["language", "health_literacy"],
        factors=[
            ("Interpreter phones shared, often unavailable at night.", "institutional"),
            ("Staffing levels set without regard to language needs.", "structural"),
            ("A family member accepted as interpreter under time pressure.", "interpersonal"),
        ],
        preparation={
            "key_issues": "Language access as a safety issue, not a courtesy. Who carries "
            "the cost when equipment fails.",
            "discussion_questions": "What would it take for a staffed interpreter to be the "
            "default at night? Who decides what goes in the default discharge print set?",
            "concerns": "The presenting team may feel blamed; keep the focus on the system.",
        },
    ),
    DemoCase(
        title="Pain scores and delayed analgesia",
        summary="A Black patient with a long bone fracture waited much longer for pain relief "
        "than the unit's usual time, with pain scores documented as exaggerated.",
        submitter=MAYA,
        path=[S.UNDER_REVIEW, S.SELECTED, S.PREPARED, S.PRESENTED, S.ACTIONS_OPEN],
        days_ago=120,
        case_file={
            "clinical_narrative": "Analgesia was ordered late after repeated pain scores "
            "were charted as out of proportion to the injury.",
            "counter_narrative": "Local audits show longer waits for analgesia for Black "
            "patients across the department; the charting phrase is used far more often "
            "for them.",
            "root_cause_analysis": "Interpersonal bias in how pain is believed, and no "
            "institutional check on time to analgesia by race.",
            "source_references": "EHR encounter 51877",
        },
        tags=["race_ethnicity"],
        factors=[
            ("Pain scores discounted in the chart.", "interpersonal"),
            ("Time to analgesia not monitored by race.", "institutional"),
        ],
        preparation={
            "key_issues": "Believing pain; what our own data show.",
            "discussion_questions": "How do we make time to analgesia visible by race?",
        },
    ),
    DemoCase(
        title="Missed follow-up after a lost insurance plan",
        summary="A patient who lost coverage between visits missed a planned follow-up and "
        "came back with a worse condition.",
        submitter=GRACE,
        path=[S.UNDER_REVIEW, S.SELECTED, S.PREPARED, S.PRESENTED, S.ACTIONS_OPEN, S.CLOSED],
        days_ago=300,
        case_file={
            "clinical_narrative": "The follow-up visit was cancelled by the scheduling system "
            "when coverage lapsed, without a call to the patient.",
            "counter_narrative": "Coverage churn is common in our community; the cancellation "
            "rule was written for billing, not for care.",
            "root_cause_analysis": "An institutional rule turned a payment problem into a "
            "care gap.",
        },
        tags=["insurance"],
        factors=[("Scheduling rule cancels visits when coverage lapses.", "institutional")],
        preparation={
            "key_issues": "Billing rules that make clinical decisions.",
            "discussion_questions": "Which other automatic rules cancel care?",
        },
    ),
    DemoCase(
        title="Wheelchair user waited in the hallway",
        summary="A wheelchair user waited for hours in a hallway because the one accessible "
        "room was in use.",
        submitter=GRACE,
        path=[S.UNDER_REVIEW, S.SELECTED],
        days_ago=40,
        case_file={
            "clinical_narrative": "No accessible room or lift was free; the patient was "
            "assessed in the hallway.",
            "counter_narrative": "The unit has one accessible room; renovation plans "
            "counted beds, not access.",
        },
        tags=["disability"],
    ),
    DemoCase(
        title="Housing status and early discharge",
        summary="A patient without stable housing was discharged in the evening with no "
        "safe place to go.",
        submitter=MAYA,
        path=[S.UNDER_REVIEW],
        days_ago=20,
    ),
    DemoCase(
        title="Chosen name not used on the ward",
        summary="A transgender patient's chosen name and pronouns were not used by staff "
        "because the record showed only the legal name.",
        submitter=MAYA,
        path=[],
        days_ago=6,
    ),
    DemoCase(
        title="Idea: how we document family interpreters",
        summary="Could we review how often family members interpret, and whether the chart "
        "records it? I see it on most night shifts.",
        submitter=GRACE,
        path=[],
        days_ago=3,
        kind=SubmissionKind.TOPIC,
        name_hidden=True,
    ),
]

THEMES = [
    (0, "Waits for pain relief differed by race in our own audit."),
    (1, "Charting language signalled disbelief and travelled with the patient."),
    (2, "Report time to analgesia by race monthly; review outliers together."),
    (3, "Staff did not feel able to question the charting at the time."),
]


def load_casereview(activities: dict[str, Any], people: dict[str, Any]) -> None:
    """Riverbend's readiness check, then its M&M series; idempotent.

    `people` maps e-mail → User. Each part is created once: a second run finds the check,
    the series and its cases and adds nothing.
    """
    riverbend = Organization.objects.filter(slug="riverbend-health").first()
    admin = people.get(ADMIN)
    if riverbend is None or admin is None:
        return
    if not ReadinessAssessment.objects.filter(organization=riverbend).exists():
        assess(riverbend, ANSWERS, admin, notes=NOTES)
    if not all(email in people for email in (MAYA, GRACE, AISHA)):
        return
    with transaction.atomic():
        series = _series(riverbend, activities, people)
        if not series.cases.exists():
            _cases(series, people)


def _series(org: Organization, activities: dict[str, Any], people: dict[str, Any]) -> CaseSeries:
    aisha = people[AISHA]
    # The outside facilitator joins Riverbend so she can take part in its sessions.
    Membership.objects.get_or_create(
        user=aisha,
        organization=org,
        defaults={"role": MembershipRole.MEMBER, "source": MembershipSource.MANUAL},
    )
    rss = activities.get("riverbend-health-equity-mm")
    series, _ = CaseSeries.objects.get_or_create(
        organization=org,
        slug=SERIES_SLUG,
        defaults={
            "title": "Riverbend Health Equity M&M",
            "goals": GOALS,
            "ground_rules": GROUND_RULES,
            "framing_questions": list(DEFAULT_FRAMING_QUESTIONS),
            "credit_activity": rss,
            "created_by": people[ADMIN],
        },
    )
    seats = [
        (AISHA, ReviewRole.FACILITATOR, QUALIFICATIONS),
        (MAYA, ReviewRole.PRESENTER, ""),
        (GRACE, ReviewRole.CONTENT_EXPERT, "Emergency nursing."),
        (ADMIN, ReviewRole.COMMITTEE_MEMBER, ""),
    ]
    for email, role, qualifications in seats:
        ReviewBodyMember.objects.get_or_create(
            series=series,
            user=people[email],
            defaults={
                "role": role,
                "qualifications": qualifications,
                "ground_rules_acknowledged_version": series.ground_rules_version,
                "ground_rules_acknowledged_at": timezone.now(),
                "added_by": people[ADMIN],
            },
        )
    return series


def _at(days_ago: float) -> datetime:
    return timezone.now() - timedelta(days=days_ago)


def _cases(series: CaseSeries, people: dict[str, Any]) -> None:
    facilitator = people[AISHA]
    prepared: list[int] = []
    first_submission: datetime | None = None
    oldest_first = sorted(CASES, key=lambda demo: -demo.days_ago)
    for number, demo in enumerate(oldest_first, start=1):
        case, moments = _case(series, number, demo, people)
        first_submission = min(first_submission or case.submitted_at, case.submitted_at)
        if demo.path[-1:] == [S.PREPARED]:
            prepared.append(case.number)
        if S.PRESENTED in demo.path:
            held = _held_conference(series, moments[S.PRESENTED], facilitator)
            item = AgendaItem.objects.create(
                conference=held, case=case, position=1, presented_at=held.starts_at
            )
            if demo.path[-1] == S.ACTIONS_OPEN:
                _presented(case, item, people)
            else:
                _closed(case, people)
    CaseSeries.objects.filter(pk=series.pk).update(framing_fixed_at=first_submission)
    # Next month's session goes through the service, so it is also a private session of
    # the series' RSS activity (attendance code, roster and credit as for any session).
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    schedule_conference(
        series,
        facilitator,
        ConferenceDraft(
            title="Health Equity M&M — next month",
            starts_local=datetime.fromisoformat(f"{day}T12:00"),
            ends_local=datetime.fromisoformat(f"{day}T13:00"),
            time_zone="America/Chicago",
            mode="in_person",
            location="Riverbend Health, Education Center, Room 2",
        ),
        prepared,
    )


def _held_conference(series: CaseSeries, when: datetime, by: Any) -> ConferenceSession:
    start = when.replace(hour=17, minute=0, second=0, microsecond=0)
    return ConferenceSession.objects.create(
        series=series,
        title=f"Health Equity M&M — {start:%B %Y}",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        mode="in_person",
        location="Riverbend Health, Education Center, Room 2",
        status=ConferenceStatus.HELD,
        started_at=start,
        held_at=start + timedelta(hours=1),
        created_by=by,
    )


def _case(
    series: CaseSeries, number: int, demo: DemoCase, people: dict[str, Any]
) -> tuple[Case, dict[str, datetime]]:
    """The case with its factors and its state log; returns when each status was reached."""
    submitted_at = _at(demo.days_ago)
    prepared = S.PREPARED in demo.path
    case = Case.objects.create(
        series=series,
        number=number,
        kind=demo.kind,
        title=demo.title,
        summary=demo.summary,
        submitted_by=people[demo.submitter],
        name_hidden=demo.name_hidden,
        status=demo.path[-1] if demo.path else S.SUBMITTED,
        equity_tags=demo.tags,
        prepared_by=people[AISHA] if prepared else None,
        **demo.case_file,
        **demo.preparation,
    )
    for position, (text, level) in enumerate(demo.factors):
        CaseFactor.objects.create(case=case, description=text, level=level, position=position)
    # The state log, one row per move, spread over the time since submission.
    moves = ["", S.SUBMITTED, *demo.path]
    step = demo.days_ago / len(moves)
    moments: dict[str, datetime] = {}
    for index in range(1, len(moves)):
        row = CaseTransition.objects.create(
            case=case,
            from_status=moves[index - 1],
            to_status=moves[index],
            actor=people[demo.submitter] if index == 1 else people[AISHA],
        )
        moments[moves[index]] = submitted_at if index == 1 else _at(demo.days_ago - step * index)
        CaseTransition.objects.filter(pk=row.pk).update(created_at=moments[moves[index]])
    Case.objects.filter(pk=case.pk).update(
        submitted_at=submitted_at, closed_at=moments.get(S.CLOSED)
    )
    case.refresh_from_db()
    return case, moments


def _presented(case: Case, item: AgendaItem, people: dict[str, Any]) -> None:
    for index, text in THEMES:
        DiscussionTheme.objects.create(
            agenda_item=item, question_index=index, text=text, recorded_by=people[AISHA]
        )
    today = timezone.localdate()
    ActionItem.objects.create(
        case=case,
        description="Report time to analgesia by race to the department every month.",
        level=ActionLevel.INSTITUTIONAL,
        owner=people[ADMIN],
        due_on=today - timedelta(days=10),  # overdue: shows on the series page
        status=ActionStatus.IN_PROGRESS,
        created_by=people[AISHA],
    )
    ActionItem.objects.create(
        case=case,
        description="Retire the charting phrase that signals disbelief of pain.",
        level=ActionLevel.INTERPERSONAL,
        owner=people[MAYA],
        due_on=today + timedelta(days=21),
        created_by=people[AISHA],
    )


def _closed(case: Case, people: dict[str, Any]) -> None:
    ActionItem.objects.create(
        case=case,
        description="Change the scheduling rule so a lapse in coverage triggers a call, "
        "not a cancellation.",
        level=ActionLevel.INSTITUTIONAL,
        owner=people[ADMIN],
        due_on=timezone.localdate() - timedelta(days=60),
        status=ActionStatus.DONE,
        status_note="Rule changed; the scheduling team calls within a day.",
        created_by=people[AISHA],
        completed_at=_at(50),
    )
