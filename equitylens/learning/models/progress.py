"""What a learner has done in each module."""

from __future__ import annotations

from django.db import models


class ModuleProgress(models.Model):
    """A module the learner has completed (one row per enrollment and module)."""

    enrollment = models.ForeignKey(
        "learning.Enrollment", on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.ForeignKey("learning.Module", on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "module"], name="one_progress_per_module"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment}: {self.module}"


class Reflection(models.Model):
    """The learner's answer to a reflection prompt. Private: only the learner ever sees it."""

    enrollment = models.ForeignKey(
        "learning.Enrollment", on_delete=models.CASCADE, related_name="reflections"
    )
    module = models.ForeignKey("learning.Module", on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "module"], name="one_reflection_per_module"
            ),
        ]

    def __str__(self) -> str:
        return f"Reflection {self.pk}"


class QuizAttempt(models.Model):
    """One try at a knowledge check or post-test."""

    enrollment = models.ForeignKey(
        "learning.Enrollment", on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    module = models.ForeignKey("learning.Module", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField()
    answers = models.JSONField(default=dict, help_text="question id → chosen choice id")
    score = models.PositiveSmallIntegerField(help_text="Percentage correct.")
    passed = models.BooleanField()
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enrollment", "module", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "module", "number"], name="quiz_attempt_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Attempt {self.number}: {self.score}%"
