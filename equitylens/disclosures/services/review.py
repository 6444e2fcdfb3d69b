"""The provider's review: relevance of each relationship and its mitigation, per role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from equitylens.audit.services import log_action
from equitylens.disclosures.models import (
    ContentRole,
    ContentRoleStatus,
    FinancialRelationship,
    RelevanceReview,
)


@dataclass(frozen=True)
class Decision:
    """The decision on one relationship: relevant or not, and the mitigation if relevant."""

    relationship_id: int
    relevant: bool
    mitigation: str = ""


class ReviewError(Exception):
    """The review was refused; nothing was saved. `problems` maps relationship id (or 0 for
    the whole review) to a message naming the field and the fix."""

    def __init__(self, problems: dict[int, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def relationships_to_review(role: ContentRole) -> list[FinancialRelationship]:
    """The relationships of the disclosure attached to `role` (empty before it discloses)."""
    if role.disclosure_id is None:
        return []
    return list(FinancialRelationship.objects.filter(disclosure_id=role.disclosure_id))


@transaction.atomic
def review(content_role: ContentRole, decisions: list[Decision], by: Any) -> ContentRole:
    """Record relevance and mitigation for every relationship of a disclosed role → cleared.

    Rules: the role must be "disclosed" (or already cleared, to revise a decision); every
    relationship of its disclosure needs a decision; a relevant one needs its mitigation
    (e.g. peer review of the content, limiting the role to topics without the company's
    products). Raises ReviewError and saves nothing otherwise. Only coordinators call it.
    """
    role = ContentRole.objects.select_for_update().select_related("person").get(pk=content_role.pk)
    if role.status not in (ContentRoleStatus.DISCLOSED, ContentRoleStatus.CLEARED):
        raise ReviewError(
            {0: f"{role.person.display_name} is “{role.get_status_display().lower()}”: "
                "only a submitted disclosure can be reviewed."}
        )  # fmt: skip
    relationships = {r.pk: r for r in relationships_to_review(role)}
    by_id = {d.relationship_id: d for d in decisions}
    problems: dict[int, str] = {}
    for pk, relationship in relationships.items():
        decision = by_id.get(pk)
        if decision is None:
            problems[pk] = f"{relationship.company}: decide whether it is relevant."
        elif decision.relevant and not decision.mitigation.strip():
            problems[pk] = (
                f"{relationship.company}: a relevant relationship must be mitigated before "
                "the person takes the role; describe the mitigation."
            )
    if problems:
        raise ReviewError(problems)
    now = timezone.now()
    for pk in relationships:
        decision = by_id[pk]
        RelevanceReview.objects.update_or_create(
            content_role=role,
            relationship_id=pk,
            defaults={
                "relevant": decision.relevant,
                "mitigation": decision.mitigation.strip() if decision.relevant else "",
                "reviewed_by": by,
                "reviewed_at": now,
            },
        )
    role.status = ContentRoleStatus.CLEARED
    role.save(update_fields=["status", "updated_at"])
    log_action(
        by,
        "disclosure.reviewed",
        role,
        relevant=[pk for pk, d in by_id.items() if d.relevant and pk in relationships],
    )
    content_role.status = role.status
    return role


@transaction.atomic
def remove_role(content_role: ContentRole, by: Any) -> None:
    """Take the person off the activity (e.g. after a refusal); their disclosure is kept."""
    log_action(
        by,
        "disclosure.role_removed",
        content_role.activity,
        person=content_role.person.email,
        role=content_role.role,
        status=content_role.status,
    )
    ContentRole.objects.filter(pk=content_role.pk).delete()
