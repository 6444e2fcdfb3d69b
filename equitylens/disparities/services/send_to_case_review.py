"""Sending a flagged disparity to a Health Equity M&M series as a topic idea.

The topic idea is written only from aggregate numbers of the run's result (outcome, group,
rate and CI, reference, difference, ratio, q-value, the rule): no row of the extract, no
date, no name of a person. It goes through the case-review intake (`submit_case`), which
scans it for identifiers like any submission. Sending the same row of the same run to the
same series twice — by anyone — gives back the one topic idea already created.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from equitylens.audit.services import log_action
from equitylens.casereview.models import Case, CaseSeries, SubmissionKind
from equitylens.casereview.services.access import can_submit
from equitylens.casereview.services.intake import IntakeError, submit_case
from equitylens.disparities.models import DisparityRun, RunStatus
from equitylens.disparities.services.forest import percent
from equitylens.disparities.services.runs import may_measure


class SendError(Exception):
    """The topic idea was not created; the message says why and what to do."""


def series_for_sending(user: Any, run: DisparityRun) -> list[CaseSeries]:
    """The Health Equity M&M series of the run's organization that `user` may submit to."""
    series = CaseSeries.objects.filter(organization_id=run.organization_id).order_by("title")
    return [s for s in series if can_submit(user, s)]


def flagged_row(run: DisparityRun, index: int) -> dict[str, Any]:
    """Row `index` of a done run's result, when it is flagged. Raises SendError otherwise."""
    rows = (run.result or {}).get("rows") or []
    if run.status != RunStatus.DONE or not 0 <= index < len(rows):
        raise SendError("That result row does not exist; reload the run's page.")
    row = rows[index]
    if not row.get("flag") or row.get("suppressed"):
        raise SendError("Only a flagged, unsuppressed disparity can be sent to case review.")
    return dict(row)


def _token(run: DisparityRun, index: int, series: CaseSeries) -> str:
    return f"disparities-run{run.pk}-row{index}-series{series.pk}"


def _number(value: Any, digits: int = 3) -> str:
    return "not available" if value is None else f"{float(value):.{digits}g}"


def _points(value: Any) -> str:
    return "not available" if value is None else f"{float(value) * 100:+.1f} percentage points"


def _rule_text(rule: Any) -> str:
    if isinstance(rule, dict):
        return "; ".join(f"{key}: {value}" for key, value in rule.items())
    return str(rule or "not stated")


def topic_text(run: DisparityRun, index: int) -> tuple[str, str]:
    """The (title, summary) of the topic idea for flagged row `index`: aggregate numbers only.

    Raises SendError when the row is missing, not flagged or suppressed.
    """
    row = flagged_row(run, index)
    result = run.result or {}
    reference = str(row.get("reference") or "")
    ref_row = next(
        (
            r
            for r in result.get("rows") or []
            if r.get("outcome") == row.get("outcome")
            and r.get("group_column") == row.get("group_column")
            and str(r.get("group")) == reference
        ),
        None,
    )
    ref_rate = percent(ref_row.get("rate")) if ref_row and not ref_row.get("suppressed") else None
    title = f"Disparity in {row['outcome']} for {row['group_column']} {row['group']}"[:200]
    lines = [
        "A disparity flagged by an Equity Lens measurement (aggregate numbers only; no "
        "patient-level data).",
        f"Outcome: {row['outcome']}.",
        f"Group: {row['group_column']} = {row['group']}; rate {percent(row.get('rate'))} "
        f"(95% CI {percent(row.get('ci_low'))} to {percent(row.get('ci_high'))}).",
        f"Reference group: {reference}" + (f"; rate {ref_rate}." if ref_rate else "."),
        f"Difference from the reference: {_points(row.get('difference'))} (95% CI "
        f"{_points(row.get('difference_ci_low'))} to {_points(row.get('difference_ci_high'))}).",
        f"Ratio to the reference: {_number(row.get('ratio'))} (95% CI "
        f"{_number(row.get('ratio_ci_low'))} to {_number(row.get('ratio_ci_high'))}).",
        f"q-value (Benjamini-Hochberg): {_number(row.get('q_value'))}.",
        f"Rule: {_rule_text(result.get('rule'))}",
    ]
    return title, "\n".join(lines)


def send_to_case_review(run: DisparityRun, index: int, series: CaseSeries, by: Any) -> Case:
    """Create (or give back) the topic idea for flagged row `index` in `series`.

    `by` must be allowed to measure for the run's organization and to submit to `series`,
    which must belong to the same organization (PermissionDenied otherwise). Raises
    SendError when the row cannot be sent or the intake refuses the text (its message).
    """
    if not may_measure(by, run.organization) or series.organization_id != run.organization_id:
        raise PermissionDenied("You can send only your organization's runs to its own series.")
    if not can_submit(by, series):
        raise PermissionDenied("You cannot submit topic ideas to this series.")
    title, summary = topic_text(run, index)
    token = _token(run, index, series)
    existing = Case.objects.filter(series=series, submission_token=token).first()
    if existing is not None:
        return existing
    try:
        case = submit_case(
            series,
            by,
            SubmissionKind.TOPIC,
            title,
            summary,
            name_hidden=False,
            confirmations=(),
            token=token,
        )
    except IntakeError as error:
        raise SendError(f"Case review did not accept the topic idea: {error}") from error
    log_action(by, "disparity_run.sent_to_case_review", run, row=index, case=case.pk)
    return case
