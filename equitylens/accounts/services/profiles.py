"""The learner's profile: completed once before claiming credit, editable afterwards.

Credit depends on who the learner is (profession, credentials); state implicit-bias
requirements depend on licences; MOC reporting through ACCME's PARS needs, for each
certifying board, the diplomate ID plus the learner's name and birth month and day —
and the learner's consent. Those MOC details are asked for only from learners who
want MOC points reported.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from equitylens.accounts.models import (
    BoardCertification,
    CertifyingBoard,
    Credential,
    Licence,
    Profession,
    User,
)
from equitylens.audit.services import log_action

# US states, DC and territories whose boards license clinicians.
US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "AS": "American Samoa",
    "GU": "Guam", "MP": "Northern Mariana Islands", "PR": "Puerto Rico",
    "VI": "U.S. Virgin Islands",
}  # fmt: skip

BOARD_ID_RE = re.compile(r"^[A-Za-z0-9-]{1,20}$")


@dataclass(frozen=True)
class LicenceEntry:
    state: str
    number: str


@dataclass(frozen=True)
class BoardEntry:
    board: str
    board_id: str


@dataclass(frozen=True)
class MocDetails:
    """What PARS passes to certifying boards, and the learner's consent to pass it."""

    boards: tuple[BoardEntry, ...]
    birth_month: int | None
    birth_day: int | None
    consent: bool


@dataclass(frozen=True)
class ProfileDetails:
    first_name: str
    last_name: str
    credentials: tuple[str, ...]
    profession: str
    specialty: str = ""
    npi: str = ""
    licences: tuple[LicenceEntry, ...] = ()
    moc: MocDetails | None = None  # None: the learner does not want MOC reported


def npi_check_digit_ok(npi: str) -> bool:
    """The NPI's last digit is a Luhn check digit over "80840" + the first nine digits."""
    digits = [int(d) for d in "80840" + npi]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def validate_profile(details: ProfileDetails) -> None:
    """Check a profile; raise ValidationError keyed by field, each message naming the fix.

    Rules: first and last name are required (as they appear on certificates); at
    least one credential and a profession from the lists; an optional NPI is 10
    digits with a valid check digit; each licence has a US state (once) and a
    number. When MOC is wanted: at least one board (once each) with its board ID,
    a real birth month and day, and consent.
    """
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not details.first_name.strip():
        add("first_name", "First name is required; enter it as it should appear on certificates.")
    if not details.last_name.strip():
        add("last_name", "Last name is required; enter it as it should appear on certificates.")
    if not details.credentials:
        add("credentials", "Credentials: choose at least one (choose “Other” if none fits).")
    elif unknown := [c for c in details.credentials if c not in Credential.values]:
        add("credentials", f"Credentials: “{unknown[0]}” is not in the list; choose from it.")
    if details.profession not in Profession.values:
        add("profession", "Profession is required; choose the one that best describes you.")
    npi = details.npi.strip()
    if npi and not re.fullmatch(r"\d{10}", npi):
        add("npi", f"NPI must be 10 digits; you entered {len(npi)} characters. Or leave it blank.")
    elif npi and not npi_check_digit_ok(npi):
        add("npi", "NPI: the last digit does not match (check digit); check for a typo.")
    seen_states: set[str] = set()
    for number, licence in enumerate(details.licences, start=1):
        state = licence.state.strip().upper()
        if state not in US_STATES:
            add("licences", f"Licence {number}: choose the state from the list.")
        elif state in seen_states:
            add("licences", f"Licence {number}: {US_STATES[state]} is listed twice; keep one.")
        seen_states.add(state)
        if not licence.number.strip():
            add("licences", f"Licence {number}: enter the licence number, or clear the row.")
        elif len(licence.number.strip()) > 40:
            add("licences", f"Licence {number}: the number is longer than 40 characters.")
    if details.moc is not None:
        _validate_moc(details.moc, add)
    if errors:
        raise ValidationError(errors)


