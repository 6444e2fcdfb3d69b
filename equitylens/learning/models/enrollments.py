"""An enrollment: one learner taking part in one activity, from start to claimed credit."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EnrollmentStatus(models.TextChoices):
    """The learner's path. Transitions and their rules: learning.services.enrollments.

    started → code_verified → evaluated → claimed. For online courses every required
    module must be complete before the personal code exists, so before code_verified.
    `evaluated` locks the participation record: later module work earns nothing more.
    """

    STARTED = "started", "In progress"
    CODE_VERIFIED = "code_verified", "Attendance verified"
    EVALUATED = "evaluated", "Evaluation submitted"
    CLAIMED = "claimed", "Credit claimed"


class Enrollment(models.Model):
    """One learner's participation in one activity — or, for a series, in one session."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrollments"
    )
    activity = models.ForeignKey(
        "catalog.Activity", on_delete=models.PROTECT, related_name="enrollments"
    )
    # Regularly scheduled series: credit is claimed per session attended, so a learner
    # has one enrollment per session of the series. Other activities: None.
    session = models.ForeignKey(
        "live.Session", null=True, blank=True, on_delete=models.PROTECT, related_name="enrollments"
    )
    status = models.CharField(
        max_length=20, choices=EnrollmentStatus.choices, default=EnrollmentStatus.STARTED
    )
    started_at = models.DateTimeField(auto_now_add=True)
    # The module the learner last opened, so "Resume" goes straight back to it.
    last_module = models.ForeignKey(
        "learning.Module", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    modules_completed_at = models.DateTimeField(null=True, blank=True)
    code_verified_at = models.DateTimeField(null=True, blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "activity"],
                condition=models.Q(session__isnull=True),
                name="one_enrollment_per_activity",
            ),
            models.UniqueConstraint(
                fields=["user", "session"],
                condition=models.Q(session__isnull=False),
                name="one_enrollment_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.activity}"

    @property
    def is_locked(self) -> bool:
        """After the evaluation is submitted the participation record cannot change."""
        return self.evaluated_at is not None
