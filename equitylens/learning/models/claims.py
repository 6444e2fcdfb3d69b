"""Credit claims: what a learner claimed for one enrollment, per credit type."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CreditClaim(models.Model):
    """The learner's claim for one enrollment (one, ever); its lines are ClaimedCredit rows."""

    enrollment = models.OneToOneField(
        "learning.Enrollment", on_delete=models.PROTECT, related_name="claim"
    )
    # Copied from the enrollment so transcripts and reports filter without joins.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credit_claims"
    )
    activity = models.ForeignKey(
        "catalog.Activity", on_delete=models.PROTECT, related_name="credit_claims"
    )
    completed_on = models.DateField(help_text="The date the learner completed the activity.")
    claimed_at = models.DateTimeField(auto_now_add=True)
    # MOC: the learner agreed that completion data is reported to their boards (PARS).
    moc_consent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-completed_on", "-claimed_at"]

    def __str__(self) -> str:
        return f"{self.user} — {self.activity}"


class ClaimedCredit(models.Model):
    """One credit type and amount within a claim; MOC lines carry the board and board ID."""

    claim = models.ForeignKey(CreditClaim, on_delete=models.PROTECT, related_name="credits")
    credit_type = models.CharField(max_length=20)
    amount = models.DecimalField(max_digits=5, decimal_places=2)
    unit = models.CharField(max_length=10)
    board = models.CharField(max_length=10, blank=True)
    board_id = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["claim", "credit_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "credit_type"], name="one_line_per_credit_type"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="claimed_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.credit_type}"