def _validate_moc(moc: MocDetails, add: Any) -> None:
    if not moc.boards:
        add("boards", "Certifying board: add at least one board and your board ID for MOC.")
    seen: set[str] = set()
    for number, entry in enumerate(moc.boards, start=1):
        if entry.board not in CertifyingBoard.values:
            add("boards", f"Board {number}: choose the board from the list.")
        elif entry.board in seen:
            add("boards", f"Board {number}: {entry.board} is listed twice; keep one.")
        seen.add(entry.board)
        if not BOARD_ID_RE.match(entry.board_id.strip()):
            add(
                "boards",
                f"Board {number}: enter your board ID (diplomate number) — letters and digits, "
                "up to 20.",
            )
    if moc.birth_month is None or not 1 <= moc.birth_month <= 12:
        add("birth_month", "Birth month is required for MOC; choose it from the list.")
    elif moc.birth_day is None:
        add("birth_day", "Birth day is required for MOC; enter the day of the month.")
    else:
        # 2000 is a leap year, so 29 February is accepted.
        last_day = calendar.monthrange(2000, moc.birth_month)[1]
        if not 1 <= moc.birth_day <= last_day:
            month = calendar.month_name[moc.birth_month]
            add("birth_day", f"Birth day must be between 1 and {last_day} for {month}.")
    if not moc.consent:
        add(
            "moc_consent",
            "Consent is required to report MOC points: tick the box, or choose not to report.",
        )


@transaction.atomic
def complete_profile(user: User, details: ProfileDetails, *, by: Any = None) -> User:
    """Save `user`'s profile; the first successful save marks it complete.

    Validates with validate_profile (raises ValidationError, saving nothing).
    Sets profile_completed_at the first time only. Licences given replace the
    current ones. With MOC details, stores boards, birth month and day, and the time
    of consent (kept from the first consent); without them, removes any MOC details
    and consent. Logs ``profile.completed`` or ``profile.updated`` (and
    ``profile.moc_consent_given`` / ``profile.moc_consent_withdrawn``) without
    personal data.
    """
    validate_profile(details)
    first_time = user.profile_completed_at is None
    now = timezone.now()
    user.first_name = details.first_name.strip()
    user.last_name = details.last_name.strip()
    user.credentials = list(dict.fromkeys(details.credentials))
    user.profession = details.profession
    user.specialty = details.specialty.strip()
    user.npi = details.npi.strip()
    if first_time:
        user.profile_completed_at = now

    _replace_licences(user, details.licences)
    had_consent = user.moc_consent_at is not None
    if details.moc is None:
        user.birth_month = user.birth_day = None
        user.moc_consent_at = None
        BoardCertification.objects.filter(user=user).delete()
    else:
        user.birth_month = details.moc.birth_month
        user.birth_day = details.moc.birth_day
        user.moc_consent_at = user.moc_consent_at or now
        _replace_boards(user, details.moc.boards)
    user.save()

    log_action(by or user, "profile.completed" if first_time else "profile.updated", user)
    if details.moc is not None and not had_consent:
        log_action(by or user, "profile.moc_consent_given", user)
    elif details.moc is None and had_consent:
        log_action(by or user, "profile.moc_consent_withdrawn", user)
    return user


def _replace_licences(user: User, licences: tuple[LicenceEntry, ...]) -> None:
    states = [licence.state.strip().upper() for licence in licences]
    Licence.objects.filter(user=user).exclude(state__in=states).delete()
    for licence in licences:
        Licence.objects.update_or_create(
            user=user,
            state=licence.state.strip().upper(),
            defaults={"number": licence.number.strip()},
        )


def _replace_boards(user: User, boards: tuple[BoardEntry, ...]) -> None:
    BoardCertification.objects.filter(user=user).exclude(
        board__in=[entry.board for entry in boards]
    ).delete()
    for entry in boards:
        BoardCertification.objects.update_or_create(
            user=user, board=entry.board, defaults={"board_id": entry.board_id.strip()}
        )


def current_details(user: User) -> ProfileDetails:
    """The profile as stored, in the shape complete_profile takes (for the edit form)."""
    boards = tuple(
        BoardEntry(b.board, b.board_id) for b in BoardCertification.objects.filter(user=user)
    )
    moc = (
        MocDetails(boards, user.birth_month, user.birth_day, consent=True)
        if user.moc_consent_at is not None
        else None
    )
    return ProfileDetails(
        first_name=user.first_name,
        last_name=user.last_name,
        credentials=tuple(user.credentials or ()),
        profession=user.profession,
        specialty=user.specialty,
        npi=user.npi,
        licences=tuple(
            LicenceEntry(lic.state, lic.number) for lic in Licence.objects.filter(user=user)
        ),
        moc=moc,
    )
