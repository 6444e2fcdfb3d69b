"""Conference sessions (also RSS sessions), their agenda, discussion themes, actions, survey."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from equitylens.casereview.models.cases import Case
from equitylens.casereview.models.series import CaseSeries
from equitylens.live.models import SessionMode


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    HELD = "held", "Held"


class ConferenceSession(models.Model):
    """One case conference. `live_session` is the session of the series' RSS activity, so
    the attendance code, roster and credit work as for any live session."""

    series = models.ForeignKey(CaseSeries, on_delete=models.PROTECT, related_name="conferences")
    live_session = models.OneToOneField(
        "live.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_conference",
    )
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, default="America/New_York")
    # Where it happens (the linked live session, when there is one, holds the same).
    mode = models.CharField(max_length=20, choices=SessionMode.choices, blank=True)
    location = models.TextField(blank=True)
    meeting_url = models.URLField(blank=True)
    status = models.CharField(
        max_length=20, choices=ConferenceStatus.choices, default=ConferenceStatus.PLANNED
    )
    started_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="conference_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"


class AgendaItem(models.Model):
    """A prepared case on a session's agenda, in order."""

    conference = models.ForeignKey(
        ConferenceSession, on_delete=models.CASCADE, related_name="agenda"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(default=0)
    presented_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "case"], name="agenda_case_once")
        ]

    def __str__(self) -> str:
        return f"{self.case} at {self.conference}"


class DiscussionTheme(models.Model):
    """A theme the facilitator recorded for one framing question of one case."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="themes")
    question_index = models.PositiveSmallIntegerField()
    text = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question_index", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Theme on question {self.question_index + 1} of {self.agenda_item.case}"


class ActionLevel(models.TextChoices):
    INTERPERSONAL = "interpersonal", "Interpersonal"
    INSTITUTIONAL = "institutional", "Institutional"
    SOCIETAL = "societal", "Societal"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class ActionItem(models.Model):
    """Something the organization will do because of a case. Reminders go to the owner
    before the due date and once after it if still not done (each sent once)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    level = models.CharField(max_length=20, choices=ActionLevel.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_actions"
    )
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    status_note = models.TextField(blank=True)
    reminder_before_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_after_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Action on {self.case} due {self.due_on}"


class SurveyResponse(models.Model):
    """The short post-session survey: one per member per session, anonymous in results."""

    conference = models.ForeignKey(
        ConferenceSession, on_delete=models.CASCADE, related_name="survey_responses"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    felt_safe = models.PositiveSmallIntegerField(help_text="1–5")
    useful = models.PositiveSmallIntegerField(help_text="1–5")
    will_change_practice = models.BooleanField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "respondent"], name="survey_once_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"Survey response for {self.conference}"
