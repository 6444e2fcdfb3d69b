"""Cases (and topic ideas) submitted to a series, their case file and their state log."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from equitylens.casereview.models.series import CaseSeries


class SubmissionKind(models.TextChoices):
    CASE = "case", "A case"
    TOPIC = "topic", "A topic idea"


class CaseStatus(models.TextChoices):
    """The allowed moves are in services.cases.TRANSITIONS, each with its rule."""

    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    SELECTED = "selected", "Selected for a session"
    DECLINED = "declined", "Declined"
    MERGED = "merged", "Merged into another case"
    PREPARED = "prepared", "Prepared"
    PRESENTED = "presented", "Presented"
    ACTIONS_OPEN = "actions_open", "Actions open"
    CLOSED = "closed", "Closed"


class FactorLevel(models.TextChoices):
    INTERPERSONAL = "interpersonal", "Interpersonal"
    INSTITUTIONAL = "institutional", "Institutional"
    STRUCTURAL = "structural", "Structural"


# Equity-factor tags offered on the case file (stored as keys in Case.equity_tags).
EQUITY_TAGS: list[tuple[str, str]] = [
    ("race_ethnicity", "Race and ethnicity"),
    ("language", "Language and interpreter access"),
    ("disability", "Disability"),
    ("insurance", "Insurance and cost"),
    ("housing", "Housing"),
    ("immigration", "Immigration status"),
    ("gender_identity", "Gender identity"),
    ("sexual_orientation", "Sexual orientation"),
    ("age", "Age"),
    ("religion", "Religion"),
    ("substance_use", "Substance use"),
    ("mental_health", "Mental health"),
    ("body_size", "Body size"),
    ("incarceration", "Incarceration"),
    ("geography", "Rural or geographic access"),
    ("health_literacy", "Health literacy"),
]


class Case(models.Model):
    """One submission to a series: a case or a topic idea.

    The submitter may hide their name from the review body (`name_hidden`); the submitter
    themselves only ever sees the status. Case-file fields are filled by the review body;
    `source_references` points into source systems (EHR encounter IDs, safety-event IDs)
    instead of copying the record. `number` is the case's number within its series.
    """

    series = models.ForeignKey(CaseSeries, on_delete=models.PROTECT, related_name="cases")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=SubmissionKind.choices)
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="What happened, de-identified.")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_cases",
    )
    name_hidden = models.BooleanField(
        default=False, help_text="The review body does not see who submitted it."
    )
    # Findings of the identifier scan the submitter confirmed as not identifying:
    # [{"kind": "...", "start": n, "end": n}] — offsets only, never the text itself.
    confirmed_findings = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=20, choices=CaseStatus.choices, default=CaseStatus.SUBMITTED
    )
    decline_reason = models.TextField(blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_cases"
    )
    # The case file.
    clinical_narrative = models.TextField(blank=True)
    counter_narrative = models.TextField(
        blank=True, help_text="The social and structural drivers behind the clinical story."
    )
    root_cause_analysis = models.TextField(blank=True, help_text="Equity-framed root causes.")
    equity_tags = models.JSONField(default=list, blank=True)
    source_references = models.TextField(
        blank=True,
        help_text="References into source systems, one per line, e.g. “EHR encounter 48213”.",
    )
    # Facilitator preparation.
    key_issues = models.TextField(blank=True)
    discussion_questions = models.TextField(blank=True)
    concerns = models.TextField(blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Idempotency: the intake form's one-time token, so a double submit makes one case.
    submission_token = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "number"], name="case_number_unique_per_series"
            ),
            models.UniqueConstraint(
                fields=["submitted_by", "submission_token"],
                condition=~models.Q(submission_token=""),
                name="case_submission_token_once",
            ),
        ]

    def __str__(self) -> str:
        # Deliberately no title: __str__ ends up in logs.
        return f"Case {self.number} of {self.series}"


class CaseFactor(models.Model):
    """A contributing factor found in the root-cause analysis, with its level."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="factors")
    description = models.TextField()
    level = models.CharField(max_length=20, choices=FactorLevel.choices)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} factor of {self.case}"


class CaseTransition(models.Model):
    """One state change of a case: who, when, from, to and why. Never edited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case}: {self.from_status or '—'} → {self.to_status}"


class PurgedCase(models.Model):
    """What is left of a closed case after the retention period: de-identified counts only."""

    series = models.ForeignKey(CaseSeries, on_delete=models.CASCADE, related_name="purged_cases")
    kind = models.CharField(max_length=10, choices=SubmissionKind.choices)
    equity_tags = models.JSONField(default=list)
    factor_levels = models.JSONField(default=list)
    action_levels = models.JSONField(default=list)
    # The state it ended in (closed, declined, merged) and its actions' final statuses,
    # so counts by state do not change when a case is purged. Empty on rows from before.
    final_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    action_statuses = models.JSONField(default=list)
    submitted_year = models.PositiveIntegerField()
    closed_year = models.PositiveIntegerField()
    days_to_close = models.PositiveIntegerField()
    purged_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Purged case of {self.series} (closed {self.closed_year})"
