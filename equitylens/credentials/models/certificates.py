"""Certificates: an immutable record of a claim, rendered to PDF by one function."""

from __future__ import annotations

from django.db import models


class CertificateLayout(models.Model):
    """A provider's certificate template: the data one renderer draws for every certificate."""

    provider = models.OneToOneField(
        "accounts.Organization", on_delete=models.CASCADE, related_name="certificate_layout"
    )
    logo = models.FileField(upload_to="certificates/logos/", blank=True)
    heading = models.CharField(max_length=120, default="Certificate of Completion")
    signatory_name = models.CharField(max_length=120, blank=True)
    signatory_title = models.CharField(max_length=120, blank=True)
    accent_color = models.CharField(max_length=7, default="#1f4e79", help_text="e.g. #1f4e79")
    footer = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"Certificate layout of {self.provider}"


class Certificate(models.Model):
    """One certificate per credit claim. Its text is frozen when issued, so it never changes.

    The number is public (printed, and checked on the verification page); it reveals
    nothing by itself.
    """

    claim = models.OneToOneField(
        "learning.CreditClaim", on_delete=models.PROTECT, related_name="certificate"
    )
    number = models.CharField(max_length=20, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    learner_name = models.CharField(max_length=200)
    learner_credentials = models.CharField(max_length=120, blank=True)
    activity_title = models.CharField(max_length=200)
    activity_type = models.CharField(max_length=80)
    completion_text = models.CharField(max_length=120, help_text="Date or session dates.")
    provider_name = models.CharField(max_length=200)
    accreditation_statement = models.TextField()
    designation_statement = models.TextField()
    # [{"label": "AMA PRA Category 1 Credit™", "amount": "1.75", "unit": "credits"}, …]
    credits = models.JSONField(default=list)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.number
