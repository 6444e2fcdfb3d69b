"""Support received for an activity: commercial (ineligible companies) and other."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SupportKind(models.TextChoices):
    MONETARY = "monetary", "Monetary"
    IN_KIND = "in_kind", "In-kind"


class SupporterType(models.TextChoices):
    """Commercial support comes only from ineligible companies (ACCME Standard 4)."""

    COMMERCIAL = "commercial", "Commercial support (ineligible company)"
    OTHER = "other", "Other support (foundation, health plan, government, …)"


class ActivitySupport(models.Model):
    """One supporter's contribution to one activity."""

    activity = models.ForeignKey(
        "catalog.Activity", on_delete=models.CASCADE, related_name="supports"
    )
    supporter_type = models.CharField(max_length=20, choices=SupporterType.choices)
    supporter_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=SupportKind.choices)
    amount = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, help_text="US dollars (monetary)."
    )
    in_kind_description = models.TextField(blank=True, help_text="What was given (in-kind).")
    agreement_file = models.FileField(
        upload_to="support/agreements/", blank=True, help_text="The signed written agreement."
    )
    agreement_signed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["activity", "supporter_type", "supporter_name"]

    def __str__(self) -> str:
        return f"{self.supporter_name} → {self.activity}"
