"""Writing a case's file and the facilitator's preparation: the rules and the one transaction.

The case file (clinical narrative, counter-narrative, equity-framed root-cause analysis,
factors with their level, equity-factor tags, references into source systems) is written by
the review body's editors; the preparation (key issues, questions, concerns) by a facilitator.
Both are checked for HIPAA Safe Harbor identifiers: a finding is a warning the writer must
fix or knowingly accept ("save anyway"), never a silent pass. A form that was opened before
someone else saved the case is refused, so nobody overwrites a colleague's work unseen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from equitylens.casereview.models import (
    EQUITY_TAGS,
    Case,
    CaseFactor,
    CaseStatus,
    FactorLevel,
)
from equitylens.casereview.services.cases import CaseTransitionError, transition
from equitylens.casereview.services.identifiers import Finding, scan_text

# A closed, declined or merged case is a record: reopen it to change its file.
LOCKED_STATUSES = (CaseStatus.CLOSED, CaseStatus.DECLINED, CaseStatus.MERGED)
NARRATIVE_MAX = 20_000
FACTOR_MAX = 1_000
REFERENCE_MAX = 200
REFERENCES_MAX_LINES = 50
EMPTY_FACTOR_ROWS = 3
TAG_LABELS = dict(EQUITY_TAGS)

NARRATIVE_FIELDS: dict[str, str] = {
    "clinical_narrative": "Clinical narrative",
    "counter_narrative": "Counter-narrative: social and structural drivers",
    "root_cause_analysis": "Equity-framed root-cause analysis",
}
PREPARATION_FIELDS: dict[str, str] = {
    "key_issues": "Key health-equity issues",
    "discussion_questions": "Questions for discussion",
    "concerns": "Concerns",
}

# "EHR encounter 48213", "Safety event SE-2291", "Incident report #IR-77": a system named
# in a few words, then one identifier with at least one digit. No sentences.
_REFERENCE = re.compile(
    r"^[A-Za-z][A-Za-z0-9&/()'.-]*(?:\s+[A-Za-z][A-Za-z0-9&/()'.-]*){0,4}\s*[:#]?\s*"
    r"#?[A-Za-z0-9][A-Za-z0-9._/-]*\d[A-Za-z0-9._/-]*$"
)


# A patient's own numbers identify the patient, not an event: never a reference.
_PATIENT_NUMBER = re.compile(
    r"^\s*(?:MRN|medical record|patient (?:id|number)|SSN|social security|member id|"
    r"insurance id|health plan)",
    re.IGNORECASE,
)


class CaseFileError(ValueError):
    """Nothing was saved. `errors` maps a field name (or "factor-N", "__all__") to a message
    that names the problem and the fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class FactorRow:
    """One row of the factors table: an existing factor (`factor_id`) or a new one."""

    description: str = ""
    level: str = ""
    factor_id: int | None = None
    delete: bool = False


@dataclass
class CaseFileData:
    """What the case-file form sends, already parsed from the request."""

    clinical_narrative: str = ""
    counter_narrative: str = ""
    root_cause_analysis: str = ""
    factors: list[FactorRow] = field(default_factory=list)
    equity_tags: list[str] = field(default_factory=list)
    source_references: str = ""
    seen_updated_at: str = ""
    save_anyway: bool = False


def is_locked(case: Case) -> bool:
    """True when the case's file and preparation can no longer be changed."""
    return case.status in LOCKED_STATUSES


def locked_message(case: Case) -> str:
    return (
        f"This case is {case.get_status_display().lower()}, so its file cannot be changed. "
        "A facilitator can reopen it with a reason."
    )


def version_of(case: Case) -> str:
    """The token a form carries to detect that someone else saved in between."""
    return case.updated_at.isoformat()


def stale_message(case: Case) -> str:
    saved = timezone.localtime(case.updated_at).strftime("%H:%M")
    return f"Someone else saved this case file at {saved}; reload to see their changes."


def findings_by_field(texts: dict[str, str]) -> dict[str, list[Finding]]:
    """The identifier scan of each non-empty text, only for texts with findings."""
    found = {name: scan_text(text) for name, text in texts.items() if text.strip()}
    return {name: findings for name, findings in found.items() if findings}


