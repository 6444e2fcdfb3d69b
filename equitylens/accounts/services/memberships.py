"""Membership: how a person's belonging to an organization is proven and recorded.

Three proofs create memberships (see MembershipSource): signing in through the
organization's single sign-on, a verified e-mail address in one of its domains, and a
roster imported by one of its admins. A coordinator may also add people by hand.
The first proof is kept: a later proof never changes an existing membership's role
or source, so an organization admin who later signs in through SSO stays an admin.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from equitylens.accounts.models import (
    Membership,
    MembershipRole,
    MembershipSource,
    Organization,
    OrganizationDomain,
    User,
)
from equitylens.audit.services import log_action


def email_domain(email: str) -> str:
    """The lower-case domain of an e-mail address ("" when there is none)."""
    return email.rpartition("@")[2].strip().lower() if "@" in email else ""


def organization_for_email(email: str) -> Organization | None:
    """The organization owning the domain of `email`, if any."""
    domain = email_domain(email)
    if not domain:
        return None
    found = OrganizationDomain.objects.select_related("organization").filter(domain=domain)
    match = found.first()
    return match.organization if match else None


def ensure_membership(
    user: User,
    organization: Organization,
    *,
    source: str,
    role: str = MembershipRole.MEMBER,
    by: Any = None,
) -> tuple[Membership, bool]:
    """Make `user` a member of `organization`, recording how it was proven.

    Returns ``(membership, created)``. When the person already belongs to the
    organization nothing changes — not the role, not the source — and ``created`` is
    False. A new membership is logged as ``membership.created`` with its source.
    Safe to call twice at once: the database allows one membership per person and
    organization, and the loser of a race gets the winner's row.
    """
    existing = Membership.objects.filter(user=user, organization=organization).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user, organization=organization, role=role, source=source
            )
            log_action(
                by, "membership.created", membership, source=source, role=role, user_id=user.pk
            )
    except IntegrityError:
        return Membership.objects.get(user=user, organization=organization), False
    return membership, True


def ensure_domain_memberships(user: User) -> list[Membership]:
    """Give `user` a membership in every organization owning one of their verified e-mails.

    Only verified addresses count (allauth's EmailAddress.verified): an unverified
    address proves nothing. Returns the memberships that were created now.
    """
    from allauth.account.models import EmailAddress

    emails = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    created: list[Membership] = []
    for email in emails:
        organization = organization_for_email(email)
        if organization is None:
            continue
        membership, is_new = ensure_membership(
            user, organization, source=MembershipSource.EMAIL_DOMAIN
        )
        if is_new:
            created.append(membership)
    return created


def memberships_of(user: User) -> list[Membership]:
    """Every organization `user` belongs to, with role and proof, by organization name."""
    return list(
        Membership.objects.filter(user=user)
        .select_related("organization")
        .order_by("organization__name")
    )


def members_of(organization: Organization) -> list[Membership]:
    """Everyone in `organization`, by last name, with how their membership was proven."""
    return list(
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )
