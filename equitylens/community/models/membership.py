"""The community of practice: equity leaders across organizations, by application."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApplicationStatus(models.TextChoices):
    """pending → approved / declined (reason); an approved member may leave (left)."""

    PENDING = "pending", "Waiting for review"
    APPROVED = "approved", "Member"
    DECLINED = "declined", "Declined"
    LEFT = "left", "Left the community"


class CommunityMembership(models.Model):
    """A person's application to, and membership of, the community of practice."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_membership"
    )
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    organization_name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, help_text="e.g. Director of Health Equity")
    statement = models.TextField(help_text="Why you would like to join.")
    interests = models.CharField(max_length=400, blank=True)
    # Opt-in: shown in the member directory (to members only) when True.
    listed_in_directory = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    applied_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-applied_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_status_display()})"


class ResourceKind(models.TextChoices):
    GUIDE = "guide", "Guide"
    VIDEO = "video", "Video"
    REPORT = "report", "Report"
    TOOL = "tool", "Tool or template"


class Resource(models.Model):
    """An item of the community's library: a file or a link, tagged by topic."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ResourceKind.choices)
    description = models.TextField(help_text="A short description: what it is and who it helps.")
    topics = models.ManyToManyField("catalog.Topic", blank=True, related_name="resources")
    file = models.FileField(upload_to="community/resources/", blank=True)
    url = models.URLField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
