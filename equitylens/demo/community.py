"""Demo data: the community of practice (fictional, written by us)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from equitylens.catalog.models import Topic
from equitylens.community.models import ApplicationStatus, CommunityMembership, Resource
from equitylens.community.services.library import ResourceInput, add_resource
from equitylens.live.models import Session, SessionStatus

COORDINATOR = "sam.rivera@lakeshoremed.example"

MEMBERS: list[dict[str, Any]] = [
    {
        "email": "priya.patel@riverbendhealth.example",
        "status": ApplicationStatus.APPROVED,
        "listed": True,
        "organization_name": "Riverbend Health",
        "role": "Director, Health Equity and Workforce Learning",
        "statement": "I coordinate Riverbend's equity council and our onboarding curriculum, "
        "and would like to compare notes with leaders doing the same elsewhere.",
        "interests": "language access, equity councils, onboarding curricula",
    },
    {
        "email": "aisha.johnson@lakeshoremed.example",
        "status": ApplicationStatus.APPROVED,
        "listed": True,
        "organization_name": "Lakeshore Medical Society",
        "role": "Facilitator, Conversations on Race and Equity",
        "statement": "I facilitate our dialogue series and the implicit-bias workshops.",
        "interests": "facilitation, anti-racism, implicit bias",
    },
    {
        "email": "maya.chen@riverbendhealth.example",
        "status": ApplicationStatus.PENDING,
        "listed": False,
        "organization_name": "Riverbend Health",
        "role": "Hospitalist, equity champion for internal medicine",
        "statement": "Our service started reviewing discharge delays by language and race; "
        "I would like to learn how other teams turned findings into action.",
        "interests": "case review, discharge planning",
    },
]

LINKS: list[dict[str, Any]] = [
    {
        "title": "Starting an equity council: a one-page charter template",
        "kind": "tool",
        "description": "A fill-in charter for a new equity council: purpose, membership, "
        "decision rights and how the council reports to leadership.",
        "topics": ["health-equity"],
        "url": "https://example.org/equity-lens/equity-council-charter",
    },
    {
        "title": "Teach-back in three languages (video, 8 minutes)",
        "kind": "video",
        "description": "Three short role-plays showing teach-back with a professional "
        "interpreter, with captions and a transcript.",
        "topics": ["patient-communication"],
        "url": "https://example.org/equity-lens/teach-back-video",
    },
    {
        "title": "Reading your own data: disparities by language and race",
        "kind": "report",
        "description": "A worked example (with fictional data) of stratifying readmissions "
        "by preferred language and race, and what to do when groups are small.",
        "topics": ["health-equity", "case-review"],
        "url": "https://example.org/equity-lens/stratified-readmissions",
    },
    {
        "title": "Naming racism in morbidity and mortality conferences",
        "kind": "guide",
        "description": "Framing questions and ground rules for case reviews that look at "
        "structural causes without blaming individual clinicians.",
        "topics": ["anti-racism", "case-review"],
        "url": "https://example.org/equity-lens/naming-racism-mm",
    },
]

FILES: list[dict[str, Any]] = [
    {
        "title": "Ten-minute equity huddle guide",
        "kind": "guide",
        "description": "How to run a short equity huddle at shift change: one story, one "
        "question, one action. Includes a sign-up sheet.",
        "topics": ["health-equity", "patient-communication"],
        "filename": "equity-huddle-guide.pdf",
        "lines": [
            "Ten-minute equity huddle guide",
            "1. One story: a moment this week where a patient's identity shaped their care.",
            "2. One question: what made that harder or easier?",
            "3. One action: something the team will try before the next huddle.",
            "Fictional demo material written for Equity Lens.",
        ],
    },
    {
        "title": "Slowing down in the moment: a bias interruption card",
        "kind": "tool",
        "description": "A pocket card with four questions to pause on before a clinical "
        "decision when time pressure and fatigue make bias more likely.",
        "topics": ["implicit-bias"],
        "filename": "bias-interruption-card.pdf",
        "lines": [
            "Slowing down in the moment",
            "Would I decide the same for a patient of another race, language or weight?",
            "What am I assuming about this patient that I have not asked?",
            "Whose account am I treating as most credible, and why?",
            "Fictional demo material written for Equity Lens.",
        ],
    },
]


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF drawn with reportlab at load time (nothing fetched from the internet)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=letter)
    page.setTitle(lines[0])
    page.setFont("Helvetica-Bold", 18)
    page.drawString(72, 720, lines[0])
    page.setFont("Helvetica", 11)
    for number, line in enumerate(lines[1:], start=1):
        page.drawString(72, 700 - number * 20, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _load_members(people: dict[str, Any]) -> None:
    coordinator = people.get(COORDINATOR)
    decided_at = timezone.now() - timedelta(days=20)
    for spec in MEMBERS:
        user = people.get(spec["email"])
        if user is None:
            continue
        decided = spec["status"] != ApplicationStatus.PENDING
        CommunityMembership.objects.update_or_create(
            user=user,
            defaults={
                "status": spec["status"],
                "organization_name": spec["organization_name"],
                "role": spec["role"],
                "statement": spec["statement"],
                "interests": spec["interests"],
                "listed_in_directory": spec["listed"],
                "decided_by": coordinator if decided else None,
                "decided_at": decided_at if decided else None,
                "decline_reason": "",
            },
        )


def _load_resources(people: dict[str, Any]) -> None:
    coordinator = people.get(COORDINATOR)
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    for spec in [*LINKS, *FILES]:
        wanted = [topics[slug] for slug in spec["topics"] if slug in topics]
        existing = Resource.objects.filter(title=spec["title"]).first()
        if existing is not None:
            existing.description = spec["description"]
            existing.kind = spec["kind"]
            existing.save(update_fields=["description", "kind"])
            existing.topics.set(wanted)
            continue
        upload = None
        if "filename" in spec:
            upload = SimpleUploadedFile(
                spec["filename"], _pdf(spec["lines"]), content_type="application/pdf"
            )
        add_resource(
            ResourceInput(
                title=spec["title"],
                kind=spec["kind"],
                description=spec["description"],
                topics=wanted,
                file=upload,
                url=spec.get("url", ""),
            ),
            by=coordinator,
        )


def _flag_dialogue_sessions(activities: dict[str, Any]) -> None:
    """The dialogue series' upcoming open sessions are the community's events."""
    dialogue = activities.get("conversations-on-race-and-equity")
    if dialogue is None:
        return
    Session.objects.filter(
        activity=dialogue,
        status=SessionStatus.SCHEDULED,
        private_to__isnull=True,
        starts_at__gte=timezone.now(),
    ).update(community_event=True)


def load_community(activities: dict[str, Any], people: dict[str, Any]) -> None:
    """Create or refresh the demo community; idempotent. `people` maps e-mail → User.

    Priya and Aisha are listed members, Maya's application waits for review; the library
    holds four links and two small PDFs; the dialogue series' sessions are its events.
    """
    _load_members(people)
    _load_resources(people)
    _flag_dialogue_sessions(activities)
