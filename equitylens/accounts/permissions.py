"""Who may do what: roles are Membership rows, checked only through these functions.

Every view and API endpoint asks here; no view reads Membership.role directly.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from equitylens.accounts.models import Membership, MembershipRole, Organization, OrganizationKind


def has_role(user: Any, organization: Organization, *roles: str) -> bool:
    """True when `user` holds one of `roles` in `organization`."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(user=user, organization=organization, role__in=roles).exists()


def is_coordinator(user: Any) -> bool:
    """Coordinators of the accredited provider run the back office."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_is_coordinator", None)
    if cached is None:
        cached = Membership.objects.filter(
            user=user,
            organization__kind=OrganizationKind.PROVIDER,
            role=MembershipRole.COORDINATOR,
        ).exists()
        user._is_coordinator = cached
    return bool(cached)


def member_organization_ids(user: Any) -> set[int]:
    """Ids of every organization `user` belongs to, whatever the role."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_member_org_ids", None)
    if cached is None:
        cached = set(Membership.objects.filter(user=user).values_list("organization_id", flat=True))
        user._member_org_ids = cached
    return set(cached)


def is_analyst(user: Any) -> bool:
    """True when `user` is an analyst / quality lead of any organization."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(user=user, role=MembershipRole.ANALYST).exists()


# Roles that may analyse an organization's own data (note audits, disparity measurements).
ANALYSIS_ROLES = (MembershipRole.ANALYST, MembershipRole.ORG_ADMIN)


def analysis_organizations(user: Any) -> list[Organization]:
    """Organizations whose data `user` may analyse: analyst or org admin there (by name).
    Platform coordinators get no pass: the uploads hold patient-level data."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Organization.objects.filter(memberships__user=user, memberships__role__in=ANALYSIS_ROLES)
        .distinct()
        .order_by("name")
    )


def may_analyse(user: Any, organization: Organization) -> bool:
    """True when `user` is an analyst or an organization admin of `organization`."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, organization=organization, role__in=ANALYSIS_ROLES
    ).exists()


def is_provider_member(user: Any) -> bool:
    """Members (any role) of the accredited provider see members-only activities."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, organization__kind=OrganizationKind.PROVIDER
    ).exists()


def administered_organizations(user: Any) -> list[Organization]:
    """Organizations where `user` is an organization admin."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Organization.objects.filter(
            memberships__user=user, memberships__role=MembershipRole.ORG_ADMIN
        )
    )


def provider_facilitators() -> Any:
    """Users who may facilitate a private workshop: provider members with the
    facilitator or coordinator role (a QuerySet of User, by name)."""
    from equitylens.accounts.models import User

    return (
        User.objects.filter(
            memberships__organization__kind=OrganizationKind.PROVIDER,
            memberships__role__in=[MembershipRole.FACILITATOR, MembershipRole.COORDINATOR],
        )
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def user_has_totp(user: Any) -> bool:
    """True when `user` has set up an authenticator app (allauth.mfa)."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


ViewFunc = Callable[..., HttpResponse]


def coordinator_required(view: ViewFunc) -> ViewFunc:
    """Allow only coordinators, who must also have two-factor sign-in set up.

    Anonymous visitors go to sign-in; signed-in non-coordinators get 403; a
    coordinator without TOTP is sent to set it up first.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_coordinator(request.user):
            raise PermissionDenied("Only coordinators can use the back office.")
        if settings.EQUITYLENS_REQUIRE_COORDINATOR_MFA and not user_has_totp(request.user):
            return redirect("accounts:mfa_required")
        return view(request, *args, **kwargs)

    return wrapped


def can_administer_organization(user: Any, organization: Organization) -> bool:
    """Organization admins of `organization`, and coordinators, manage its people."""
    return has_role(user, organization, MembershipRole.ORG_ADMIN) or is_coordinator(user)


def organization_admin_required(view: ViewFunc) -> ViewFunc:
    """Open an organization's admin pages (URL kwarg `slug`) only to those who may.

    The view receives the Organization instead of the slug. Anonymous visitors go to
    sign-in; an unknown slug is 404; anyone else who is neither an admin of this
    organization nor a coordinator gets 403. A coordinator who is not an admin here
    must have two-factor sign-in set up, as in the back office.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        organization = get_object_or_404(Organization, slug=slug)
        if not has_role(request.user, organization, MembershipRole.ORG_ADMIN):
            if not is_coordinator(request.user):
                raise PermissionDenied("Only this organization's admins can see its people.")
            if settings.EQUITYLENS_REQUIRE_COORDINATOR_MFA and not user_has_totp(request.user):
                return redirect("accounts:mfa_required")
        return view(request, organization, *args, **kwargs)

    return wrapped


def is_session_facilitator(user: Any, session: Any) -> bool:
    """True when `user` is one of the facilitators named on the live `session`."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(session.facilitators.filter(pk=user.pk).exists())


def facilitates_sessions(user: Any) -> bool:
    """True when `user` is named as facilitator on any live session (shows "Facilitate")."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.facilitated_sessions.exists())


def can_facilitate(user: Any, session: Any) -> bool:
    """Facilitators of `session`, and coordinators, run it: roster, attendance, code."""
    return is_session_facilitator(user, session) or is_coordinator(user)
