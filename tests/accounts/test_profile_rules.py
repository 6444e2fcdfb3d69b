"""Profile rules (services.profiles): completed once, messages that name the field and fix."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from equitylens.accounts.models import BoardCertification, Licence
from equitylens.accounts.services.profiles import (
    BoardEntry,
    LicenceEntry,
    MocDetails,
    ProfileDetails,
    complete_profile,
    npi_check_digit_ok,
)
from equitylens.audit.models import LogEntry
from tests.factories import make_user

pytestmark = pytest.mark.django_db

VALID = ProfileDetails(
    first_name="Maya",
    last_name="Chen",
    credentials=("MD",),
    profession="physician",
    specialty="Internal medicine",
    npi="1234567893",
    licences=(LicenceEntry("MN", "MN-48213"),),
)
MOC = MocDetails(boards=(BoardEntry("ABIM", "284511"),), birth_month=4, birth_day=17, consent=True)


def errors_for(details: ProfileDetails) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        complete_profile(make_user(), details)
    return raised.value.message_dict


def with_(**changes) -> ProfileDetails:
    return ProfileDetails(**{**VALID.__dict__, **changes})


def test_first_completion_is_timestamped_once():
    user = make_user()
    complete_profile(user, VALID)
    completed_at = user.profile_completed_at
    assert completed_at is not None
    complete_profile(user, with_(specialty="Hospital medicine"))
    user.refresh_from_db()
    assert user.profile_completed_at == completed_at
    assert user.specialty == "Hospital medicine"
    assert [e.action for e in LogEntry.objects.order_by("id")] == [
        "profile.completed", "profile.updated",
    ]  # fmt: skip


def test_required_fields_are_named_with_the_fix():
    errors = errors_for(with_(first_name=" ", last_name="", credentials=(), profession=""))
    assert errors["first_name"] == [
        "First name is required; enter it as it should appear on certificates."
    ]
    assert "Last name is required" in errors["last_name"][0]
    assert errors["credentials"][0].startswith("Credentials: choose at least one")
    assert errors["profession"][0].startswith("Profession is required")


def test_npi_must_be_ten_digits_with_a_valid_check_digit():
    assert errors_for(with_(npi="123456789"))["npi"] == [
        "NPI must be 10 digits; you entered 9 characters. Or leave it blank."
    ]
    assert "check digit" in errors_for(with_(npi="1234567890"))["npi"][0]
    assert npi_check_digit_ok("1234567893")
    complete_profile(make_user(), with_(npi=""))  # optional


def test_licences_need_a_listed_state_once_and_a_number():
    errors = errors_for(
        with_(licences=(LicenceEntry("MN", "1"), LicenceEntry("MN", "2"), LicenceEntry("ZZ", "")))
    )
    assert errors["licences"] == [
        "Licence 2: Minnesota is listed twice; keep one.",
        "Licence 3: choose the state from the list.",
        "Licence 3: enter the licence number, or clear the row.",
    ]


def test_saved_licences_replace_the_previous_ones():
    user = make_user()
    complete_profile(user, with_(licences=(LicenceEntry("MN", "A"), LicenceEntry("wi", "B"))))
    complete_profile(user, with_(licences=(LicenceEntry("WI", "C"),)))
    assert list(Licence.objects.filter(user=user).values_list("state", "number")) == [("WI", "C")]


def test_moc_needs_a_board_id_birth_month_and_day_and_consent():
    errors = errors_for(
        with_(moc=MocDetails(boards=(), birth_month=None, birth_day=None, consent=False))
    )
    assert errors["boards"][0].startswith("Certifying board: add at least one board")
    assert errors["birth_month"][0].startswith("Birth month is required for MOC")
    assert errors["moc_consent"][0].startswith("Consent is required to report MOC points")


def test_moc_birth_day_must_exist_in_the_month():
    moc = MocDetails(boards=MOC.boards, birth_month=2, birth_day=30, consent=True)
    assert errors_for(with_(moc=moc))["birth_day"] == [
        "Birth day must be between 1 and 29 for February."
    ]
    leap = MocDetails(boards=MOC.boards, birth_month=2, birth_day=29, consent=True)
    complete_profile(make_user(), with_(moc=leap))


def test_a_board_id_is_required_for_each_board():
    moc = MocDetails(boards=(BoardEntry("ABIM", ""),), birth_month=4, birth_day=17, consent=True)
    assert "Board 1: enter your board ID" in errors_for(with_(moc=moc))["boards"][0]


def test_moc_details_and_consent_are_stored_and_removed_on_opting_out():
    user = make_user()
    complete_profile(user, with_(moc=MOC))
    user.refresh_from_db()
    assert (user.birth_month, user.birth_day) == (4, 17)
    assert user.moc_consent_at is not None
    assert list(BoardCertification.objects.filter(user=user).values_list("board", "board_id")) == [
        ("ABIM", "284511")
    ]
    assert LogEntry.objects.filter(action="profile.moc_consent_given").count() == 1

    complete_profile(user, with_(moc=None))
    user.refresh_from_db()
    assert (user.birth_month, user.birth_day, user.moc_consent_at) == (None, None, None)
    assert not BoardCertification.objects.filter(user=user).exists()
    assert LogEntry.objects.filter(action="profile.moc_consent_withdrawn").count() == 1


def test_nothing_is_saved_when_invalid():
    user = make_user(first_name="Old")
    with pytest.raises(ValidationError):
        complete_profile(user, with_(first_name="New", npi="12"))
    user.refresh_from_db()
    assert user.first_name == "Old" and user.profile_completed_at is None
