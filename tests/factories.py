"""Small factory functions for test data. Each makes one thing with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from equitylens.accounts.models import (
    Membership,
    MembershipRole,
    MembershipSource,
    Organization,
    OrganizationDomain,
    OrganizationKind,
    User,
)
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

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery-staple"


def make_organization(
    name: str | None = None, kind: str = OrganizationKind.HEALTH_SYSTEM, **extra: Any
) -> Organization:
    n = next(_seq)
    name = name or f"Organization {n}"
    slug = extra.pop("slug", f"org-{n}")
    return Organization.objects.create(name=name, slug=slug, kind=kind, **extra)


def make_provider(name: str = "Lakeshore Medical Society") -> Organization:
    existing = Organization.objects.filter(kind=OrganizationKind.PROVIDER).first()
    return existing or make_organization(name=name, kind=OrganizationKind.PROVIDER, slug="provider")


def make_domain(organization: Organization, domain: str) -> OrganizationDomain:
    return OrganizationDomain.objects.create(organization=organization, domain=domain)


def make_user(email: str | None = None, *, verified: bool = True, **extra: Any) -> User:
    """A user with password PASSWORD and (by default) a verified primary e-mail."""
    from allauth.account.models import EmailAddress

    email = email or f"person{next(_seq)}@example.org"
    extra.setdefault("first_name", "Test")
    extra.setdefault("last_name", f"Person{next(_seq)}")
    user = User.objects.create_user(email=email, password=PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user


def make_learner(**extra: Any) -> User:
    extra.setdefault("profession", "physician")
    extra.setdefault("credentials", ["MD"])
    extra.setdefault("profile_completed_at", timezone.now())
    return make_user(**extra)


def make_membership(
    user: User,
    organization: Organization,
    role: str = MembershipRole.MEMBER,
    source: str = MembershipSource.MANUAL,
) -> Membership:
    return Membership.objects.create(user=user, organization=organization, role=role, source=source)


def make_coordinator(email: str | None = None, *, with_totp: bool = True) -> User:
    """A coordinator of the provider; with an authenticator app set up unless told not to."""
    user = make_user(email=email)
    make_membership(user, make_provider(), role=MembershipRole.COORDINATOR)
    if with_totp:
        add_totp(user)
    return user


TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def add_totp(user: User, secret: str = TOTP_SECRET) -> None:
    """Give `user` a TOTP authenticator with a known secret (see totp_code)."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, secret)


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The current 6-digit code for `secret`, as an authenticator app would show it."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def make_topic(name: str = "Implicit bias") -> Topic:
    topic, _ = Topic.objects.get_or_create(
        slug=name.lower().replace(" ", "-"), defaults={"name": name}
    )
    return topic


def make_activity(
    title: str | None = None,
    *,
    format: str = ActivityFormat.LIVE_COURSE,
    status: str = ActivityStatus.OPEN,
    audience: str = Audience.PUBLIC,
    duration_minutes: int = 120,
    objectives: tuple[str, ...] = ("Describe how implicit bias affects clinical decisions",),
    internal_to: tuple[Organization, ...] = (),
    **extra: Any,
) -> Activity:
    n = next(_seq)
    title = title or f"Activity {n}"
    today = date.today()
    if format == ActivityFormat.ENDURING:
        extra.setdefault("starts_on", today - timedelta(days=30))
        extra.setdefault("ends_on", today + timedelta(days=365))
    else:
        extra.setdefault("starts_on", today + timedelta(days=14))
        extra.setdefault("ends_on", today + timedelta(days=14))
    activity = Activity.objects.create(
        title=title,
        slug=extra.pop("slug", f"activity-{n}"),
        summary=extra.pop("summary", f"Summary of {title}."),
        description=extra.pop("description", "A description."),
        target_audience=extra.pop("target_audience", "Physicians and nurses"),
        format=format,
        status=status,
        audience=audience,
        duration_minutes=duration_minutes,
        provider=extra.pop("provider", None) or make_provider(),
        contact_name=extra.pop("contact_name", "Casey Coordinator"),
        contact_email=extra.pop("contact_email", "cme@example.org"),
        **extra,
    )
    for position, text in enumerate(objectives, start=1):
        LearningObjective.objects.create(activity=activity, position=position, text=text)
    if internal_to:
        activity.internal_organizations.set(internal_to)
    return activity


def make_offering(
    activity: Activity,
    credit_type: str = CreditType.AMA_PRA_1,
    amount: str | Decimal = "2.00",
    **extra: Any,
) -> CreditOffering:
    return CreditOffering.objects.create(
        activity=activity, credit_type=credit_type, amount=Decimal(str(amount)), **extra
    )
