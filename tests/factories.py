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


# --- The learner's path (equitylens.learning) ---------------------------------------------


def make_module(activity: Activity, kind: str = "reading", **extra: Any) -> Any:
    """A module at the next position of `activity` (reading by default)."""
    from equitylens.learning.models import Module

    position = extra.pop("position", activity.modules.count() + 1)
    extra.setdefault("title", f"Module {position}")
    extra.setdefault("body", "Some reading.")
    return Module.objects.create(activity=activity, position=position, kind=kind, **extra)


def make_question(
    module: Any,
    text: str = "Which is correct?",
    correct: int = 0,
    choices: tuple[str, ...] = ("Right answer", "Wrong answer"),
) -> Any:
    """A multiple-choice question; choice number `correct` (0-based) is the right one."""
    from equitylens.learning.models import Choice, Question

    question = Question.objects.create(
        module=module, position=module.questions.count() + 1, text=text
    )
    for n, choice in enumerate(choices):
        Choice.objects.create(question=question, position=n + 1, text=choice, correct=n == correct)
    return question


def make_online_course(**extra: Any) -> Activity:
    """An open enduring course with a reading, a reflection and a post-test, and credit."""
    extra.setdefault("duration_minutes", 120)
    course = make_activity(format=ActivityFormat.ENDURING, **extra)
    make_module(course, "reading", title="What bias is")
    make_module(course, "reflection", title="Your reflection", prompt="What did you notice?")
    post_test = make_module(course, "post_test", title="Post-test", passing_score=50)
    make_question(post_test)
    make_offering(course, CreditType.AMA_PRA_1, "2.00", eligible_professions=["physician"])
    make_offering(
        course,
        CreditType.PARTICIPATION,
        "2.00",
        unit="hours",
        eligible_professions=["nurse", "other_clinician", "other"],
    )
    make_offering(
        course, CreditType.MOC_ABIM, "2.00", unit="points", eligible_professions=["physician"]
    )
    return course


def make_enrollment(user: User, activity: Activity, **extra: Any) -> Any:
    from equitylens.learning.models import Enrollment

    return Enrollment.objects.create(user=user, activity=activity, **extra)


def make_verified_enrollment(user: User, activity: Activity) -> Any:
    """An enrollment whose code is verified (modules complete for online courses)."""
    from equitylens.learning.models import EnrollmentStatus, ModuleProgress

    now = timezone.now()
    enrollment = make_enrollment(
        user,
        activity,
        status=EnrollmentStatus.CODE_VERIFIED,
        modules_completed_at=now,
        code_verified_at=now,
    )
    for module in activity.modules.all():
        ModuleProgress.objects.create(enrollment=enrollment, module=module, completed_at=now)
    return enrollment


def make_evaluated_enrollment(user: User, activity: Activity) -> Any:
    """An enrollment ready for the credit claim (evaluation submitted)."""
    from equitylens.learning.models import EnrollmentStatus, Evaluation

    enrollment = make_verified_enrollment(user, activity)
    Evaluation.objects.create(
        enrollment=enrollment,
        intends_to_change=True,
        change_description="Ask more.",
        free_of_commercial_bias=True,
        objective_ratings={str(o.pk): 5 for o in activity.objectives.all()},
    )
    enrollment.evaluated_at = timezone.now()
    enrollment.status = EnrollmentStatus.EVALUATED
    enrollment.save()
    return enrollment


def make_facilitator(email: str | None = None, **extra: Any) -> User:
    """A facilitator of the provider (named Aisha Johnson unless told otherwise)."""
    extra.setdefault("first_name", "Aisha")
    extra.setdefault("last_name", "Johnson")
    user = make_user(email=email, **extra)
    make_membership(user, make_provider(), role=MembershipRole.FACILITATOR)
    return user
