"""Demo organizations and people (fictional)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialApp
from django.utils import timezone

from equitylens.accounts.models import (
    BoardCertification,
    Licence,
    Membership,
    MembershipRole,
    MembershipSource,
    Organization,
    OrganizationDomain,
    OrganizationKind,
    User,
)

DEMO_PASSWORD = "equity-lens-demo"
# Known secret so the demo coordinator can pass two-factor sign-in (`equitylens demo_totp`).
DEMO_TOTP_SECRET = "EQUITYLENSDEMOTOTPSECRETAAAAAAAA"
DEMO_IDP_URL = f"http://127.0.0.1:{os.environ.get('DEMO_IDP_PORT', '8001')}"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    role_label: str
    organization_slug: str
    role: str
    profession: str = ""
    credentials: tuple[str, ...] = ()
    specialty: str = ""


ORGANIZATIONS = [
    # slug, name, short name, kind, e-mail domain
    ("lakeshore-medical-society", "Lakeshore Medical Society", "LMS", OrganizationKind.PROVIDER,
     "lakeshoremed.example"),
    ("riverbend-health", "Riverbend Health", "", OrganizationKind.HEALTH_SYSTEM,
     "riverbendhealth.example"),
    ("northside-clinic", "Northside Community Clinic", "Northside", OrganizationKind.CLINIC,
     "northsideclinic.example"),
]  # fmt: skip

PEOPLE = [
    DemoPerson("maya.chen@riverbendhealth.example", "Maya", "Chen", "learner (physician)",
               "riverbend-health", MembershipRole.MEMBER, "physician", ("MD",),
               "Internal medicine"),
    DemoPerson("jordan.ellis@northsideclinic.example", "Jordan", "Ellis", "nurse",
               "northside-clinic", MembershipRole.MEMBER, "nurse", ("RN",), "Primary care"),
    DemoPerson("grace.okafor@riverbendhealth.example", "Grace", "Okafor", "learner (nurse)",
               "riverbend-health", MembershipRole.MEMBER, "nurse", ("RN",), "Emergency nursing"),
    DemoPerson("priya.patel@riverbendhealth.example", "Priya", "Patel",
               "organization admin (Riverbend Health)", "riverbend-health",
               MembershipRole.ORG_ADMIN, "other", ("other",), "Learning and development"),
    DemoPerson("lee.nguyen@riverbendhealth.example", "Lee", "Nguyen",
               "analyst / quality lead (Riverbend Health)", "riverbend-health",
               MembershipRole.ANALYST, "other", ("other",), "Quality and equity analytics"),
    DemoPerson("sam.rivera@lakeshoremed.example", "Sam", "Rivera", "coordinator",
               "lakeshore-medical-society", MembershipRole.COORDINATOR, "other", ("other",),
               "Continuing medical education"),
    DemoPerson("aisha.johnson@lakeshoremed.example", "Aisha", "Johnson", "facilitator",
               "lakeshore-medical-society", MembershipRole.FACILITATOR, "physician",
               ("MD", "PhD"), "Family medicine"),
]  # fmt: skip


def load_organizations() -> dict[str, Organization]:
    """Create or update the demo organizations, their domains and Riverbend's SSO client."""
    organizations: dict[str, Organization] = {}
    for slug, name, short_name, kind, domain in ORGANIZATIONS:
        organization, _ = Organization.objects.update_or_create(
            slug=slug, defaults={"name": name, "short_name": short_name, "kind": kind}
        )
        OrganizationDomain.objects.update_or_create(
            domain=domain, defaults={"organization": organization}
        )
        organizations[slug] = organization
    riverbend = organizations["riverbend-health"]
    app, _ = SocialApp.objects.update_or_create(
        provider="openid_connect",
        provider_id="riverbend-health",
        defaults={
            "name": "Riverbend Health",
            "client_id": "equitylens-demo",
            "secret": "demo-secret",
            "settings": {"server_url": DEMO_IDP_URL},
        },
    )
    if riverbend.sso_app_id != app.pk:
        riverbend.sso_app = app
        riverbend.save(update_fields=["sso_app"])
    return organizations


def load_people(organizations: dict[str, Organization]) -> list[DemoPerson]:
    """Create or update the demo people with verified e-mail, profile and membership."""
    for person in PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User.objects.create_user(email=person.email, password=DEMO_PASSWORD)
        user.first_name = person.first_name
        user.last_name = person.last_name
        user.profession = person.profession
        user.credentials = list(person.credentials)
        user.specialty = person.specialty
        user.profile_completed_at = user.profile_completed_at or timezone.now()
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=person.email, defaults={"verified": True, "primary": True}
        )
        Membership.objects.update_or_create(
            user=user,
            organization=organizations[person.organization_slug],
            defaults={"role": person.role, "source": MembershipSource.MANUAL},
        )
        if person.role == MembershipRole.COORDINATOR:
            _ensure_totp(user)
    maya = User.objects.get(email="maya.chen@riverbendhealth.example")
    Licence.objects.update_or_create(user=maya, state="MN", defaults={"number": "MN-48213"})
    BoardCertification.objects.update_or_create(
        user=maya, board="ABIM", defaults={"board_id": "284511"}
    )
    maya.birth_month, maya.birth_day = 4, 17
    maya.save(update_fields=["birth_month", "birth_day"])
    return PEOPLE


def _ensure_totp(user: User) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
