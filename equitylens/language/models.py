"""The inclusive-language guide's versions and clinical-note audits run from the web app."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class GuideVersion(models.Model):
    """One saved state of the whole guide, as validated YAML. The newest is in use.

    Every edit in the back office, every import and every revert saves a new version, so
    the history is complete and any version can be exported or restored.
    """

    number = models.PositiveIntegerField(unique=True)
    yaml_text = models.TextField()
    entries = models.PositiveIntegerField()
    note = models.CharField(max_length=300, help_text="What changed, e.g. “Added ‘sickler’”.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Guide version {self.number}"


class AuditStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class NoteAudit(models.Model):
    """A clinical-note audit uploaded in the web app and run as a background task.

    `groups` are the patient-attribute columns compared; `reference` maps each group column
    to its reference value. Results (findings.parquet, summary.json, report.html) are
    written under `result_dir` (relative to MEDIA_ROOT); `summary` keeps summary.json.
    """

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="note_audits"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes_file = models.FileField(upload_to="language/audits/%Y/%m/")
    original_name = models.CharField(max_length=255)
    size_bytes = models.PositiveBigIntegerField()
    groups = models.JSONField(default=list)
    reference = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=AuditStatus.choices, default=AuditStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    error = models.TextField(blank=True)
    result_dir = models.CharField(max_length=255, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Note audit {self.pk} ({self.get_status_display()})"
