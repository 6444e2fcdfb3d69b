"""The member directory: opt-in, visible only to members of the community.

An entry shows name, organization, role and interests — never an e-mail address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from equitylens.audit.services import log_action
from equitylens.community.models import ApplicationStatus, CommunityMembership
from equitylens.community.services.membership import CommunityRuleError, is_community_member

MAX_INTERESTS = 400


@dataclass(frozen=True)
class DirectoryEntry:
    """What one member shows the others."""

    name: str
    organization: str
    role: str
    interests: list[str]


def split_interests(interests: str) -> list[str]:
    """Interests are stored as one comma-separated line; give them as a list."""
    return [part.strip() for part in interests.split(",") if part.strip()]


def directory_entries(viewer: Any, query: str = "", interest: str = "") -> list[DirectoryEntry]:
    """Approved members who opted in to the directory, by name.

    `query` matches name, organization or role; `interest` matches interests. Only an
    approved member may look (CommunityRuleError otherwise).
    """
    if not is_community_member(viewer):
        raise CommunityRuleError("Only members of the community can see the directory.")
    rows = CommunityMembership.objects.filter(
        status=ApplicationStatus.APPROVED, listed_in_directory=True
    ).select_related("user")
    query = query.strip()
    if query:
        words = Q()
        for word in query.split():
            words &= (
                Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(organization_name__icontains=word)
                | Q(role__icontains=word)
            )
        rows = rows.filter(words)
    if interest.strip():
        rows = rows.filter(interests__icontains=interest.strip())
    rows = rows.order_by("user__last_name", "user__first_name", "pk")
    return [
        DirectoryEntry(
            name=row.user.display_name,
            organization=row.organization_name,
            role=row.role,
            interests=split_interests(row.interests),
        )
        for row in rows
    ]


def set_directory_listing(
    membership: CommunityMembership, listed: bool, interests: str, by: Any = None
) -> CommunityMembership:
    """Opt in to (or out of) the directory and update the interests shown there.

    Only approved members can be listed (CommunityRuleError); interests are at most
    400 characters (error on field "interests"). Setting the same values again is harmless.
    """
    interests = ", ".join(split_interests(interests))
    if len(interests) > MAX_INTERESTS:
        raise CommunityRuleError(
            f"Keep interests under {MAX_INTERESTS} characters; you entered {len(interests)}.",
            field="interests",
        )
    with transaction.atomic():
        locked = CommunityMembership.objects.select_for_update().get(pk=membership.pk)
        if locked.status != ApplicationStatus.APPROVED:
            raise CommunityRuleError("Only members of the community can be in the directory.")
        locked.listed_in_directory = listed
        locked.interests = interests
        locked.save(update_fields=["listed_in_directory", "interests"])
        log_action(by or locked.user, "community.listing_changed", locked, listed=listed)
    return locked
