"""The table of state implicit-bias requirements: checking, loading and editing rows.

The shipped dataset is licensure/data/state_requirements.json. Loading it upserts by
(state, profession), so running it again changes nothing; coordinators edit rows on
their own screen through `save_requirement`, under the same checks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.db import transaction

from equitylens.accounts.models import Profession
from equitylens.accounts.services.profiles import US_STATES
from equitylens.audit.services import log_action
from equitylens.catalog.models import CreditType
from equitylens.licensure.models import StateRequirement

DEFAULT_DATASET = Path(__file__).resolve().parent.parent / "data" / "state_requirements.json"


class RequirementError(Exception):
    """A requirement row breaks a rule; `field` names the field to fix."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class RequirementInput:
    """One row of the table, as given in the dataset file or on the coordinator's form."""

    state: str
    profession: str
    hours_required: Decimal
    cycle_years: int
    description: str
    source_url: str
    accepted_credit_types: tuple[str, ...]
    last_reviewed_on: date


def check_requirement(data: RequirementInput) -> None:
    """Refuse a row without a known state, profession, positive hours and cycle, or source."""
    if data.state not in US_STATES:
        raise RequirementError(
            f"State: use a 2-letter state code such as MI; “{data.state}” is not one.",
            field="state",
        )
    if data.profession not in Profession.values:
        raise RequirementError(
            "Profession: choose physician, nurse, other clinician or other.", field="profession"
        )
    if data.hours_required <= 0:
        raise RequirementError(
            "Hours required: enter a number of hours greater than 0, e.g. 1 or 2.5.",
            field="hours_required",
        )
    if data.cycle_years < 1:
        raise RequirementError(
            "Renewal cycle: enter the number of years between renewals, at least 1.",
            field="cycle_years",
        )
    if not data.description.strip():
        raise RequirementError(
            "Description: say what the rule requires, in a sentence or two.", field="description"
        )
    parsed = urlparse(data.source_url)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        raise RequirementError(
            "Source: give the full address of the law, rule or board page, starting with https://.",
            field="source_url",
        )
    unknown = [code for code in data.accepted_credit_types if code not in CreditType.values]
    if not data.accepted_credit_types or unknown:
        raise RequirementError(
            "Accepted credit: choose at least one credit type that counts toward the hours.",
            field="accepted_credit_types",
        )


def _fields(data: RequirementInput) -> dict[str, Any]:
    return {
        "hours_required": data.hours_required,
        "cycle_years": data.cycle_years,
        "description": data.description.strip(),
        "source_url": data.source_url.strip(),
        "accepted_credit_types": list(data.accepted_credit_types),
        "last_reviewed_on": data.last_reviewed_on,
    }


def save_requirement(
    data: RequirementInput, *, by: Any, requirement: StateRequirement | None = None
) -> StateRequirement:
    """Add a row, or change `requirement`; one row per state and profession.

    Logs ``licensure.requirement_saved``. Raises RequirementError (with the field) on bad
    input or when another row already covers that state and profession.
    """
    check_requirement(data)
    with transaction.atomic():
        clash = StateRequirement.objects.filter(state=data.state, profession=data.profession)
        if requirement is not None:
            clash = clash.exclude(pk=requirement.pk)
        if clash.exists():
            raise RequirementError(
                f"State: {data.state} already has a row for {data.profession}s; edit that row "
                "instead.",
                field="state",
            )
        row = requirement or StateRequirement()
        row.state, row.profession = data.state, data.profession
        for name, value in _fields(data).items():
            setattr(row, name, value)
        row.save()
        log_action(
            by,
            "licensure.requirement_saved",
            row,
            state=row.state,
            profession=row.profession,
            hours=str(row.hours_required),
            cycle_years=row.cycle_years,
        )
    return row


def _row_input(raw: dict[str, Any], number: int) -> RequirementInput:
    try:
        return RequirementInput(
            state=str(raw["state"]).strip().upper(),
            profession=str(raw["profession"]).strip(),
            hours_required=Decimal(str(raw["hours_required"])),
            cycle_years=int(raw["cycle_years"]),
            description=str(raw["description"]),
            source_url=str(raw["source_url"]),
            accepted_credit_types=tuple(
                raw.get("accepted_credit_types")
                or [CreditType.AMA_PRA_1.value, CreditType.NURSING.value]
            ),
            last_reviewed_on=date.fromisoformat(str(raw["last_reviewed_on"])),
        )
    except KeyError as missing:
        raise RequirementError(f"Row {number}: the field {missing} is missing.") from missing
    except (InvalidOperation, ValueError) as bad:
        raise RequirementError(f"Row {number}: {bad}.") from bad


def read_dataset(path: Path = DEFAULT_DATASET) -> list[RequirementInput]:
    """Every row of a dataset file, checked; the first bad row raises RequirementError."""
    rows = json.loads(path.read_text(encoding="utf-8"))["requirements"]
    inputs = []
    for number, raw in enumerate(rows, start=1):
        data = _row_input(raw, number)
        try:
            check_requirement(data)
        except RequirementError as error:
            raise RequirementError(f"Row {number} ({data.state}): {error}") from error
        inputs.append(data)
    return inputs


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


def load_state_requirements(path: Path = DEFAULT_DATASET, *, by: Any = None) -> LoadResult:
    """Upsert the dataset's rows by (state, profession); running it twice changes nothing.

    All rows are checked before any is written; rows not in the file are kept (they may
    be a coordinator's additions).
    """
    inputs = read_dataset(path)
    created = updated = unchanged = 0
    with transaction.atomic():
        for data in inputs:
            row = StateRequirement.objects.filter(
                state=data.state, profession=data.profession
            ).first()
            fields = _fields(data)
            if row is None:
                row = StateRequirement.objects.create(
                    state=data.state, profession=data.profession, **fields
                )
                created += 1
            elif all(getattr(row, name) == value for name, value in fields.items()):
                unchanged += 1
                continue
            else:
                for name, value in fields.items():
                    setattr(row, name, value)
                row.save()
                updated += 1
            log_action(by, "licensure.requirement_loaded", row, source=str(path.name))
    return LoadResult(created=created, updated=updated, unchanged=unchanged)
