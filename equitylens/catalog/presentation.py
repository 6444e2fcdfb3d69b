"""How catalog data reads on the public pages: dates, credit, notices.

Computed once here for the catalog cards, the activity page and the coordinator's
"preview as learner", so all three say the same thing. The rules behind the words
(who may see or take part, when an activity is open) live in catalog.services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from equitylens.accounts.models import Profession
from equitylens.catalog.models import (
    Activity,
    ActivityFormat,
    ActivityStatus,
    Audience,
    CreditOffering,
    CreditType,
    CreditUnit,
)
from equitylens.catalog.services.statements import (
    accreditation_statement,
    designation_statement,
    format_credit_amount,
)
from equitylens.catalog.services.visibility import may_participate

CREDIT_ORDER = {value: position for position, value in enumerate(CreditType.values)}
PROFESSIONS_PLURAL = {
    Profession.PHYSICIAN: "physicians",
    Profession.NURSE: "nurses",
    Profession.OTHER_CLINICIAN: "other clinicians",
    Profession.OTHER: "other professions",
}


@dataclass(frozen=True)
class Notice:
    """One sentence or two for the "Taking part" panel; `kind` styles it."""

    text: str
    kind: str = "info"  # info | warning | success
    sign_in: bool = False  # followed by a "Sign in" link back to this page


def day(value: date) -> str:
    """Oct 9, 2026."""
    return f"{value:%b} {value.day}, {value.year}"


def activity_dates(activity: Activity) -> str:
    """The dates on a catalog card: "Available <release> – <expiration>" for enduring
    material, the day or first–last day for live activities."""
    start, end = activity.starts_on, activity.ends_on
    if activity.is_enduring:
        if start and end:
            return f"Available {day(start)} – {day(end)}"
        return "Dates to be announced"
    if start is None:
        return "Scheduled on request" if activity.bookable_privately else "Dates to be announced"
    if end and end != start:
        return f"{day(start)} – {day(end)}"
    return day(start)


def date_facts(activity: Activity) -> list[tuple[str, str]]:
    """(label, value) pairs for the activity page's details, with the right labels."""
    start, end = activity.starts_on, activity.ends_on
    if activity.is_enduring:
        return [
            ("Release date", day(start) if start else "To be announced"),
            ("Expiration date", day(end) if end else "To be announced"),
        ]
    if start and end and end != start:
        label = "Sessions" if activity.format == ActivityFormat.RSS else "Dates"
        return [(label, f"{day(start)} – {day(end)}")]
    return [("Date", activity_dates(activity))]


def approval_period(activity: Activity) -> str:
    """ "Approved for credit from <release> to <expiration>." for enduring material with dates."""
    if activity.is_enduring and activity.starts_on and activity.ends_on:
        return (
            f"This enduring material is approved for credit from {day(activity.starts_on)} "
            f"to {day(activity.ends_on)}."
        )
    return ""


def duration(minutes: int) -> str:
    """120 → "2 hours", 90 → "1 hour 30 minutes", 15 → "15 minutes"."""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts) or "0 minutes"


def unit_label(offering: CreditOffering) -> str:
    """The unit as learners say it: "credits", "points", "hours", "contact hours" (nursing)."""
    if offering.unit == CreditUnit.HOURS and offering.credit_type != CreditType.NURSING:
        return "hours"
    return str(offering.get_unit_display())


def offering_phrase(offering: CreditOffering) -> str:
    """One credit on a card: "2.0 AMA PRA Category 1 Credit(s)™", "2.0 participation hours",
    "1.5 nursing contact hours", or for MOC "ABIM 2.0 points"."""
    amount = format_credit_amount(offering.amount)
    if offering.credit_type == CreditType.AMA_PRA_1:
        return f"{amount} AMA PRA Category 1 Credit(s)™"
    if offering.credit_type == CreditType.PARTICIPATION:
        return f"{amount} participation {unit_label(offering)}"
    if offering.credit_type == CreditType.NURSING:
        return f"{amount} nursing {unit_label(offering)}"
    return f"{offering.board or offering.get_credit_type_display()} {amount} {unit_label(offering)}"