@dataclass(frozen=True)
class Piece:
    """A run of text, highlighted when `finding` is set (for showing scan warnings)."""

    text: str
    finding: Finding | None = None


def highlighted(text: str, findings: list[Finding]) -> list[Piece]:
    """`text` cut into plain and flagged pieces, in order, so a template can mark findings."""
    pieces: list[Piece] = []
    at = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < at:
            continue
        if finding.start > at:
            pieces.append(Piece(text[at : finding.start]))
        pieces.append(Piece(text[finding.start : finding.end], finding))
        at = finding.end
    if at < len(text):
        pieces.append(Piece(text[at:]))
    return pieces


def reference_lines(text: str) -> list[str]:
    """The non-empty lines of a references field, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _check_references(text: str, errors: dict[str, str]) -> str:
    lines = reference_lines(text)
    if len(lines) > REFERENCES_MAX_LINES:
        errors["source_references"] = (
            f"List at most {REFERENCES_MAX_LINES} references; you listed {len(lines)}."
        )
        return ""
    for number, line in enumerate(lines, start=1):
        if len(line) > REFERENCE_MAX:
            errors["source_references"] = (
                f"Reference {number} is {len(line)} characters; a reference is at most "
                f"{REFERENCE_MAX} (a system and an ID, e.g. “EHR encounter 48213”)."
            )
            return ""
        if _PATIENT_NUMBER.match(line):
            errors["source_references"] = (
                f"Reference {number} points to the patient, not to an event. Refer to the "
                "encounter or the safety event (e.g. “EHR encounter 48213”), never to the "
                "patient's record, member or Social Security number."
            )
            return ""
        if not _REFERENCE.match(line):
            errors["source_references"] = (
                f"Reference {number} (“{line[:40]}”) is not a reference. Write the system and "
                "its ID only, e.g. “EHR encounter 48213” or “Safety event SE-2291”; put the "
                "story in the narratives."
            )
            return ""
    return "\n".join(lines)


def _check_factors(case: Case, rows: list[FactorRow], errors: dict[str, str]) -> list[FactorRow]:
    existing = set(case.factors.values_list("pk", flat=True))
    kept: list[FactorRow] = []
    levels = set(FactorLevel.values)
    for number, row in enumerate(rows, start=1):
        key = f"factor-{number}"
        description = row.description.strip()
        if row.factor_id is not None and row.factor_id not in existing:
            errors[key] = f"Factor {number} is not part of this case; reload the page."
            continue
        if row.delete:
            kept.append(FactorRow(description, row.level, row.factor_id, delete=True))
            continue
        if not description and not row.level:
            if row.factor_id is not None:
                errors[key] = (
                    f"Factor {number}: describe the factor, or tick “Remove” to delete it."
                )
            continue
        if not description:
            errors[key] = f"Factor {number}: describe the factor, or clear its level."
        elif row.level not in levels:
            errors[key] = (
                f"Factor {number}: choose a level (interpersonal, institutional or structural)."
            )
        elif len(description) > FACTOR_MAX:
            errors[key] = (
                f"Factor {number} is {len(description)} characters; keep it under {FACTOR_MAX}."
            )
        else:
            kept.append(FactorRow(description, row.level, row.factor_id))
    return kept


def _validate(case: Case, data: CaseFileData) -> tuple[dict[str, str], list[FactorRow], str]:
    errors: dict[str, str] = {}
    for name, label in NARRATIVE_FIELDS.items():
        length = len(getattr(data, name))
        if length > NARRATIVE_MAX:
            errors[name] = f"{label} is {length} characters; keep it under {NARRATIVE_MAX}."
    factors = _check_factors(case, data.factors, errors)
    unknown = [tag for tag in data.equity_tags if tag not in TAG_LABELS]
    if unknown:
        errors["equity_tags"] = (
            f"“{unknown[0][:40]}” is not an equity-factor tag; tick from the list."
        )
    references = _check_references(data.source_references, errors)
    return errors, factors, references


def save_case_file(case: Case, by: Any, data: CaseFileData) -> Case:
    """Save the whole case file in one transaction and return the fresh case.

    Raises CaseFileError (nothing saved) when the case is closed, declined or merged; when
    someone saved it after the form was opened (`seen_updated_at`); for any invalid field or
    factor row; or when the narratives have identifier findings and `save_anyway` is off.
    Saving the same data twice leaves the same file (factors are matched by id).
    """
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if is_locked(locked):
            raise CaseFileError({"__all__": locked_message(locked)})
        if data.seen_updated_at != version_of(locked):
            raise CaseFileError({"__all__": stale_message(locked)})
        errors, factors, references = _validate(locked, data)
        if errors:
            raise CaseFileError(errors)
        texts = {name: getattr(data, name) for name in NARRATIVE_FIELDS}
        if findings_by_field(texts) and not data.save_anyway:
            raise CaseFileError(
                {
                    "save_anyway": "The narratives contain details that may identify someone. "
                    "Fix the highlighted text, or tick “Save anyway” if each is not identifying."
                }
            )
        for name, text in texts.items():
            setattr(locked, name, text.strip())
        locked.equity_tags = [tag for tag, _label in EQUITY_TAGS if tag in data.equity_tags]
        locked.source_references = references
        _save_factors(locked, factors)
        locked.save()
    return locked


def _save_factors(case: Case, rows: list[FactorRow]) -> None:
    position = 0
    for row in rows:
        if row.delete:
            if row.factor_id is not None:
                CaseFactor.objects.filter(case=case, pk=row.factor_id).delete()
            continue
        position += 1
        if row.factor_id is None:
            CaseFactor.objects.create(
                case=case, description=row.description, level=row.level, position=position
            )
        else:
            CaseFactor.objects.filter(case=case, pk=row.factor_id).update(
                description=row.description, level=row.level, position=position
            )


class PreparationError(CaseFileError):
    """Nothing was saved; same shape as CaseFileError."""


@dataclass
class PreparationData:
    key_issues: str = ""
    discussion_questions: str = ""
    concerns: str = ""
    mark_prepared: bool = False
    save_anyway: bool = False


def save_preparation(case: Case, by: Any, data: PreparationData) -> Case:
    """Save the facilitator's preparation (sets `prepared_by`) and, when asked, mark a
    selected case prepared, all in one transaction; return the fresh case.

    Raises PreparationError (nothing saved) for a closed/declined/merged case, for a text
    that is too long, for identifier findings without `save_anyway`, or when the case
    cannot be marked prepared (not selected, or key issues/questions missing). Marking a
    case that is already prepared is a no-op.
    """
    errors: dict[str, str] = {}
    for name, label in PREPARATION_FIELDS.items():
        length = len(getattr(data, name))
        if length > NARRATIVE_MAX:
            errors[name] = f"{label} is {length} characters; keep it under {NARRATIVE_MAX}."
    texts = {name: getattr(data, name) for name in PREPARATION_FIELDS}
    if not errors and findings_by_field(texts) and not data.save_anyway:
        errors["save_anyway"] = (
            "The preparation contains details that may identify someone. Fix the highlighted "
            "text, or tick “Save anyway” if each is not identifying."
        )
    if errors:
        raise PreparationError(errors)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if is_locked(locked):
            raise PreparationError({"__all__": locked_message(locked)})
        for name, text in texts.items():
            setattr(locked, name, text.strip())
        locked.prepared_by = by if getattr(by, "is_authenticated", False) else None
        locked.save()
        if data.mark_prepared and locked.status != CaseStatus.PREPARED:
            if locked.status != CaseStatus.SELECTED:
                raise PreparationError(
                    {
                        "mark_prepared": "Only a case selected for a session can be marked "
                        f"prepared; this case is {locked.get_status_display().lower()}."
                    }
                )
            try:
                locked = transition(locked, CaseStatus.PREPARED, by)
            except CaseTransitionError as error:
                raise PreparationError({"mark_prepared": str(error)}) from error
    return locked
