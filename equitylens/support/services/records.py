"""Recording the support an activity receives, and the acknowledgment learners read.

ACCME Standard 4: commercial support comes only from ineligible companies and only under
a signed written agreement; other support (foundations, health plans, government) needs
no agreement. Every change is logged in the audit trail in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from equitylens.audit.services import log_action
from equitylens.catalog.models import Activity
from equitylens.support.models import ActivitySupport, SupporterType, SupportKind
from equitylens.web.uploads import content_matches, file_extension

MAX_AGREEMENT_BYTES = 10 * 1024 * 1024
AGREEMENT_EXTENSIONS = ("pdf", "png", "jpg")


class SupportRuleError(Exception):
    """A support record breaks a rule; `field` names the form field to fix."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class SupportInput:
    """What a coordinator gives for one supporter's contribution."""

    supporter_type: str
    supporter_name: str
    kind: str
    amount: Decimal | None = None
    in_kind_description: str = ""
    agreement_file: UploadedFile | None = None
    agreement_signed_on: date | None = None


def check_agreement_file(upload: UploadedFile) -> None:
    """Refuse anything but a PDF, PNG or JPG (by extension and first bytes) of at most 10 MB."""
    extension = file_extension(upload.name or "")
    if extension not in AGREEMENT_EXTENSIONS:
        raise SupportRuleError(
            f"Signed agreement: upload a PDF, PNG or JPG file; “{upload.name}” is not one of "
            "these.",
            field="agreement_file",
        )
    if upload.size is not None and upload.size > MAX_AGREEMENT_BYTES:
        raise SupportRuleError(
            f"Signed agreement: the file is {upload.size / (1024 * 1024):.1f} MB; it can be at "
            "most 10 MB. Scan it at a lower resolution or save it as a smaller PDF.",
            field="agreement_file",
        )
    if not content_matches(upload, extension):
        raise SupportRuleError(
            f"Signed agreement: “{upload.name}” is not really a .{extension} file; save it "
            "again in that format and upload it.",
            field="agreement_file",
        )


def _check(data: SupportInput, *, has_agreement: bool) -> None:
    if data.supporter_type not in SupporterType.values:
        raise SupportRuleError(
            "Type of support: choose commercial support (ineligible company) or other support.",
            field="supporter_type",
        )
    commercial = data.supporter_type == SupporterType.COMMERCIAL
    if not data.supporter_name.strip():
        who = "ineligible company" if commercial else "supporter (e.g. the foundation)"
        raise SupportRuleError(f"Supporter: enter the name of the {who}.", field="supporter_name")
    if data.kind not in SupportKind.values:
        raise SupportRuleError("Kind of support: choose monetary or in-kind.", field="kind")
    if data.kind == SupportKind.MONETARY and (data.amount is None or data.amount <= 0):
        raise SupportRuleError(
            "Amount: monetary support needs an amount in US dollars greater than 0.",
            field="amount",
        )
    if data.kind == SupportKind.IN_KIND and not data.in_kind_description.strip():
        raise SupportRuleError(
            "What was given: describe the in-kind support, e.g. “loaned simulation equipment”.",
            field="in_kind_description",
        )
    if data.agreement_file is not None:
        check_agreement_file(data.agreement_file)
    today = timezone.localdate()
    if data.agreement_signed_on and data.agreement_signed_on > today:
        raise SupportRuleError(
            f"Date signed: the agreement cannot be signed in the future; "
            f"use {today:%m/%d/%Y} or earlier.",
            field="agreement_signed_on",
        )
    if commercial:
        if data.agreement_file is None and not has_agreement:
            raise SupportRuleError(
                "Signed agreement: commercial support requires the signed written agreement; "
                "upload it (PDF, PNG or JPG).",
                field="agreement_file",
            )
        if data.agreement_signed_on is None:
            raise SupportRuleError(
                "Date signed: enter the date the written agreement was signed.",
                field="agreement_signed_on",
            )


def _apply(support: ActivitySupport, data: SupportInput) -> None:
    support.supporter_type = data.supporter_type
    support.supporter_name = data.supporter_name.strip()
    support.kind = data.kind
    monetary = data.kind == SupportKind.MONETARY
    support.amount = data.amount if monetary else None
    support.in_kind_description = "" if monetary else data.in_kind_description.strip()
    if data.agreement_file is not None:
        support.agreement_file.save(
            data.agreement_file.name or "agreement", data.agreement_file, save=False
        )
    support.agreement_signed_on = data.agreement_signed_on


