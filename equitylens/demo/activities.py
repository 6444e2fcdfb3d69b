"""Demo activities mirroring the kinds of activity in VISION.md (fictional text, ours)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from equitylens.accounts.models import Organization, Profession
from equitylens.catalog.models import (
    Activity,
    ActivityFormat,
    ActivityStatus,
    Audience,
    CreditOffering,
    CreditType,
    LearningObjective,
    Topic,
)
from equitylens.catalog.services.credits import default_unit
from equitylens.catalog.services.lifecycle import add_years, change_status

TOPICS = {
    "implicit-bias": "Implicit bias",
    "health-equity": "Health equity",
    "anti-racism": "Anti-racism",
    "patient-communication": "Patient communication",
    "case-review": "Case review",
}

MOC_TYPES = [
    CreditType.MOC_ABIM, CreditType.MOC_ABA, CreditType.MOC_ABP, CreditType.MOC_ABPATH,
    CreditType.MOC_ABS, CreditType.MOC_ABOS, CreditType.MOC_ABOHNS, CreditType.MOC_ABTS,
]  # fmt: skip
SELF_ASSESSMENT = {CreditType.MOC_ABS, CreditType.MOC_ABOHNS}
PHYSICIANS = [Profession.PHYSICIAN]
NOT_PHYSICIANS = [Profession.NURSE, Profession.OTHER_CLINICIAN, Profession.OTHER]


def _activity_specs(orgs: dict[str, Organization]) -> list[dict[str, Any]]:
    today = timezone.localdate()
    release = today - timedelta(days=45)
    first_of_next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    return [
        {
            "slug": "interactive-implicit-bias-workshop",
            "title": "Interactive Implicit Bias Workshop",
            "summary": "A 2-hour interactive workshop on how implicit bias shapes clinical "
            "decisions, and practical strategies to interrupt it.",
            "description": "Through case vignettes, small-group exercises and guided "
            "reflection, participants examine where implicit associations enter the "
            "clinical encounter — triage, pain management, shared decision-making — and "
            "practise evidence-based strategies such as individuation, perspective-taking "
            "and structured decision aids.\n\nOrganizations can book a private session of "
            "this workshop for their own clinicians at a date and time that suits them.",
            "target_audience": "Physicians, nurses, physician assistants and care teams.",
            "format": ActivityFormat.LIVE_COURSE,
            "duration_minutes": 120,
            "status": ActivityStatus.IN_DEVELOPMENT,
            "audience": Audience.PUBLIC,
            "bookable_privately": True,
            "starts_on": None,
            "ends_on": None,
            "topics": ["implicit-bias", "patient-communication"],
            "objectives": [
                "Explain how implicit bias can influence clinical judgement and communication.",
                "Recognize situations in clinical practice where bias is most likely to act.",
                "Apply at least two strategies to reduce the effect of bias on patient care.",
            ],
            "credits": [(CreditType.AMA_PRA_1, "2.0", PHYSICIANS, False),
                        (CreditType.PARTICIPATION, "2.0", NOT_PHYSICIANS, False)],
        },
        {
            "slug": "recognizing-and-mitigating-unconscious-bias",
            "title": "Recognizing and Mitigating Unconscious Bias",
            "summary": "A self-paced course for clinicians joining Riverbend Health: what "
            "unconscious bias is, how it shows up in care, and what to do about it.",
            "description": "Four modules combine short videos with full transcripts, "
            "readings and a reflection prompt. Complete every module to receive your "
            "attendance verification code, then evaluate the course and claim credit.",
            "target_audience": "Clinicians in their first year at Riverbend Health "
            "(onboarding).",
            "format": ActivityFormat.ENDURING,
            "duration_minutes": 120,
            "status": ActivityStatus.OPEN,
            "audience": Audience.INTERNAL,
            "internal": ["riverbend-health"],
            "starts_on": release,
            "ends_on": add_years(release, 3),
            "topics": ["implicit-bias", "health-equity"],
            "objectives": [
                "Define unconscious bias and describe its sources.",
                "Identify how unconscious bias can contribute to disparities in care.",
                "Use strategies to mitigate unconscious bias in everyday clinical work.",
            ],
            "credits": [(CreditType.AMA_PRA_1, "2.0", PHYSICIANS, False),
                        (CreditType.PARTICIPATION, "2.0", NOT_PHYSICIANS, False)]
            + [(moc, "2.0", PHYSICIANS, moc in SELF_ASSESSMENT) for moc in MOC_TYPES],
        },
        {
            "slug": "advancing-health-equity-video-course",
            "title": "Advancing Health Equity: A Short Video Course",
            "summary": "Fifteen minutes on what health equity means in practice and one "
            "change you can make this week.",
            "description": "A short video with transcript and a three-question knowledge "
            "check, open to everyone.",
            "target_audience": "Anyone working in health care.",
            "format": ActivityFormat.ENDURING,
            "duration_minutes": 15,
            "status": ActivityStatus.OPEN,
            "audience": Audience.PUBLIC,
            "starts_on": today - timedelta(days=120),
            "ends_on": today + timedelta(days=600),
            "topics": ["health-equity"],
            "objectives": ["Describe the difference between equality and equity in care."],
            "credits": [(CreditType.AMA_PRA_1, "0.25", PHYSICIANS, False),
                        (CreditType.PARTICIPATION, "0.25", NOT_PHYSICIANS, False)],
        },
        {
            "slug": "conversations-on-race-and-equity",
            "title": "Conversations on Race and Equity",
            "summary": "A monthly 1-hour facilitated virtual dialogue on race, racism and "
            "equity in medicine, with curated pre-reading and shared ground rules.",
            "description": "Each session opens with a short curated reading or video "
            "published a week before, then a facilitated conversation in a space held by "
            "agreed ground rules. Credit is claimed per session attended.",
            "target_audience": "Clinicians, trainees and staff.",
            "format": ActivityFormat.RSS,
            "duration_minutes": 60,
            "status": ActivityStatus.OPEN,
            "audience": Audience.PUBLIC,
            "starts_on": first_of_next_month,
            "ends_on": add_years(first_of_next_month, 1) - timedelta(days=1),
            "topics": ["anti-racism", "health-equity"],
            "objectives": [
                "Discuss how racism operates at interpersonal, institutional and structural "
                "levels in health care.",
                "Reflect on one's own role in advancing equity.",
            ],
            "credits": [(CreditType.AMA_PRA_1, "1.0", PHYSICIANS, False),
                        (CreditType.PARTICIPATION, "1.0", NOT_PHYSICIANS, False)],
        },
        {
            "slug": "riverbend-health-equity-mm",
            "title": "Riverbend Health Equity M&M",
            "summary": "Monthly case conference examining how inequity shaped the care of "
            "real patients at Riverbend Health. Confidential peer review.",
            "description": "Cases are prepared by a facilitator and discussed with the same "
            "four framing questions every time. Held under Riverbend Health's "
            "quality-improvement protection: attendance is limited to its people.",
            "target_audience": "Riverbend Health clinicians and quality staff.",
            "format": ActivityFormat.RSS,
            "duration_minutes": 60,
            "status": ActivityStatus.OPEN,
            "audience": Audience.INTERNAL,
            "internal": ["riverbend-health"],
            "starts_on": first_of_next_month,
            "ends_on": add_years(first_of_next_month, 1) - timedelta(days=1),
            "topics": ["case-review", "health-equity"],
            "objectives": [
                "Analyse how inequity played out in a patient's care.",
                "Identify institutional changes that prevent recurrence.",
            ],
            "credits": [(CreditType.AMA_PRA_1, "1.0", PHYSICIANS, False)],
        },
        {
            "slug": "seeing-patients-video-series-workshop",
            "title": "Seeing Patients: A Video-Series Workshop",
            "summary": "A 90-minute facilitated workshop built on a physician-made video "
            "series about bias in the exam room. For members of the society.",
            "description": "Participants watch three short episodes together and work "
            "through discussion questions after each. Bookable for your organization.",
            "target_audience": "Practising physicians and residents.",
            "format": ActivityFormat.LIVE_COURSE,
            "duration_minutes": 90,
            "status": ActivityStatus.OPEN,
            "audience": Audience.MEMBERS,
            "bookable_privately": True,
            "starts_on": today + timedelta(days=21),
            "ends_on": today + timedelta(days=21),
            "topics": ["implicit-bias", "patient-communication"],
            "objectives": [
                "Recognize verbal and non-verbal signs of bias in clinical encounters.",
                "Practise responses that restore trust after a biased interaction.",
            ],
            "credits": [(CreditType.AMA_PRA_1, "1.5", PHYSICIANS, False)],
        },
    ]  # fmt: skip


@transaction.atomic
def load_activities(orgs: dict[str, Organization], coordinator: Any) -> list[Activity]:
    """Create or refresh the demo activities; statuses are reached through the real rules."""
    topics = {
        slug: Topic.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in TOPICS.items()
    }
    provider = orgs["lakeshore-medical-society"]
    activities = []
    for spec in _activity_specs(orgs):
        activity = Activity.objects.filter(slug=spec["slug"]).first()
        fields = {
            key: spec[key]
            for key in ("title", "summary", "description", "target_audience", "format",
                        "duration_minutes", "audience", "starts_on", "ends_on")
        }  # fmt: skip
        fields["bookable_privately"] = spec.get("bookable_privately", False)
        if activity is None:
            activity = Activity.objects.create(
                slug=spec["slug"],
                provider=provider,
                contact_name="Sam Rivera",
                contact_email="sam.rivera@lakeshoremed.example",
                created_by=coordinator,
                **fields,
            )
        else:
            for key, value in fields.items():
                setattr(activity, key, value)
            activity.save()
        activity.topics.set([topics[slug] for slug in spec["topics"]])
        activity.internal_organizations.set([orgs[slug] for slug in spec.get("internal", [])])
        activity.objectives.all().delete()
        LearningObjective.objects.bulk_create(
            LearningObjective(activity=activity, position=n, text=text)
            for n, text in enumerate(spec["objectives"], start=1)
        )
        activity.credit_offerings.all().delete()
        CreditOffering.objects.bulk_create(
            CreditOffering(
                activity=activity,
                credit_type=credit_type,
                amount=Decimal(amount),
                unit=default_unit(credit_type),
                eligible_professions=list(professions),
                self_assessment=self_assessment,
            )
            for credit_type, amount, professions, self_assessment in spec["credits"]
        )
        # Who controls the content must have disclosed (and be cleared) before it opens.
        from equitylens.accounts.models import User
        from equitylens.demo.disclosures import load_disclosures

        load_disclosures({activity.slug: activity}, {u.email: u for u in User.objects.all()})
        if activity.status != spec["status"] and spec["status"] == ActivityStatus.OPEN:
            # An online course opens only with its modules (MOC needs a post-test).
            from equitylens.demo.courses import load_courses

            load_courses({activity.slug: activity})
            change_status(activity, ActivityStatus.OPEN, coordinator)
        activities.append(activity)
    return activities
