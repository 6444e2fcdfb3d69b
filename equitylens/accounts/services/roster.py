"""Roster import: an organization admin proves who belongs by uploading a CSV of people.

The file has a header row with the columns ``email``, ``first_name``, ``last_name``
and, optionally, ``role`` (``member`` or ``org_admin``; blank means member). Other
columns are ignored. The whole file is checked before anything is saved: every
problem is reported with its line number, column and reason, and nothing is
imported unless every row is valid. Importing the same file again adds nobody twice.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from equitylens.accounts.models import (
    Membership,
    MembershipRole,
    MembershipSource,
    Organization,
    RosterImport,
    User,
)
from equitylens.accounts.services.memberships import ensure_membership
from equitylens.audit.services import log_action

REQUIRED_COLUMNS = ("email", "first_name", "last_name")
OPTIONAL_COLUMNS = ("role",)
ROLES = {"member": MembershipRole.MEMBER, "org_admin": MembershipRole.ORG_ADMIN}
MAX_ROWS = 10_000
NAME_MAX_LENGTH = 150


@dataclass(frozen=True)
class RosterRow:
    """One valid person in a roster file."""

    line: int
    email: str
    first_name: str
    last_name: str
    role: str = MembershipRole.MEMBER


@dataclass(frozen=True)
class RosterProblem:
    """Why one cell (or the file) is unacceptable. Line 1 is the header row."""

    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}, {self.field}: {self.reason}"


class RosterInvalid(Exception):
    """The roster has problems; nothing was imported."""

    def __init__(self, problems: list[RosterProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the roster")
        self.problems = problems


@dataclass(frozen=True)
class RosterResult:
    """What an import did."""

    record: RosterImport
    created_users: int
    created_members: int
    promoted_admins: int
    already_members: int


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterInvalid(
            [
                RosterProblem(
                    1,
                    "file",
                    "the file is not UTF-8 text; save it from your spreadsheet as “CSV UTF-8”",
                )
            ]
        ) from exc


def _delimiter(first_line: str) -> str:
    # Spreadsheets in some locales save with ";" or tabs; the header tells which.
    return max(",;\t", key=first_line.count) if first_line else ","


def _normalise_header(name: str | None) -> str:
    return (name or "").strip().lower().replace(" ", "_").replace("-", "_")


def read_roster(data: bytes | str) -> list[RosterRow]:
    """Parse and check a roster file completely; return its rows or raise RosterInvalid.

    Problems reported (each with line number, column and reason): a missing column
    header, a repeated column header, a missing or malformed e-mail address, an
    e-mail that appears twice in the file, a missing first or last name, a name
    longer than 150 characters, an unknown role, an empty file, too many rows.
    """
    text = _decode(data)
    first_line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    if not first_line.strip():
        raise RosterInvalid(
            [RosterProblem(1, "file", "the file is empty; the first line must name the columns")]
        )
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=_delimiter(first_line))
    header = [_normalise_header(name) for name in next(reader)]
    problems: list[RosterProblem] = []
    for column in REQUIRED_COLUMNS:
        if column not in header:
            problems.append(
                RosterProblem(
                    1,
                    column,
                    f"missing column header “{column}”; the first line must be "
                    "email,first_name,last_name,role",
                )
            )
    for column in {name for name in header if name and header.count(name) > 1}:
        if column in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            problems.append(RosterProblem(1, column, f"column “{column}” appears twice"))
    if problems:
        raise RosterInvalid(problems)

    index = {
        name: header.index(name) for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS if name in header
    }
    rows: list[RosterRow] = []
    first_seen: dict[str, int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue

        def cell(column: str, cells: list[str] = cells) -> str:
            position = index.get(column)
            return cells[position].strip() if position is not None and position < len(cells) else ""

        row_problems = _check_row(
            line, cell("email"), cell("first_name"), cell("last_name"), cell("role"), first_seen
        )
        problems.extend(row_problems)
        if not row_problems:
            rows.append(
                RosterRow(
                    line=line,
                    email=cell("email").lower(),
                    first_name=cell("first_name"),
                    last_name=cell("last_name"),
                    role=ROLES[cell("role").lower() or "member"],
                )
            )
        if len(rows) + len(problems) > MAX_ROWS:
            problems.append(
                RosterProblem(line, "file", f"more than {MAX_ROWS} rows; split the file")
            )
            break
    if not rows and not problems:
        problems.append(RosterProblem(2, "file", "there are no people under the header row"))
    if problems:
        raise RosterInvalid(problems)
    return rows


def _check_row(
    line: int, email: str, first_name: str, last_name: str, role: str, first_seen: dict[str, int]
) -> list[RosterProblem]:
    problems: list[RosterProblem] = []
    if not email:
        problems.append(RosterProblem(line, "email", "e-mail address is missing"))
    else:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                RosterProblem(
                    line, "email", f"“{email}” is not an e-mail address (name@example.org)"
                )
            )
        else:
            key = email.lower()
            if key in first_seen:
                problems.append(
                    RosterProblem(
                        line,
                        "email",
                        f"duplicate in file: {email} is already on line {first_seen[key]}",
                    )
                )
            else:
                first_seen[key] = line
    for column, value in (("first_name", first_name), ("last_name", last_name)):
        label = column.replace("_", " ")
        if not value:
            problems.append(RosterProblem(line, column, f"{label} is missing"))
        elif len(value) > NAME_MAX_LENGTH:
            problems.append(
                RosterProblem(line, column, f"{label} is longer than {NAME_MAX_LENGTH} characters")
            )
    if role and role.lower() not in ROLES:
        problems.append(
            RosterProblem(
                line, "role", f"unknown role “{role}”; use member or org_admin (or leave it blank)"
            )
        )
    return problems


def _person_for(row: RosterRow) -> tuple[User, bool]:
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email__iexact=row.email).first()
    if user is None:
        address = (
            EmailAddress.objects.filter(email__iexact=row.email).select_related("user").first()
        )
        user = address.user if address is not None else None
    if user is not None:
        return user, False
    # No password: they sign in through their organization's SSO or set one by
    # "forgot your password", which also proves the address is theirs.
    user = User.objects.create_user(
        email=row.email, password=None, first_name=row.first_name, last_name=row.last_name
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    return user, True


def import_roster(
    organization: Organization, data: bytes | str, *, filename: str, by: User
) -> RosterResult:
    """Check a roster file and, only if every row is valid, add its people to `organization`.

    In one transaction: creates an account (unverified e-mail, no password) for each
    address that has none, ensures a Membership(source="roster") with the row's role,
    records a RosterImport and logs ``roster.imported``. An existing membership is
    kept as it is, except that a roster may make a member an organization admin
    (it never removes admin rights). Existing people's names are not overwritten.
    Raises RosterInvalid listing every problem; then nothing is saved.
    """
    rows = read_roster(data)
    created_users = created_members = promoted = already = 0
    with transaction.atomic():
        for row in rows:
            user, new_user = _person_for(row)
            created_users += new_user
            membership, new_member = ensure_membership(
                user, organization, source=MembershipSource.ROSTER, role=row.role, by=by
            )
            if new_member:
                created_members += 1
                continue
            already += 1
            if row.role == MembershipRole.ORG_ADMIN and membership.role == MembershipRole.MEMBER:
                _promote(membership, by)
                promoted += 1
        record = RosterImport.objects.create(
            organization=organization,
            imported_by=by,
            filename=filename[:255],
            rows=len(rows),
            created_members=created_members,
        )
        log_action(
            by,
            "roster.imported",
            record,
            organization=organization.slug,
            rows=len(rows),
            created_users=created_users,
            created_members=created_members,
            promoted_admins=promoted,
        )
    return RosterResult(record, created_users, created_members, promoted, already)


def _promote(membership: Membership, by: Any) -> None:
    membership.role = MembershipRole.ORG_ADMIN
    membership.save(update_fields=["role"])
    log_action(by, "membership.role_changed", membership, role=MembershipRole.ORG_ADMIN)


def roster_imports(organization: Organization, limit: int = 10) -> list[RosterImport]:
    """The most recent roster imports into `organization`, newest first."""
    return list(
        RosterImport.objects.filter(organization=organization).select_related("imported_by")[:limit]
    )