def _payload(support: ActivitySupport) -> dict[str, Any]:
    return {
        "supporter_type": support.supporter_type,
        "supporter_name": support.supporter_name,
        "kind": support.kind,
        "amount": str(support.amount) if support.amount is not None else None,
        "agreement": bool(support.agreement_file),
    }


def record_support(
    activity: Activity,
    *,
    supporter_type: str,
    supporter_name: str,
    kind: str,
    amount: Decimal | None = None,
    in_kind_description: str = "",
    agreement_file: UploadedFile | None = None,
    agreement_signed_on: date | None = None,
    by: Any,
) -> ActivitySupport:
    """Record one supporter's contribution to `activity` and log ``support.recorded``.

    Rules (each refusal is a SupportRuleError naming the field): a supporter name; monetary
    support has an amount > 0, in-kind support a description; commercial support (from an
    ineligible company) needs the signed written agreement file (PDF/PNG/JPG ≤ 10 MB) and the
    date it was signed; no signing date in the future. A second identical submission of
    the same supporter and kind returns the existing record (double submit).
    """
    data = SupportInput(
        supporter_type=supporter_type,
        supporter_name=supporter_name,
        kind=kind,
        amount=amount,
        in_kind_description=in_kind_description,
        agreement_file=agreement_file,
        agreement_signed_on=agreement_signed_on,
    )
    _check(data, has_agreement=False)
    with transaction.atomic():
        Activity.objects.select_for_update().get(pk=activity.pk)
        existing = ActivitySupport.objects.filter(
            activity=activity,
            supporter_type=supporter_type,
            supporter_name=supporter_name.strip(),
            kind=kind,
            amount=amount if kind == SupportKind.MONETARY else None,
            in_kind_description="" if kind == SupportKind.MONETARY else in_kind_description.strip(),
        ).first()
        if existing is not None:
            return existing
        support = ActivitySupport(activity=activity, recorded_by=by if by else None)
        _apply(support, data)
        support.save()
        log_action(by, "support.recorded", support, activity=activity.slug, **_payload(support))
    return support


def edit_support(support: ActivitySupport, data: SupportInput, *, by: Any) -> ActivitySupport:
    """Change a support record under the same rules; a new file replaces the agreement.

    Logs ``support.edited`` with the values after the change.
    """
    _check(data, has_agreement=bool(support.agreement_file))
    with transaction.atomic():
        locked = ActivitySupport.objects.select_for_update().get(pk=support.pk)
        _apply(locked, data)
        locked.save()
        log_action(by, "support.edited", locked, **_payload(locked))
    return locked


def delete_support(support: ActivitySupport, *, by: Any) -> None:
    """Delete a support record (and its agreement file) and log ``support.deleted``.

    Deleting one that is already gone changes nothing (a second click).
    """
    with transaction.atomic():
        locked = ActivitySupport.objects.select_for_update().filter(pk=support.pk).first()
        if locked is None:
            return
        log_action(by, "support.deleted", locked, **_payload(locked))
        file_name = locked.agreement_file.name if locked.agreement_file else ""
        storage = locked.agreement_file.storage if locked.agreement_file else None
        locked.delete()
        if storage is not None and file_name:
            transaction.on_commit(lambda: storage.delete(file_name))


def _join(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _phrase(kind: str, names: list[str], *, commercial: bool) -> str:
    if kind == SupportKind.MONETARY:
        return f"an educational grant from {_join(names)}" if commercial else _join(names)
    return f"in-kind support from {_join(names)}"


def _sentence(supports: list[ActivitySupport], *, commercial: bool) -> str:
    phrases = []
    for kind in (SupportKind.MONETARY, SupportKind.IN_KIND):
        names = sorted({support.supporter_name for support in supports if support.kind == kind})
        if names:
            phrases.append(_phrase(kind, names, commercial=commercial))
    if commercial:
        return f"This activity is supported by {' and '.join(phrases)}."
    return f"This activity is offered with support from {' and '.join(phrases)}."


def support_acknowledgment(activity: Activity) -> list[str]:
    """The sentences learners read about who supported `activity`, before the content.

    Commercial support: "This activity is supported by an educational grant from A and
    in-kind support from B." Other support: "This activity is offered with support from
    C." When there is no commercial support the list always includes, exactly,
    "There is no commercial support for this activity."
    """
    supports = list(activity.supports.all())
    commercial = [s for s in supports if s.supporter_type == SupporterType.COMMERCIAL]
    other = [s for s in supports if s.supporter_type == SupporterType.OTHER]
    lines = []
    if commercial:
        lines.append(_sentence(commercial, commercial=True))
    else:
        lines.append("There is no commercial support for this activity.")
    if other:
        lines.append(_sentence(other, commercial=False))
    return lines
