"""Activities: one accredited educational offering each."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse


class ActivityFormat(models.TextChoices):
    """ACCME activity types used by the product."""

    LIVE_COURSE = "live_course", "Live course (in person)"
    INTERNET_LIVE = "internet_live", "Internet live course (webinar)"
    RSS = "rss", "Regularly scheduled series"
    ENDURING = "enduring", "Enduring material (self-paced online)"


class ActivityStatus(models.TextChoices):
    """Lifecycle; transitions and their rules live in catalog.services.lifecycle."""

    IN_DEVELOPMENT = "in_development", "In development"
    OPEN = "open", "Open for registration"
    CLOSED = "closed", "Closed"
    EXPIRED = "expired", "Expired"


class Audience(models.TextChoices):
    PUBLIC = "public", "Public"
    MEMBERS = "members", "Members of the provider only"
    INTERNAL = "internal", "Internal to selected organizations"


class Topic(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    """An accredited activity: what the catalog shows and what credit is claimed against."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.CharField(max_length=300, help_text="One or two sentences for the catalog.")
    description = models.TextField(blank=True)
    target_audience = models.TextField(
        blank=True, help_text="Who the activity is for, e.g. onboarding clinicians."
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="activities")
    format = models.CharField(max_length=20, choices=ActivityFormat.choices)
    duration_minutes = models.PositiveIntegerField(
        help_text="Length of the educational content in minutes."
    )
    status = models.CharField(
        max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.IN_DEVELOPMENT
    )
    # Live activities: first and last day. Enduring material: release and expiration date
    # (the approval period, at most three years).
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.PUBLIC)
    internal_organizations = models.ManyToManyField(
        "accounts.Organization", blank=True, related_name="internal_activities"
    )
    provider = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="provided_activities"
    )
    joint_provider = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jointly_provided_activities",
    )
    bookable_privately = models.BooleanField(
        default=False, help_text="Organizations may request a private session of this activity."
    )
    attendance_code_days = models.PositiveSmallIntegerField(
        default=30,
        help_text="Days after a live session starts during which its attendance code works.",
    )
    contact_name = models.CharField(max_length=120)
    contact_email = models.EmailField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["status", "audience"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalog:activity", kwargs={"slug": self.slug})

    @property
    def is_enduring(self) -> bool:
        return self.format == ActivityFormat.ENDURING

    @property
    def duration_hours(self) -> Decimal:
        return (Decimal(self.duration_minutes) / Decimal(60)).quantize(Decimal("0.01"))

    def is_open_on(self, day: date) -> bool:
        """Open for registration/participation on `day` (status open and within its dates)."""
        if self.status != ActivityStatus.OPEN:
            return False
        if self.starts_on and self.is_enduring and day < self.starts_on:
            return False
        last_day = self.last_day
        return not (last_day and day > last_day)

    @property
    def last_day(self) -> date | None:
        """The expiration date of enduring material; the last (or only) day of a live one."""
        if self.is_enduring:
            return self.ends_on
        return self.ends_on or self.starts_on


class LearningObjective(models.Model):
    """What learners will be able to do; the evaluation asks about each, in order."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="objectives")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=400)

    class Meta:
        ordering = ["activity", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "position"], name="objective_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.text
