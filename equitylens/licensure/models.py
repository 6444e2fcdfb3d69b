"""State requirements for implicit-bias training at licence renewal (editable data)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models

from equitylens.catalog.models import CreditType


def default_credit_types() -> list[str]:
    return [CreditType.AMA_PRA_1.value, CreditType.NURSING.value]


class StateRequirement(models.Model):
    """One state's implicit-bias training requirement for one profession's licence renewal.

    Hours are counted over the renewal cycle (`cycle_years`). The shipped rows come from
    licensure/data/state_requirements.json; coordinators keep them current.
    """

    state = models.CharField(
        max_length=2, validators=[RegexValidator(r"^[A-Z]{2}$", "Use the 2-letter state code.")]
    )
    # accounts.Profession code: physician, nurse, other_clinician or other.
    profession = models.CharField(max_length=20)
    hours_required = models.DecimalField(
        max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.1"))]
    )
    cycle_years = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    description = models.TextField()
    source_url = models.URLField(max_length=500)
    accepted_credit_types = models.JSONField(default=default_credit_types)
    last_reviewed_on = models.DateField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["state", "profession"]
        constraints = [
            models.UniqueConstraint(
                fields=["state", "profession"], name="one_requirement_per_state_profession"
            ),
            models.CheckConstraint(
                condition=models.Q(hours_required__gt=0), name="requirement_hours_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(cycle_years__gt=0), name="requirement_cycle_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state} {self.profession}: {self.hours_required} h / {self.cycle_years} y"
