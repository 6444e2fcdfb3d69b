"""Sessions: an activity happening at a date and time, in a room or online."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


class SessionMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIRTUAL = "virtual", "Virtual (online meeting)"


class SessionStatus(models.TextChoices):
    """scheduled → cancelled (with a reason); rules in live.services.sessions."""

    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)


class Session(models.Model):
    """One occurrence of a live, internet-live or series activity.

    Times are stored in UTC; `time_zone` is where the session happens (an IANA name such
    as America/Chicago) and is how its times are written for everyone, with the viewer's
    own time zone alongside when it differs.
    """

    activity = models.ForeignKey(
        "catalog.Activity", on_delete=models.PROTECT, related_name="sessions"
    )
    title = models.CharField(
        max_length=200, blank=True, help_text="Optional, e.g. “March: Language access”."
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, default="America/New_York")
    mode = models.CharField(max_length=20, choices=SessionMode.choices)
    location = models.TextField(blank=True, help_text="Address, for in-person sessions.")
    meeting_url = models.URLField(blank=True, help_text="Shown only to registered learners.")
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: no limit.")
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_sessions"
    )
    status = models.CharField(
        max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    cancel_reason = models.TextField(blank=True)
    # Private workshop sessions (bookings): visible and open only to this organization's
    # members; the invitation link carries the token.
    private_to = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="private_sessions",
    )
    invitation_token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    # The attendance code learners enter at (or after) this session.
    attendance_code = models.OneToOneField(
        "learning.AttendanceCode",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="session",
    )
    # Dialogue series: curated pre-reading or video, published a week before.
    pre_reading_title = models.CharField(max_length=200, blank=True)
    pre_reading_url = models.URLField(blank=True)
    pre_reading_text = models.TextField(blank=True)
    # Listed among the community of practice's events.
    community_event = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["activity", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.activity.title}, {self.starts_at:%Y-%m-%d}"


class SeriesSettings(models.Model):
    """Settings shared by every session of a series activity (dialogue series included)."""

    activity = models.OneToOneField(
        "catalog.Activity", on_delete=models.CASCADE, related_name="series_settings"
    )
    is_dialogue = models.BooleanField(
        default=False, help_text="A facilitated dialogue: ground rules, pre-reading, breakouts."
    )
    default_capacity = models.PositiveIntegerField(null=True, blank=True)
    ground_rules = models.TextField(
        blank=True, help_text="Norms every registrant acknowledges before registering."
    )

    def __str__(self) -> str:
        return f"Series settings of {self.activity}"
