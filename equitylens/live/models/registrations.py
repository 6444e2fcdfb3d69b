"""Registrations: a learner's place (or place in line) at a session."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class RegistrationStatus(models.TextChoices):
    """registered ⇄ waitlisted → cancelled; rules in live.services.registration.

    A waitlisted learner is promoted, in the order they joined, when a place frees up.
    """

    REGISTERED = "registered", "Registered"
    WAITLISTED = "waitlisted", "On the waitlist"
    CANCELLED = "cancelled", "Cancelled"


class Registration(models.Model):
    """One learner at one session (one row per pair; cancelling and re-registering reuse it)."""

    session = models.ForeignKey(
        "live.Session", on_delete=models.PROTECT, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="registrations"
    )
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices)
    # Order on the waitlist: when the learner (last) asked for a place.
    queued_at = models.DateTimeField()
    accessibility_needs = models.TextField(blank=True)
    dietary_needs = models.TextField(blank=True)
    ground_rules_acknowledged_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, help_text="Marked by the facilitator.")
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    breakout_group = models.CharField(max_length=40, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "queued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="one_registration_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.session} ({self.status})"


class CalendarFeed(models.Model):
    """A learner's personal iCalendar feed; the secret token in its URL is the only key."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"


class SessionFeedback(models.Model):
    """The short post-session evaluation of a dialogue session (one per registration)."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(help_text="1 (poor) to 5 (excellent).")
    felt_safe = models.BooleanField(null=True, help_text="Did the space feel safe to speak?")
    comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Feedback {self.rating}/5"
