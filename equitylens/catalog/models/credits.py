"""Credit offerings: which credit an activity offers, how much, and to whom."""

from __future__ import annotations

from django.db import models


class CreditType(models.TextChoices):
    AMA_PRA_1 = "ama_pra_1", "AMA PRA Category 1 Credit™"
    PARTICIPATION = "participation", "Attendance / participation"
    NURSING = "nursing", "Nursing contact hours (ANCC)"
    MOC_ABIM = "moc_abim", "ABIM MOC"
    MOC_ABA = "moc_aba", "ABA MOCA 2.0®"
    MOC_ABP = "moc_abp", "ABP MOC"
    MOC_ABPATH = "moc_abpath", "ABPath CC"
    MOC_ABS = "moc_abs", "ABS Continuous Certification"
    MOC_ABOS = "moc_abos", "ABOS MOC"
    MOC_ABOHNS = "moc_abohns", "ABOHNS Continuing Certification"
    MOC_ABTS = "moc_abts", "ABTS Continuous Certification"


MOC_BOARD_BY_CREDIT_TYPE: dict[str, str] = {
    CreditType.MOC_ABIM: "ABIM",
    CreditType.MOC_ABA: "ABA",
    CreditType.MOC_ABP: "ABP",
    CreditType.MOC_ABPATH: "ABPath",
    CreditType.MOC_ABS: "ABS",
    CreditType.MOC_ABOS: "ABOS",
    CreditType.MOC_ABOHNS: "ABOHNS",
    CreditType.MOC_ABTS: "ABTS",
}


class CreditUnit(models.TextChoices):
    CREDITS = "credits", "credits"
    POINTS = "points", "points"
    HOURS = "hours", "contact hours"


class CreditOffering(models.Model):
    """One credit type an activity offers, with its maximum and who may claim it."""

    activity = models.ForeignKey(
        "catalog.Activity", on_delete=models.CASCADE, related_name="credit_offerings"
    )
    credit_type = models.CharField(max_length=20, choices=CreditType.choices)
    amount = models.DecimalField(max_digits=5, decimal_places=2)
    unit = models.CharField(max_length=10, choices=CreditUnit.choices, default=CreditUnit.CREDITS)
    self_assessment = models.BooleanField(
        default=False, help_text="Counts as self-assessment (e.g. ABS, ABOHNS)."
    )
    # Profession codes (accounts.Profession) allowed to claim; empty means everyone.
    eligible_professions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["activity", "credit_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "credit_type"], name="one_offering_per_credit_type"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="credit_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.get_credit_type_display()}"

    @property
    def is_moc(self) -> bool:
        return self.credit_type in MOC_BOARD_BY_CREDIT_TYPE

    @property
    def board(self) -> str | None:
        return MOC_BOARD_BY_CREDIT_TYPE.get(self.credit_type)
