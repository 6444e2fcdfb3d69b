"""PARS validation: which MOC completions cannot be reported, and exactly why.

Rules (docs/pars.md):
- The learner consented to MOC reporting on the claim (CreditClaim.moc_consent_at).
- The learner has a first and last name (PARS matches learners by name and board ID).
- The board ID is present and in the board's format (learning.services.claims
  BOARD_ID_FORMATS: ABIM 6 digits; other boards 1–20 letters or digits).
- The birth month and day are present and form a real date (29 February allowed).
A line failing any rule is left out of the file and listed as a ParsProblem, one per
failed rule, so nothing is silently dropped.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from equitylens.learning.services.claims import ANY_BOARD_ID, BOARD_ID_FORMATS


class MocLine(NamedTuple):
    """The values of one MOC ClaimedCredit line, as read by one `.values_list()` query."""

    claimed_credit_id: int
    activity_slug: str
    activity_title: str
    first_name: str
    last_name: str
    email: str
    board: str
    board_id: str
    birth_month: int | None
    birth_day: int | None
    completed_on: date
    amount: Decimal
    consented: bool


@dataclass(frozen=True)
class ParsProblem:
    """Why one learner's completion cannot be reported: who, which activity, field, what."""

    learner_name: str
    email: str
    activity_title: str
    board: str
    field: str
    problem: str
    fix: str


def _birth_problem(month: int | None, day: int | None) -> str | None:
    if not month and not day:
        return "Birth month and day are missing."
    if not month:
        return "Birth month is missing."
    if not day:
        return "Birth day is missing."
    if not 1 <= month <= 12:
        return f"Birth month {month} is not a month (1–12)."
    # 2000 is a leap year, so 29 February is allowed.
    if not 1 <= day <= calendar.monthrange(2000, month)[1]:
        return f"{calendar.month_name[month]} has no day {day}."
    return None


def _board_id_problem(board: str, board_id: str) -> str | None:
    if not board_id:
        return f"{board} ID is missing."
    pattern, hint = BOARD_ID_FORMATS.get(board, ANY_BOARD_ID)
    if not pattern.fullmatch(board_id):
        return f"{hint}; the learner's is “{board_id}”."
    return None


def line_problems(line: MocLine) -> list[ParsProblem]:
    """Every rule `line` fails (empty when it can be reported)."""
    name = f"{line.first_name} {line.last_name}".strip() or line.email
    found: list[tuple[str, str, str]] = []
    if not line.consented:
        found.append(
            (
                "MOC consent",
                "The learner did not consent to MOC reporting.",
                "Only the learner can consent; nothing is reported without it.",
            )
        )
    if not line.first_name.strip() or not line.last_name.strip():
        found.append(
            (
                "Name",
                "First or last name is missing.",
                "Ask the learner to add their full name to their profile.",
            )
        )
    board_problem = _board_id_problem(line.board, line.board_id)
    if board_problem:
        found.append(
            (
                f"{line.board} ID",
                board_problem,
                f"Ask the learner to correct their {line.board} ID on their profile.",
            )
        )
    birth_problem = _birth_problem(line.birth_month, line.birth_day)
    if birth_problem:
        found.append(
            (
                "Birth month and day",
                birth_problem,
                "Ask the learner to enter their birth month and day on their profile.",
            )
        )
    return [
        ParsProblem(name, line.email, line.activity_title, line.board, field, problem, fix)
        for field, problem, fix in found
    ]
