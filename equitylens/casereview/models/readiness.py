"""Health Equity M&M: the organization's readiness check before launching a series."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReadinessLevel(models.TextChoices):
    READY = "ready", "Ready"
    READY_WITH_SUPPORT = "ready_with_support", "Ready with support"
    NOT_YET = "not_yet", "Not yet"


class ReadinessAssessment(models.Model):
    """One completed readiness check for an organization; every one is kept (history).

    `answers` maps each question key (see services.readiness.QUESTIONS) to
    ``{"answer": "yes" | "partly" | "no", "note": "…"}``; `next_steps` is the list
    of suggested steps computed when it was saved, so later wording changes do not
    rewrite history.
    """

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="readiness_assessments"
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="readiness_assessments",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answers = models.JSONField(default=dict)
    level = models.CharField(max_length=20, choices=ReadinessLevel.choices)
    summary = models.TextField()
    next_steps = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Readiness of {self.organization} ({self.get_level_display()})"
