"""The evaluation: a standard CME template, extended per activity by the coordinator."""

from __future__ import annotations

from django.db import models


class QuestionKind(models.TextChoices):
    SCALE = "scale", "Rating, 1 to 5"
    YES_NO = "yes_no", "Yes / no"
    TEXT = "text", "Free text"


class EvaluationQuestion(models.Model):
    """A question the coordinator adds after the standard template's items."""

    activity = models.ForeignKey(
        "catalog.Activity", on_delete=models.CASCADE, related_name="evaluation_questions"
    )
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=400)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["activity", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "position"], name="evaluation_question_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Evaluation(models.Model):
    """A learner's submitted evaluation: one per enrollment, never edited after submission."""

    enrollment = models.OneToOneField(
        "learning.Enrollment", on_delete=models.PROTECT, related_name="evaluation"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    # Learning objective id (as text) → 1..5 ("not at all" … "completely").
    objective_ratings = models.JSONField(default=dict)
    intends_to_change = models.BooleanField()
    change_description = models.TextField(blank=True)
    # Optional commitment-to-change statement, used for follow-up months later.
    commitment = models.TextField(blank=True)
    free_of_commercial_bias = models.BooleanField()
    bias_explanation = models.TextField(blank=True)
    # Standard quality item key → 1..5.
    quality_ratings = models.JSONField(default=dict)
    # EvaluationQuestion id (as text) → answer (int 1..5, bool, or text).
    extra_answers = models.JSONField(default=dict, blank=True)
    comments = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Evaluation of {self.enrollment}"
