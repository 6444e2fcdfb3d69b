"""Modules of an online (enduring) course, authored by the coordinator."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class ModuleKind(models.TextChoices):
    VIDEO = "video", "Video"
    READING = "reading", "Reading"
    REFLECTION = "reflection", "Reflection prompt"
    KNOWLEDGE_CHECK = "knowledge_check", "Knowledge check"
    POST_TEST = "post_test", "Post-test"


class Module(models.Model):
    """One step of an online course, shown in `position` order."""

    activity = models.ForeignKey(
        "catalog.Activity", on_delete=models.CASCADE, related_name="modules"
    )
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=ModuleKind.choices)
    title = models.CharField(max_length=200)
    required = models.BooleanField(default=True)
    # Reading text, or the introduction above a video, prompt or quiz (Markdown, sanitized).
    body = models.TextField(blank=True)
    # Video: a self-hosted file or an embed URL, captions (WebVTT) and a full transcript.
    video_file = models.FileField(upload_to="modules/video/", blank=True)
    video_url = models.URLField("embed URL", blank=True)
    captions_file = models.FileField(upload_to="modules/captions/", blank=True)
    transcript = models.TextField(blank=True)
    # Reflection prompt: the question the learner answers privately.
    prompt = models.TextField(blank=True)
    # Knowledge check / post-test.
    passing_score = models.PositiveSmallIntegerField(
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Percentage of questions answered correctly needed to pass.",
    )
    max_attempts = models.PositiveSmallIntegerField(
        default=3, help_text="How many tries a learner gets; 0 means unlimited."
    )

    class Meta:
        ordering = ["activity", "position"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "position"], name="module_position_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_quiz(self) -> bool:
        return self.kind in (ModuleKind.KNOWLEDGE_CHECK, ModuleKind.POST_TEST)


class Question(models.Model):
    """A multiple-choice question of a knowledge check or post-test (one correct choice)."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    explanation = models.TextField(blank=True, help_text="Shown after the learner answers.")

    class Meta:
        ordering = ["module", "position"]
        constraints = [
            models.UniqueConstraint(fields=["module", "position"], name="question_position_unique"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=400)
    correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["question", "position"]

    def __str__(self) -> str:
        return self.text
