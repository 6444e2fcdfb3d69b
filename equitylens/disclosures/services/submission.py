"""A person's disclosure: validation (the 24-month window), attestation, ownership refusal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from equitylens.audit.services import log_action
from equitylens.catalog.services.lifecycle import add_years
from equitylens.disclosures.models import (
    ContentRole,
    ContentRoleStatus,
    Disclosure,
    DisclosureRequest,
    FinancialRelationship,
    RelationshipNature,
    RelationshipStatus,
)

LOOKBACK_MONTHS = 24
VALID_MONTHS = 12
ATTESTATION_TEXT = (
    "I attest that I have disclosed all my financial relationships with ineligible companies "
    "(companies whose primary business is producing, marketing, selling, re-selling or "
    "distributing health care products used by or on patients) that I have had in the past "
    "24 months, and that I will tell the provider if this changes."
)
OWNERSHIP_REFUSAL = (
    "Owners and employees of ineligible companies cannot control content of accredited "
    "education (ACCME Standard 3). {name} reported being an owner or employee of {company}, "
    "so they cannot be {role} for “{activity}”. The coordinator will choose someone else "
    "for this role."
)


@dataclass(frozen=True)
class DisclosureProblem:
    """One reason a disclosure was refused: `row` is the relationship's position (1-based)
    or None for the whole form; `field` names the field."""

    row: int | None
    field: str
    message: str

    def __str__(self) -> str:
        return f"Relationship {self.row}, {self.message}" if self.row else self.message


class DisclosureError(Exception):
    """The disclosure was refused; nothing was saved. `problems` lists every reason."""

    def __init__(self, problems: list[DisclosureProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def valid_until(submitted_at: datetime) -> datetime:
    """A disclosure may be reused for 12 months after it was submitted."""
    try:
        return submitted_at.replace(year=submitted_at.year + 1)
    except ValueError:  # 29 February
        return submitted_at.replace(year=submitted_at.year + 1, day=28)


def lookback_start(today: date) -> date:
    """The first day of the 24-month window that ends `today`."""
    return add_years(today, -LOOKBACK_MONTHS // 12)


def relationship_problems(
    row: int, relationship: dict[str, Any], today: date
) -> list[DisclosureProblem]:
    """What is wrong with one relationship as entered (company, nature, status, end date)."""
    problems = []
    if not str(relationship.get("company", "")).strip():
        problems.append(
            DisclosureProblem(row, "company", "company: enter the ineligible company's name.")
        )
    if relationship.get("nature") not in RelationshipNature.values:
        problems.append(
            DisclosureProblem(row, "nature", "nature: choose what the relationship is.")
        )
    status = relationship.get("status")
    ended_on = relationship.get("ended_on")
    if status not in RelationshipStatus.values:
        problems.append(DisclosureProblem(row, "status", "status: choose current or ended."))
    elif status == RelationshipStatus.ENDED:
        earliest = lookback_start(today)
        if ended_on is None:
            problems.append(
                DisclosureProblem(row, "ended_on", "ended on: enter the date it ended.")
            )
        elif ended_on > today:
            problems.append(
                DisclosureProblem(
                    row, "ended_on", "ended on: the date is in the future; choose “current”."
                )
            )
        elif ended_on < earliest:
            problems.append(
                DisclosureProblem(
                    row,
                    "ended_on",
                    f"ended on: {ended_on:%b %d, %Y} is more than 24 months ago (before "
                    f"{earliest:%b %d, %Y}). Only relationships of the past 24 months are "
                    "asked for; remove this row.",
                )
            )
    return problems


def attach_disclosure(role: ContentRole, disclosure: Disclosure) -> ContentRole:
    """Link `disclosure` to `role` and move the role on: refused when the person owns or
    works for an ineligible company, cleared when there is nothing to review, otherwise
    disclosed (waiting for the relevance review). Refused roles stay refused."""
    if role.status == ContentRoleStatus.REFUSED:
        return role
    role.disclosure = disclosure
    relationships = list(disclosure.relationships.all())
    ownership = next((r for r in relationships if r.is_owner_or_employee), None)
    if ownership is not None:
        role.status = ContentRoleStatus.REFUSED
        role.refusal_reason = OWNERSHIP_REFUSAL.format(
            name=role.person.display_name,
            company=ownership.company,
            role=role.get_role_display().lower(),
            activity=role.activity.title,
        )
    elif not relationships:
        role.status = ContentRoleStatus.CLEARED
    else:
        role.status = ContentRoleStatus.DISCLOSED
    role.save(update_fields=["disclosure", "status", "refusal_reason", "updated_at"])
    log_action(None, "disclosure.role_status", role, status=role.status, disclosure=disclosure.pk)
    return role


@transaction.atomic
def submit_disclosure(
    person: Any,
    *,
    relationships: list[dict[str, Any]],
    none: bool,
    attested: bool,
    request: DisclosureRequest | None = None,
) -> Disclosure:
    """Record `person`'s disclosure and apply it to all their open roles.

    Rules: the attestation is required; either `none` or at least one relationship, not
    both; each relationship needs company, nature and status, and an ended one its end
    date within the past 24 months. Raises DisclosureError listing every problem and saves
    nothing. The disclosure is valid for 12 months. An owner or employee of an ineligible
    company has their roles refused (ACCME Standard 3) — the disclosure itself is kept.
    Submitting through `request` marks the link used; submitting it again (double click,
    two tabs) returns the disclosure already made and changes nothing.
    """
    if request is not None:
        # Two submits of one link (double click, two tabs): the second waits here, then
        # finds the link used and gets the first one's disclosure back.
        locked = DisclosureRequest.objects.select_for_update().get(pk=request.pk)
        if locked.used_at is not None:
            existing = Disclosure.objects.filter(person=person).first()
            if existing is not None:
                return existing
    today = timezone.localdate()
    problems: list[DisclosureProblem] = []
    if not attested:
        problems.append(DisclosureProblem(None, "attested", "Attestation: tick the box to attest."))
    if none and relationships:
        problems.append(
            DisclosureProblem(
                None,
                "none",
                "No relationships: you ticked “none” and also listed relationships; "
                "untick “none” or remove the rows.",
            )
        )
    elif not none and not relationships:
        problems.append(
            DisclosureProblem(
                None,
                "none",
                "No relationships: tick “I have no financial relationships…” or add "
                "each relationship.",
            )
        )
    for row, relationship in enumerate(relationships, start=1):
        problems.extend(relationship_problems(row, relationship, today))
    if problems:
        raise DisclosureError(problems)

    now = timezone.now()
    disclosure = Disclosure.objects.create(
        person=person,
        submitted_at=now,
        valid_until=valid_until(now),
        has_relationships=bool(relationships),
        attested=True,
        attestation_text=ATTESTATION_TEXT,
    )
    FinancialRelationship.objects.bulk_create(
        FinancialRelationship(
            disclosure=disclosure,
            company=str(r["company"]).strip(),
            nature=r["nature"],
            status=r["status"],
            ended_on=r.get("ended_on") if r["status"] == RelationshipStatus.ENDED else None,
            is_owner_or_employee=bool(r.get("is_owner_or_employee")),
        )
        for r in relationships
    )
    log_action(person, "disclosure.submitted", disclosure, relationships=len(relationships))
    open_roles = ContentRole.objects.select_for_update().filter(
        person=person,
        status__in=[ContentRoleStatus.INVITED, ContentRoleStatus.DISCLOSED,
                    ContentRoleStatus.CLEARED],
    )  # fmt: skip
    for role in open_roles.select_related("activity", "person"):
        attach_disclosure(role, disclosure)
    if request is not None:
        DisclosureRequest.objects.filter(pk=request.pk, used_at__isnull=True).update(used_at=now)
    return disclosure


@transaction.atomic
def confirm_still_complete(request: DisclosureRequest) -> None:
    """The person confirms that the disclosure on file is still complete (update prompt).

    Changes nothing but marks the link used and logs the confirmation; the disclosure
    keeps its 12-month validity from when it was submitted.
    """
    now = timezone.now()
    updated = DisclosureRequest.objects.filter(pk=request.pk, used_at__isnull=True).update(
        used_at=now
    )
    if updated:
        log_action(
            request.content_role.person,
            "disclosure.confirmed_complete",
            request.content_role,
            disclosure=request.content_role.disclosure_id,
        )
