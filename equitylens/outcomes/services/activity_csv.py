"""An activity's CSV downloads: completions (with names) and evaluation answers (without)."""

from __future__ import annotations

from equitylens.catalog.models import Activity, CreditType
from equitylens.catalog.services.statements import format_credit_amount
from equitylens.learning.models import Enrollment, Evaluation
from equitylens.learning.services.evaluations import QUALITY_ITEMS
from equitylens.outcomes.services.csv_export import csv_document


def activity_completions_csv(activity: Activity) -> str:
    """One row per completion: learner, e-mail, profession, completed on, credit claimed.

    A completion is an enrollment whose evaluation is submitted; oldest first.
    """
    labels = dict(CreditType.choices)
    rows = []
    for enrollment in (
        Enrollment.objects.filter(activity=activity, evaluated_at__isnull=False)
        .select_related("user", "claim")
        .prefetch_related("claim__credits")
        .order_by("evaluated_at", "pk")
    ):
        claim = getattr(enrollment, "claim", None)
        assert enrollment.evaluated_at is not None
        completed_on = claim.completed_on if claim else enrollment.evaluated_at.date()
        credits = "; ".join(
            f"{format_credit_amount(c.amount)} {labels.get(c.credit_type, c.credit_type)}"
            for c in (claim.credits.all() if claim else [])
        )
        user = enrollment.user
        rows.append(
            (
                user.get_full_name() or user.email,
                user.email,
                user.get_profession_display(),
                completed_on.isoformat(),
                credits,
            )
        )
    return csv_document(("Name", "E-mail", "Profession", "Completed on", "Credit claimed"), rows)


def evaluation_answers_csv(activity: Activity) -> str:
    """One row per submitted evaluation, with no name, e-mail or id of the learner.

    Columns: a running number, the submission date, each objective's rating, intends
    to change, the change, the commitment, free of commercial bias, its explanation,
    each quality rating and the comments. Rows are in submission order; no column
    links a row to a learner.
    """
    objectives = list(activity.objectives.order_by("position"))
    header = [
        "Response",
        "Submitted on",
        *[f"Objective {o.position}: {o.text}" for o in objectives],
        "Intends to change",
        "Change",
        "Commitment",
        "Free of commercial bias",
        "Bias explanation",
        *[text for _, text in QUALITY_ITEMS],
        "Comments",
    ]
    rows = []
    for n, e in enumerate(
        Evaluation.objects.filter(enrollment__activity=activity).order_by("submitted_at", "pk"),
        start=1,
    ):
        rows.append(
            (
                n,
                e.submitted_at.date().isoformat(),
                *[e.objective_ratings.get(str(o.pk), "") for o in objectives],
                "Yes" if e.intends_to_change else "No",
                e.change_description,
                e.commitment,
                "Yes" if e.free_of_commercial_bias else "No",
                e.bias_explanation,
                *[e.quality_ratings.get(key, "") for key, _ in QUALITY_ITEMS],
                e.comments,
            )
        )
    return csv_document(header, rows)
