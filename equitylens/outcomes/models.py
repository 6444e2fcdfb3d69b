"""Commitment-to-change follow-up: N days after the claim we ask how far the change went."""

from __future__ import annotations

import secrets

from django.db import models


def new_follow_up_token() -> str:
    return secrets.token_urlsafe(32)


class FollowUpExtent(models.TextChoices):
    """How far the learner made the change they committed to."""

    FULLY = "fully", "Fully"
    PARTLY = "partly", "Partly"
    NOT_YET = "not_yet", "Not yet"
    NOT_APPLICABLE = "not_applicable", "Not applicable any more"


class CommitmentFollowUp(models.Model):
    """One follow-up question about one evaluation's commitment statement.

    States: due (created, sent_at empty) → sent (sent_at set, once) → answered
    (responded_at set, once). The token in the e-mailed link is the only key.
    """

    evaluation = models.OneToOneField(
        "learning.Evaluation", on_delete=models.CASCADE, related_name="follow_up"
    )
    token = models.CharField(max_length=64, unique=True, default=new_follow_up_token)
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    extent = models.CharField(max_length=20, choices=FollowUpExtent.choices, blank=True)
    barriers = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["sent_at", "due_at"])]

    def __str__(self) -> str:
        return f"Follow-up on evaluation {self.evaluation_id}"
