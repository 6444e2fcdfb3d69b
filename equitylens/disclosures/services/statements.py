"""The opening gate and the learner-facing disclosure statement, both from the same data."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from equitylens.catalog.models import Activity
from equitylens.disclosures.models import ContentRole, ContentRoleStatus, RelevanceReview

NONE_STATEMENT = (
    "None of the planners, faculty or others in control of content for this activity have "
    "relevant financial relationships with ineligible companies."
)


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%b} {local.day}, {local:%Y}"


def _role_blockers(role: ContentRole, now: datetime) -> list[str]:
    who = f"{role.person.display_name} ({role.get_role_display().lower()})"
    if role.status == ContentRoleStatus.REFUSED:
        return [
            f"Disclosures: {who} is refused as an owner or employee of an ineligible company "
            "(ACCME Standard 3); remove them from the role."
        ]
    if role.status == ContentRoleStatus.INVITED:
        return [f"Disclosures: {who} has not disclosed yet; wait for them or resend the request."]
    problems = []
    disclosure = role.disclosure
    if disclosure is not None and disclosure.valid_until <= now:
        problems.append(
            f"Disclosures: {who}'s disclosure expired on {_when(disclosure.valid_until)}; "
            "resend the request."
        )
    reviews = {r.relationship_id: r for r in role.reviews.all()}
    relationships = list(disclosure.relationships.all()) if disclosure else []
    unreviewed = [r.company for r in relationships if r.pk not in reviews]
    if unreviewed or role.status == ContentRoleStatus.DISCLOSED:
        names = ", ".join(unreviewed) if unreviewed else "their relationships"
        problems.append(
            f"Disclosures: {who} — decide whether {names} "
            f"{'is' if len(unreviewed) == 1 else 'are'} relevant and record mitigations."
        )
    for relationship in relationships:
        decision = reviews.get(relationship.pk)
        if decision and decision.relevant and not decision.mitigation.strip():
            problems.append(
                f"Disclosures: {who} — the relevant relationship with {relationship.company} "
                "has no mitigation."
            )
    return problems


def opening_blockers(activity: Activity, now: datetime | None = None) -> list[str]:
    """Everything about disclosure that stops `activity` from opening, one sentence each.

    Blocks: no content roles at all; a role whose person has not disclosed; a disclosure
    that has expired; relationships without a relevance decision; a relevant relationship
    without a mitigation; a refused role (owner or employee of an ineligible company).
    Each sentence starts "Disclosures: " and names the person and what is missing.
    """
    now = now or timezone.now()
    roles = list(
        ContentRole.objects.filter(activity=activity)
        .select_related("person", "disclosure")
        .prefetch_related("reviews", "disclosure__relationships")
    )
    if not roles:
        return [
            "Disclosures: add the planners and faculty (everyone in control of content) "
            "and collect their disclosures."
        ]
    problems = []
    for role in roles:
        problems.extend(_role_blockers(role, now))
    return problems


def disclosure_statement(activity: Activity) -> list[str]:
    """The disclosure statement shown to learners before the content, one sentence each.

    One sentence per relevant (and so mitigated) relationship of a cleared role, or the
    "none" sentence when there is none and everyone in control of content is cleared.
    Empty otherwise: we say nothing rather than claim "none" without the data.
    """
    cleared = ContentRole.objects.filter(activity=activity, status=ContentRoleStatus.CLEARED)
    if not cleared.exists():
        return []
    relevant = (
        RelevanceReview.objects.filter(content_role__in=cleared, relevant=True)
        .select_related("content_role__person", "relationship")
        .order_by("content_role__person__last_name", "content_role__role", "relationship_id")
    )
    sentences = [
        f"{review.content_role.person.display_name} "
        f"({review.content_role.get_role_display().lower()}) has a relevant financial "
        f"relationship with {review.relationship.company} "
        f"({review.relationship.get_nature_display().lower()}). It has been mitigated."
        for review in relevant
    ]
    if sentences:
        return sentences
    everyone_cleared = (
        not ContentRole.objects.filter(activity=activity)
        .exclude(status=ContentRoleStatus.CLEARED)
        .exists()
    )
    return [NONE_STATEMENT] if everyone_cleared else []
