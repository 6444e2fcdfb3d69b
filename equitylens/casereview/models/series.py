"""A Health Equity M&M series and its review body (the only people who see its cases)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

# VISION.md: the same framing questions for every case, by default these four.
DEFAULT_FRAMING_QUESTIONS = [
    "How has inequity played out in this case?",
    "What role did we have in perpetuating inequity?",
    "How do we ensure that individuals and systems can prevent this from happening in the future?",
    "Have we created the culture to allow this case to be addressed in real time?",
]


def default_framing_questions() -> list[str]:
    return list(DEFAULT_FRAMING_QUESTIONS)


class CaseSeries(models.Model):
    """An organization's equity case-conference series, under its QI / peer-review protection.

    `framing_questions` can be edited until the first case is submitted; from then on they
    are fixed (`framing_fixed_at`) so every case of the series is discussed the same way.
    `credit_activity` is the regularly scheduled series (RSS) activity whose sessions are
    the conference sessions, so attendance can earn credit. Closed cases are purged
    `retention_days` after closing, leaving de-identified counts (PurgedCase).
    """

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="case_series"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    goals = models.TextField(blank=True, help_text="What the group wants to achieve together.")
    ground_rules = models.TextField(
        blank=True, help_text="Agreed before the first session; every member acknowledges them."
    )
    ground_rules_version = models.PositiveIntegerField(
        default=1, help_text="Raised whenever goals or ground rules change."
    )
    framing_questions = models.JSONField(default=default_framing_questions)
    framing_fixed_at = models.DateTimeField(null=True, blank=True)
    credit_activity = models.ForeignKey(
        "catalog.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_series",
        help_text="The regularly scheduled series (RSS) activity its sessions belong to.",
    )
    retention_days = models.PositiveIntegerField(
        default=730, help_text="Closed cases are purged this many days after closing."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__name", "title"]
        verbose_name_plural = "case series"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "slug"], name="case_series_slug_unique_per_organization"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ReviewRole(models.TextChoices):
    FACILITATOR = "facilitator", "Facilitator"
    PRESENTER = "presenter", "Presenter"
    CONTENT_EXPERT = "content_expert", "Content expert"
    COMMITTEE_MEMBER = "committee_member", "Committee member"


class ReviewBodyMember(models.Model):
    """A person with a role in a series' review body. Removing someone sets `removed_at`
    (kept for the record); only current members see cases."""

    series = models.ForeignKey(CaseSeries, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_body_seats"
    )
    role = models.CharField(max_length=20, choices=ReviewRole.choices)
    qualifications = models.TextField(
        blank=True, help_text="For facilitators: training and experience in facilitation."
    )
    ground_rules_acknowledged_version = models.PositiveIntegerField(null=True, blank=True)
    ground_rules_acknowledged_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["role", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "user"], name="review_body_one_seat_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) in {self.series}"
