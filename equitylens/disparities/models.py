"""Disparity measurements run from the web app (uploads, background runs, results)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RunKind(models.TextChoices):
    MEASURE = "measure", "Disparities in outcomes"
    AUDIT = "audit", "Algorithm audit"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class DisparityRun(models.Model):
    """One measurement of an organization's uploaded extract, run as a background task.

    `options` holds what was chosen (groups, outcomes, references, reference rule,
    min cell, or for an audit: group, label, score, threshold); `result` the JSON output
    (rule, rows, indices) — aggregate numbers only, suppressed cells already null.
    """

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="disparity_runs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=RunKind.choices, default=RunKind.MEASURE)
    data_file = models.FileField(upload_to="disparities/uploads/%Y/%m/")
    original_name = models.CharField(max_length=255)
    size_bytes = models.PositiveBigIntegerField()
    options = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    upload_token = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "upload_token"],
                condition=~models.Q(upload_token=""),
                name="disparity_run_token_once",
            )
        ]

    def __str__(self) -> str:
        return f"Disparity run {self.pk} ({self.get_status_display()})"
