"""Disclosure of financial relationships (ACCME Standards for Integrity and Independence).

Everyone in control of an activity's content holds a `ContentRole`. They disclose through
an e-mailed `DisclosureRequest`; a `Disclosure` (with its `FinancialRelationship` rows) is
the person's, reusable across activities for 12 months. The coordinator decides, per role,
whether each relationship is relevant and how it is mitigated (`RelevanceReview`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ContentRoleKind(models.TextChoices):
    PLANNER = "planner", "Planner"
    FACULTY = "faculty", "Faculty"
    REVIEWER = "reviewer", "Reviewer"
    OTHER = "other", "Other in control of content"


class ContentRoleStatus(models.TextChoices):
    """invited → disclosed → cleared, or refused (owner or employee of an ineligible company).

    A role is cleared when every relationship has a relevance decision and every relevant
    one has a mitigation; a disclosure of "none" clears at once.
    """

    INVITED = "invited", "Waiting for disclosure"
    DISCLOSED = "disclosed", "Disclosed, review needed"
    CLEARED = "cleared", "Cleared"
    REFUSED = "refused", "Refused"


class ContentRole(models.Model):
    """One person in control of content of one activity, in one role."""

    activity = models.ForeignKey(
        "catalog.Activity", on_delete=models.CASCADE, related_name="content_roles"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="content_roles"
    )
    role = models.CharField(max_length=20, choices=ContentRoleKind.choices)
    status = models.CharField(
        max_length=20, choices=ContentRoleStatus.choices, default=ContentRoleStatus.INVITED
    )
    disclosure = models.ForeignKey(
        "Disclosure", null=True, blank=True, on_delete=models.PROTECT, related_name="roles"
    )
    refusal_reason = models.TextField(blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["activity", "role", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person", "role"], name="unique_content_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.display_name} ({self.get_role_display().lower()})"


class DisclosureRequest(models.Model):
    """An e-mailed capability link: whoever holds the token discloses for `content_role`."""

    content_role = models.ForeignKey(ContentRole, on_delete=models.CASCADE, related_name="requests")
    token = models.CharField(max_length=64, unique=True)
    is_update_prompt = models.BooleanField(default=False)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"Request to {self.content_role} sent {self.sent_at:%Y-%m-%d}"


class Disclosure(models.Model):
    """A person's financial relationships with ineligible companies in the past 24 months."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="disclosures"
    )
    submitted_at = models.DateTimeField()
    valid_until = models.DateTimeField()
    has_relationships = models.BooleanField()
    attested = models.BooleanField()
    attestation_text = models.TextField()

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"Disclosure by {self.person.display_name}, {self.submitted_at:%Y-%m-%d}"


class RelationshipNature(models.TextChoices):
    CONSULTANT = "consultant", "Consultant"
    SPEAKERS_BUREAU = "speakers_bureau", "Speakers' bureau"
    RESEARCH_GRANT = "research_grant", "Research grant"
    STOCK = "stock", "Stock or ownership interest"
    EMPLOYEE = "employee", "Employee"
    ADVISORY_BOARD = "advisory_board", "Advisory board"
    ROYALTIES = "royalties", "Royalties or patent"
    OTHER = "other", "Other"


class RelationshipStatus(models.TextChoices):
    CURRENT = "current", "Current"
    ENDED = "ended", "Ended"


class FinancialRelationship(models.Model):
    """One relationship with an ineligible company, as the person disclosed it."""

    disclosure = models.ForeignKey(
        Disclosure, on_delete=models.CASCADE, related_name="relationships"
    )
    company = models.CharField("ineligible company", max_length=200)
    nature = models.CharField(max_length=20, choices=RelationshipNature.choices)
    status = models.CharField(max_length=10, choices=RelationshipStatus.choices)
    ended_on = models.DateField(null=True, blank=True)
    is_owner_or_employee = models.BooleanField(default=False)

    class Meta:
        ordering = ["disclosure", "id"]

    def __str__(self) -> str:
        return f"{self.company} ({self.get_nature_display().lower()})"


class RelevanceReview(models.Model):
    """The provider's decision on one relationship for one role, with its mitigation."""

    content_role = models.ForeignKey(ContentRole, on_delete=models.CASCADE, related_name="reviews")
    relationship = models.ForeignKey(
        FinancialRelationship, on_delete=models.CASCADE, related_name="reviews"
    )
    relevant = models.BooleanField()
    mitigation = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_role", "relationship"], name="unique_relevance_review"
            )
        ]

    def __str__(self) -> str:
        verdict = "relevant" if self.relevant else "not relevant"
        return f"{self.relationship} is {verdict} for {self.content_role}"