def sorted_offerings(activity: Activity) -> list[CreditOffering]:
    """AMA credit first, then participation and nursing, then MOC board by board."""
    return sorted(
        activity.credit_offerings.all(), key=lambda o: CREDIT_ORDER.get(o.credit_type, 99)
    )


def credits_summary(activity: Activity) -> str:
    """The credit line of a catalog card: "2.0 AMA PRA Category 1 Credit(s)™ · 2.0
    participation hours · MOC: ABIM 2.0 points, ABA 2.0 credits"."""
    offerings = sorted_offerings(activity)
    parts = [offering_phrase(o) for o in offerings if not o.is_moc]
    moc = [offering_phrase(o) for o in offerings if o.is_moc]
    if moc:
        parts.append("MOC: " + ", ".join(moc))
    return " · ".join(parts)


def who_may_claim(offering: CreditOffering) -> str:
    """ "Physicians", "Nurses, other clinicians" …; an empty list means every profession."""
    names = ", ".join(PROFESSIONS_PLURAL.get(code, code) for code in offering.eligible_professions)
    return names[:1].upper() + names[1:] if names else "All professions"


def _org_names(activity: Activity) -> str:
    names = [org.name for org in activity.internal_organizations.all()]
    if len(names) <= 1:
        return "".join(names) or "the organizations it names"
    return ", ".join(names[:-1]) + " and " + names[-1]


def status_notice(activity: Activity, today: date | None = None) -> Notice:
    """What a learner needs to know about taking part now, given status and dates."""
    today = today or timezone.localdate()
    start, end = activity.starts_on, activity.ends_on
    if activity.status == ActivityStatus.IN_DEVELOPMENT:
        if activity.bookable_privately:
            return Notice(
                "Offered as a private session: an organization can book this activity for "
                "its own people at a date and time that suits it. Use “Contact the "
                "coordinator” to ask for a date."
            )
        return Notice(
            "In development: this activity is not open yet, and learners cannot see this page.",
            "warning",
        )
    if activity.status == ActivityStatus.CLOSED:
        return Notice(
            "Registration is closed. Use “Contact the coordinator” to ask about future dates.",
            "warning",
        )
    if activity.status == ActivityStatus.EXPIRED:
        expired = f" on {day(end)}" if end else ""
        return Notice(
            f"This activity expired{expired}: credit can no longer be earned. "
            "Certificates already issued remain valid.",
            "warning",
        )
    if activity.is_enduring:
        if start and today < start:
            return Notice(f"Not released yet: this course opens on {day(start)}.", "warning")
        if end and today > end:
            return Notice(
                f"The approval period ended on {day(end)}: credit can no longer be earned.",
                "warning",
            )
        until = f" until {day(end)}" if end else ""
        return Notice(f"Open: start any time{until} and work at your own pace.", "success")
    last_day = end or start
    if last_day and today > last_day:
        return Notice(f"This activity took place on {activity_dates(activity)}.", "warning")
    if activity.format == ActivityFormat.RSS:
        return Notice(
            f"Open for registration: sessions {activity_dates(activity)}. "
            "Credit is claimed for each session you attend.",
            "success",
        )
    return Notice(f"Open for registration: {activity_dates(activity)}.", "success")


def audience_notice(activity: Activity) -> Notice | None:
    """Who may take part, for members-only and internal activities (None when public)."""
    if activity.audience == Audience.MEMBERS:
        return Notice(
            f"Members only: participation is limited to members of {activity.provider.name}."
        )
    if activity.audience == Audience.INTERNAL:
        orgs = _org_names(activity)
        return Notice(
            f"Internal to {orgs}: only people of {orgs} may take part, signing in with "
            "their organization's login."
        )
    return None


def booking_notice(activity: Activity) -> Notice | None:
    """For activities organizations may book privately (beyond a draft's own notice)."""
    if not activity.bookable_privately or activity.status != ActivityStatus.OPEN:
        return None
    return Notice(
        "Organizations can also book a private session for their own people at a date and "
        "time that suits them: use “Contact the coordinator”."
    )


