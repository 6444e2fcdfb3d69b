"""Case intake: the identifier scan a submission must pass, saving it, and the submitter's view.

A submission (a case or a topic idea) is scanned for HIPAA Safe Harbor identifiers on every
try; nothing is saved while a finding is neither fixed nor confirmed by the submitter.
Confirmations are matched to findings by (field, kind, matched text, occurrence), so editing
another part of the text keeps them, while a finding that is new must be confirmed anew. Only
the kind and offsets of confirmed findings are stored, never the text they matched.

Confidentiality: nothing here logs or e-mails a title or a summary. The facilitators' e-mail
says only that "a new case was submitted to <series>" and links to the case page.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from equitylens.casereview.models import (
    Case,
    CaseAccess,
    CaseSeries,
    CaseStatus,
    ReviewBodyMember,
    ReviewRole,
    SubmissionKind,
)
from equitylens.casereview.services.cases import record_submission
from equitylens.casereview.services.identifiers import (
    Finding,
    Kind,
    scan_combinations,
    scan_text,
)

TITLE_MIN, TITLE_MAX = 5, 200
SUMMARY_MIN, SUMMARY_MAX = 20, 20000
TITLE, SUMMARY = "title", "summary"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
NAME_WITHHELD = "Name withheld at the submitter's request"

# Short names of each kind, used in the numbered labels ("[1 name]") and the findings list.
KIND_LABELS: dict[str, str] = {
    Kind.NAME: "name",
    Kind.DATE: "date",
    Kind.AGE: "age over 89",
    Kind.PHONE: "phone number",
    Kind.FAX: "fax number",
    Kind.EMAIL: "e-mail address",
    Kind.SSN: "Social Security number",
    Kind.RECORD_NUMBER: "record number",
    Kind.OTHER_IDENTIFIER: "ID number",
    Kind.ADDRESS: "place or address",
    Kind.URL: "web address",
    Kind.IP_ADDRESS: "IP address",
    Kind.OTHER_NUMBER: "long number",
    Kind.COMBINATION: "details together",
}


@dataclass(frozen=True)
class ScanFinding:
    """A finding of the scan in one field of the submission.

    `key` identifies it across tries: field, kind, a digest of the matched text and its
    occurrence among equal findings — not its offsets, so edits elsewhere keep it.
    """

    field: str
    finding: Finding
    occurrence: int
    key: str
    number: int

    @property
    def is_combination(self) -> bool:
        return self.finding.kind is Kind.COMBINATION

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.finding.kind, str(self.finding.kind))

    @property
    def label(self) -> str:
        """The numbered label shown in the highlighted text, e.g. "[1 name]"."""
        return f"[{self.number} {self.kind_label}]"


def _key(field_name: str, finding: Finding, occurrence: int) -> str:
    digest = hashlib.sha256(f"{field_name}\0{finding.kind}\0{finding.text}".encode()).hexdigest()[
        :16
    ]
    return f"{field_name}.{finding.kind}.{occurrence}.{digest}"


def normalise_text(text: str) -> str:
    """The text as it is scanned and stored: line breaks as \\n, no outer spaces.
    (Browsers send textarea line breaks as CRLF; offsets are into the stored text.)"""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def scan_submission(title: str, text: str) -> list[ScanFinding]:
    """Every finding in the title and the text (as they will be stored: line breaks
    normalised, outer spaces removed), numbered 1… in order: single identifiers of the
    title, then of the text, then the combination findings."""
    raw: list[tuple[str, Finding]] = []
    combos: list[tuple[str, Finding]] = []
    for field_name, value in ((TITLE, normalise_text(title)), (SUMMARY, normalise_text(text))):
        raw += [(field_name, f) for f in scan_text(value)]
        combos += [(field_name, f) for f in scan_combinations(value)]
    result: list[ScanFinding] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, (field_name, finding) in enumerate(raw + combos, start=1):
        ident = (field_name, str(finding.kind), finding.text)
        occurrence = seen.get(ident, 0)
        seen[ident] = occurrence + 1
        result.append(
            ScanFinding(
                field=field_name,
                finding=finding,
                occurrence=occurrence,
                key=_key(field_name, finding, occurrence),
                number=number,
            )
        )
    return result


class IntakeError(Exception):
    """The submission cannot be saved.

    `errors` maps a field (kind, title, summary, findings; "expired" for a bad form
    token) to a message naming the fix; `findings` is the full scan and `unconfirmed`
    the findings still to fix or confirm."""

    def __init__(
        self,
        errors: dict[str, str],
        findings: list[ScanFinding],
        unconfirmed: list[ScanFinding] | None = None,
    ) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors
        self.findings = findings
        self.unconfirmed = unconfirmed or []


def new_submission_token() -> str:
    """A one-time token for one rendering of the intake form (double-submit guard)."""
    return secrets.token_urlsafe(32)


def _field_errors(kind: str, title: str, summary: str, token: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in SubmissionKind.values:
        errors["kind"] = "Choose whether you are submitting a case or a topic idea."
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        errors["title"] = (
            f"Give a title of {TITLE_MIN} to {TITLE_MAX} characters; it has {len(title)}."
        )
    if not SUMMARY_MIN <= len(summary) <= SUMMARY_MAX:
        errors["summary"] = (
            f"Describe what happened in {SUMMARY_MIN} to {SUMMARY_MAX:,} characters; "
            f"it has {len(summary):,}."
        )
    if not _TOKEN.fullmatch(token or ""):
        errors["expired"] = "This form had expired. Check your text and submit it again."
    return errors


def _findings_message(findings: list[ScanFinding], unconfirmed: list[ScanFinding]) -> str:
    total = len(findings)
    noun = "identifier" if total == 1 else "identifiers"
    message = f"{total} possible {noun} found — fix them or confirm each one"
    if len(unconfirmed) != total:
        message += f" ({len(unconfirmed)} still to fix or confirm)"
    return message + "."


def _next_number(series: CaseSeries) -> int:
    """One more than any number the series ever used: its cases, and — because purged
    cases are deleted — the case numbers kept in the access log."""
    top_case = Case.objects.filter(series=series).aggregate(top=Max("number"))["top"] or 0
    top_logged = (
        CaseAccess.objects.filter(series_id=series.pk).aggregate(top=Max("case_number"))["top"] or 0
    )
    return max(top_case, top_logged) + 1


def _existing(by: Any, token: str) -> Case | None:
    return Case.objects.filter(submitted_by=by, submission_token=token).first()


def submit_case(
    series: CaseSeries,
    by: Any,
    kind: str,
    title: str,
    summary: str,
    name_hidden: bool,
    confirmations: Iterable[str],
    token: str,
) -> Case:
    """Save a submission to `series` by the signed-in user `by`; return the case.

    The title and summary are scanned again here (never trust the client). Raises
    IntakeError — nothing saved — when a field is invalid (title 5–200 characters, text
    20–20,000, kind a case or a topic idea, a well-formed form token) or any finding is
    neither gone nor listed in `confirmations` (finding keys). The same user posting the
    same `token` again gets the case already saved (double submit, retry, two tabs).

    In one transaction: locks the series row, gives the case the series' next number,
    fixes the series' framing questions with its first case, creates the case
    (status submitted, confirmed findings as kind/field/offsets only), logs "" →
    submitted, and after commit e-mails the series' facilitators a link (no content).
    """
    if not getattr(by, "is_authenticated", False):
        raise ValueError("Only a signed-in member can submit a case.")
    title, summary = normalise_text(title), normalise_text(summary)
    if _TOKEN.fullmatch(token or "") and (case := _existing(by, token)) is not None:
        return case
    findings = scan_submission(title, summary)
    confirmed = set(confirmations)
    unconfirmed = [f for f in findings if f.key not in confirmed]
    errors = _field_errors(kind, title, summary, token)
    if unconfirmed:
        errors["findings"] = _findings_message(findings, unconfirmed)
    if errors:
        raise IntakeError(errors, findings, unconfirmed)
    stored = [
        {
            "kind": str(f.finding.kind),
            "field": f.field,
            "start": f.finding.start,
            "end": f.finding.end,
        }
        for f in findings
    ]
    try:
        with transaction.atomic():
            locked = CaseSeries.objects.select_for_update().get(pk=series.pk)
            # Re-check under the lock: a concurrent post of the same form may have won.
            if (case := _existing(by, token)) is not None:
                return case
            if locked.framing_fixed_at is None:
                locked.framing_fixed_at = timezone.now()
                locked.save(update_fields=["framing_fixed_at"])
            case = Case.objects.create(
                series=locked,
                number=_next_number(locked),
                kind=kind,
                title=title,
                summary=summary,
                submitted_by=by,
                name_hidden=bool(name_hidden),
                confirmed_findings=stored,
                status=CaseStatus.SUBMITTED,
                submission_token=token,
            )
            record_submission(case, by)
            series_id, number = locked.pk, case.number
            transaction.on_commit(lambda: deliver_new_case_mail.enqueue(series_id, number))
    except IntegrityError:
        # The unique token won a race the lock did not serialise: the case exists.
        case_or_none = _existing(by, token)
        if case_or_none is None:
            raise
        return case_or_none
    series.framing_fixed_at = locked.framing_fixed_at
    return case


@task
def deliver_new_case_mail(series_id: int, number: int) -> None:
    """E-mail each current facilitator of the series that a case arrived, with a link to
    it. Deliberately no title, no text, no submitter: the page shows those to the
    review body after sign-in."""
    series = CaseSeries.objects.filter(pk=series_id).first()
    if series is None:
        return
    link = settings.SITE_URL + reverse("casereview:case", args=[series.pk, number])
    subject = f"A new case was submitted to {series.title}"
    body = (
        f"A new case was submitted to {series.title}.\n\n"
        f"Open it (review body only, sign-in required):\n{link}\n\n"
        "This message holds no case details on purpose: cases are confidential "
        "quality-improvement / peer-review documents. Do not forward case content by e-mail.\n"
    )
    for address in facilitator_addresses(series):
        send_mail(subject, body, None, [address])


def facilitator_addresses(series: CaseSeries) -> list[str]:
    """E-mail addresses of the series' current facilitators."""
    seats = ReviewBodyMember.objects.filter(
        series=series, role=ReviewRole.FACILITATOR, removed_at__isnull=True
    ).select_related("user")
    return sorted({seat.user.email for seat in seats if seat.user.email})


