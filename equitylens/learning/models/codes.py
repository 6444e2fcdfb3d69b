"""Attendance verification codes and every attempt to enter one."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CodeKind(models.TextChoices):
    """A personal code belongs to one learner (by e-mail); a session code to everyone present."""

    PERSONAL = "personal", "Personal"
    SESSION = "session", "Session"


class CodeSource(models.TextChoices):
    COURSE_COMPLETION = "course_completion", "Issued on completing the online course"
    LMS_IMPORT = "lms_import", "Imported from an organization's LMS"
    LIVE_SESSION = "live_session", "Shown at a live session"


class AttendanceCode(models.Model):
    """A 6-letter code that verifies attendance (live) or completion (online)."""

    code = models.CharField(max_length=6, unique=True)
    activity = models.ForeignKey(
        "catalog.Activity", on_delete=models.PROTECT, related_name="attendance_codes"
    )
    kind = models.CharField(max_length=10, choices=CodeKind.choices)
    source = models.CharField(max_length=20, choices=CodeSource.choices)
    # Personal codes: whose code it is. Stored lower-case; matched to the signed-in learner.
    email = models.EmailField(blank=True)
    enrollment = models.ForeignKey(
        "learning.Enrollment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_codes",
    )
    # Session codes: what it was shown at (the live-sessions issue links a Session here).
    label = models.CharField(max_length=200, blank=True)
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "email"],
                condition=models.Q(kind="personal"),
                name="one_personal_code_per_learner",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class CodeEntryAttempt(models.Model):
    """One try at entering a code; failures drive the lockout (learning.services.code_entry)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    entered = models.CharField(max_length=40)
    succeeded = models.BooleanField()
    code = models.ForeignKey(
        AttendanceCode, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attempted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-attempted_at"]
        indexes = [
            models.Index(fields=["user", "attempted_at"]),
            models.Index(fields=["ip_address", "attempted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.entered} {'ok' if self.succeeded else 'wrong'}"
