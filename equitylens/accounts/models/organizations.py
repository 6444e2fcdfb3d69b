"""Organizations (the accredited provider, health systems, clinics) and who belongs to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class OrganizationKind(models.TextChoices):
    PROVIDER = "provider", "Accredited provider"
    HEALTH_SYSTEM = "health_system", "Health system"
    CLINIC = "clinic", "Clinic"
    ASSOCIATION = "association", "Association"
    OTHER = "other", "Other"


class Organization(models.Model):
    """An organization whose people take part. Exactly one is the accredited provider."""

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=20, choices=OrganizationKind.choices)
    # The OpenID Connect client for "Sign in with <Organization>", kept in allauth's
    # SocialApp table (provider="openid_connect", provider_id=<slug>).
    sso_app = models.OneToOneField(
        "socialaccount.SocialApp",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organization",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(kind="provider"),
                name="one_accredited_provider",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def is_provider(self) -> bool:
        return self.kind == OrganizationKind.PROVIDER

    @property
    def has_sso(self) -> bool:
        return self.sso_app_id is not None


class OrganizationDomain(models.Model):
    """An e-mail domain owned by an organization: a verified address in it proves membership."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, unique=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.domain = self.domain.strip().lower().lstrip("@")
        super().save(*args, **kwargs)


class MembershipRole(models.TextChoices):
    """What a person may do within one organization (see accounts.permissions)."""

    MEMBER = "member", "Member"
    ORG_ADMIN = "org_admin", "Organization admin"
    FACILITATOR = "facilitator", "Facilitator"
    COORDINATOR = "coordinator", "Coordinator"
    ANALYST = "analyst", "Analyst / quality lead"


class MembershipSource(models.TextChoices):
    """How membership was proven."""

    SSO = "sso", "Signed in through the organization's SSO"
    EMAIL_DOMAIN = "email_domain", "Verified e-mail in the organization's domain"
    ROSTER = "roster", "Roster import by an organization admin"
    MANUAL = "manual", "Added by a coordinator"


class Membership(models.Model):
    """One person in one organization, with one role."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=MembershipRole.choices, default="member")
    source = models.CharField(max_length=20, choices=MembershipSource.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organization} ({self.get_role_display()})"


class RosterImport(models.Model):
    """A roster CSV an organization admin imported, kept as a record of what it added."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="roster_imports"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(max_length=255)
    rows = models.PositiveIntegerField()
    created_members = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} into {self.organization} ({self.created_members} new)"