# --- What the submitter and the review body see ------------------------------------------


def submitter_label(case: Case) -> str:
    """How the review body sees who submitted `case`: the name, or a note that it is
    withheld at the submitter's request (or that the account is gone)."""
    if case.name_hidden:
        return NAME_WITHHELD
    if case.submitted_by is None:
        return "Someone no longer registered"
    user: Any = case.submitted_by
    return str(getattr(user, "display_name", "") or user.email)


def submissions_of(user: Any) -> QuerySet[Case]:
    """The user's own submissions, newest first."""
    return Case.objects.filter(submitted_by=user).select_related("series", "merged_into")


def submission_of(user: Any, case_id: int) -> Case | None:
    """The submission `case_id` if `user` submitted it, else None."""
    return submissions_of(user).filter(pk=case_id).first()


@dataclass(frozen=True)
class StatusChange:
    """One line of the status history a submitter sees: no actor, and a reason only
    for a decline."""

    status: str
    label: str
    at: Any
    reason: str = field(default="")


def status_history(case: Case) -> list[StatusChange]:
    """The dates of the case's status changes, oldest first, for its submitter."""
    return [
        StatusChange(
            status=t.to_status,
            label=CaseStatus(t.to_status).label,
            at=t.created_at,
            reason=t.reason if t.to_status == CaseStatus.DECLINED else "",
        )
        for t in case.transitions.all()
    ]
