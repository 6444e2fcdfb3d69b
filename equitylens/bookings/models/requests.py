"""Private workshop bookings: an organization asks for a session for its own people."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BookingStatus(models.TextChoices):
    """requested → proposed → confirmed → delivered → closed; or declined / cancelled.

    Transitions, their rules and the e-mail each sends: bookings.services.transitions.
    """

    REQUESTED = "requested", "Requested"
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"
    DELIVERED = "delivered", "Delivered"
    CLOSED = "closed", "Closed"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"


class BookingRequest(models.Model):
    """An organization admin's request for a private session of a bookable activity."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="booking_requests"
    )
    activity = models.ForeignKey(
        "catalog.Activity", on_delete=models.PROTECT, related_name="booking_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="booking_requests"
    )
    status = models.CharField(
        max_length=20, choices=BookingStatus.choices, default=BookingStatus.REQUESTED
    )
    mode = models.CharField(
        max_length=20, choices=[("in_person", "In person"), ("virtual", "Virtual")]
    )
    address = models.TextField(blank=True, help_text="Where, for an in-person workshop.")
    time_zone = models.CharField(max_length=64, default="America/New_York")
    expected_participants = models.PositiveIntegerField()
    notes = models.TextField(blank=True)
    # The coordinator's proposal: one slot (start, end) and a facilitator.
    proposed_starts_at = models.DateTimeField(null=True, blank=True)
    proposed_ends_at = models.DateTimeField(null=True, blank=True)
    proposed_facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposed_bookings",
    )
    # Created on confirmation: the private session the organization's members join.
    session = models.OneToOneField(
        "live.Session", null=True, blank=True, on_delete=models.PROTECT, related_name="booking"
    )
    reason = models.TextField(blank=True, help_text="Why it was declined or cancelled.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organization} — {self.activity} ({self.get_status_display()})"


class PreferredSlot(models.Model):
    """One of the (three) date/time slots the organization would like, in order."""

    request = models.ForeignKey(BookingRequest, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField()

    class Meta:
        ordering = ["request", "position"]
        constraints = [
            models.UniqueConstraint(fields=["request", "position"], name="slot_position_unique"),
        ]

    def __str__(self) -> str:
        return f"Slot {self.position}: {self.starts_at:%Y-%m-%d %H:%M}"
