"""PARS batches: what we reported to the ACCME's PARS, so each completion is reported once.

A batch is one upload file (learner completions for MOC, or activities). Each line in it
has a ParsRecord holding a fingerprint of the values reported; a later batch reports only
lines never reported or whose values changed since (a "corrected" record).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ParsBatchKind(models.TextChoices):
    LEARNER = "learner", "Learner completions (MOC)"
    ACTIVITY = "activity", "Activities"


class ParsBatchStatus(models.TextChoices):
    DRAFT = "draft", "Ready to download"
    EXPORTED = "exported", "Downloaded"


class ParsBatch(models.Model):
    """One PARS upload file, frozen when built: its text never changes afterwards."""

    kind = models.CharField(max_length=10, choices=ParsBatchKind.choices)
    status = models.CharField(
        max_length=10, choices=ParsBatchStatus.choices, default=ParsBatchStatus.DRAFT
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pars_batches"
    )
    content = models.TextField(help_text="The tab-delimited file, exactly as downloaded.")
    record_count = models.PositiveIntegerField(default=0)
    corrected_count = models.PositiveIntegerField(default=0)
    excluded_count = models.PositiveIntegerField(
        default=0, help_text="Lines left out because they failed validation (listed on screen)."
    )
    exported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "PARS batches"

    def __str__(self) -> str:
        return f"PARS {self.kind} batch {self.pk}"

    @property
    def file_name(self) -> str:
        return f"pars-{self.kind}-{self.created_at:%Y%m%d-%H%M%S}-{self.pk}.txt"


class ParsRecord(models.Model):
    """One line of a batch: a MOC ClaimedCredit (learner batch) or an Activity."""

    # Indexes are partial (only rows that have the subject) and batch is indexed through
    # the unique constraints: fewer index writes keep a 100,000-line batch fast.
    batch = models.ForeignKey(
        ParsBatch, on_delete=models.CASCADE, related_name="records", db_index=False
    )
    claimed_credit = models.ForeignKey(
        "learning.ClaimedCredit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pars_records",
        db_index=False,
    )
    activity = models.ForeignKey(
        "catalog.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pars_records",
        db_index=False,
    )
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the values reported.")
    corrected = models.BooleanField(default=False, help_text="Re-reported with changed values.")
    reported_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(claimed_credit__isnull=False, activity__isnull=True)
                | models.Q(claimed_credit__isnull=True, activity__isnull=False),
                name="pars_record_one_subject",
            ),
            models.UniqueConstraint(
                fields=["batch", "claimed_credit"],
                condition=models.Q(claimed_credit__isnull=False),
                name="pars_one_line_per_credit_per_batch",
            ),
            models.UniqueConstraint(
                fields=["batch", "activity"],
                condition=models.Q(activity__isnull=False),
                name="pars_one_line_per_activity_per_batch",
            ),
        ]
        indexes = [
            models.Index(
                fields=["claimed_credit"],
                condition=models.Q(claimed_credit__isnull=False),
                name="pars_record_credit",
            ),
            models.Index(
                fields=["activity"],
                condition=models.Q(activity__isnull=False),
                name="pars_record_activity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch} line {self.pk}"