def eligibility_notice(activity: Activity, user: Any) -> Notice | None:
    """Whether this visitor may take part (audience only); None unless the activity is open."""
    if activity.status != ActivityStatus.OPEN:
        return None
    if not getattr(user, "is_authenticated", False):
        if activity.audience == Audience.MEMBERS:
            return Notice("Members take part after signing in.", sign_in=True)
        return Notice("You take part after signing in.", sign_in=True)
    if may_participate(user, activity):
        return Notice("You may take part in this activity.", "success")
    if activity.audience == Audience.MEMBERS:
        return Notice(
            f"Your account is not recorded as a member of {activity.provider.name}. If you "
            "are a member, contact the coordinator to have your membership added.",
            "warning",
        )
    return Notice(f"Only people of {_org_names(activity)} may take part.", "warning")


def activity_page_context(activity: Activity, user: Any = None) -> dict[str, Any]:
    """Template context for catalog/_activity_body.html.

    `user` is the visitor; without one (the coordinator's preview) the page shows no
    visitor-specific eligibility line.
    """
    offerings = sorted_offerings(activity)
    return {
        "activity": activity,
        "objectives": list(activity.objectives.order_by("position")),
        "topics": list(activity.topics.all()),
        "internal_organizations": list(activity.internal_organizations.all()),
        "date_facts": date_facts(activity),
        "approval_period": approval_period(activity),
        "credit_rows": [
            {"offering": o, "unit": unit_label(o), "who": who_may_claim(o)} for o in offerings
        ],
        "moc_offered": any(offering.is_moc for offering in offerings),
        "accreditation_statement": accreditation_statement(activity),
        "designation_statement": designation_statement(activity),
        "status_notice": status_notice(activity),
        "audience_notice": audience_notice(activity),
        "booking_notice": booking_notice(activity),
        "eligibility_notice": eligibility_notice(activity, user) if user is not None else None,
        "learner_action": learner_action(activity, user) if user is not None else None,
        "upcoming_sessions": upcoming_sessions(activity, user),
    }


def upcoming_sessions(activity: Activity, user: Any) -> list[dict[str, Any]]:
    """The activity's upcoming sessions this visitor may see: when, how, places left.

    Private sessions appear only to their organization's members (and coordinators).
    """
    if activity.is_enduring:
        return []
    # Imported here: live builds on catalog, not the other way round.
    from django.contrib.auth.models import AnonymousUser

    from equitylens.live.presentation import session_when
    from equitylens.live.services.registration import places_taken
    from equitylens.live.services.sessions import visible_sessions

    rows = []
    for session in visible_sessions(user if user is not None else AnonymousUser(), activity):
        left = None
        if session.capacity is not None:
            left = max(session.capacity - places_taken(session), 0)
        rows.append({"session": session, "when": session_when(session), "places_left": left})
    return rows


def learner_action(activity: Activity, user: Any) -> dict[str, Any] | None:
    """What a signed-in visitor can do here: resume their enrollment, or start.

    None for visitors who may not start now (the notices above say why). Live
    activities also offer "Have an attendance code? Enter it".
    """
    if not getattr(user, "is_authenticated", False):
        return None
    # Imported here: learning builds on catalog, not the other way round.
    from django.urls import reverse

    from equitylens.learning.models import Enrollment
    from equitylens.learning.services.enrollments import can_start
    from equitylens.learning.services.progress import resume_module

    action: dict[str, Any] = {"enter_code": not activity.is_enduring}
    if activity.format == ActivityFormat.RSS:
        # Series: one enrollment per session attended; the series page lists them all.
        if Enrollment.objects.filter(user=user, activity=activity).exists():
            action["resume_url"] = reverse("live:series", kwargs={"slug": activity.slug})
            action["label"] = "Your sessions and credit"
        return action
    enrollment = Enrollment.objects.filter(
        user=user, activity=activity, session__isnull=True
    ).first()
    if enrollment is not None:
        target = resume_module(enrollment) if activity.is_enduring else None
        if target is not None and enrollment.modules_completed_at is None:
            action["resume_url"] = reverse(
                "learning:module", kwargs={"slug": activity.slug, "position": target.position}
            )
        else:
            action["resume_url"] = reverse("learning:path", kwargs={"slug": activity.slug})
        action["label"] = "Resume" if activity.is_enduring else "Your steps to credit"
        return action
    if can_start(user, activity) is None and activity.is_enduring:
        action["start"] = True
    return action
