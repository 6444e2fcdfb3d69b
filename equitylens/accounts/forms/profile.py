"""The profile form: what a learner types, shaped into services.profiles.ProfileDetails.

The form only reads input; every rule (what is required, NPI check digit, MOC
details) is in services.profiles.validate_profile, whose messages are shown here.
"""

from __future__ import annotations

import calendar
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from equitylens.accounts.models import CertifyingBoard, Credential, Profession
from equitylens.accounts.services.profiles import (
    US_STATES,
    BoardEntry,
    LicenceEntry,
    MocDetails,
    ProfileDetails,
)

MONTHS = [(str(n), calendar.month_name[n]) for n in range(1, 13)]
DAYS = [(str(n), str(n)) for n in range(1, 32)]


class ProfileForm(forms.Form):
    """Name, credentials, profession, specialty, NPI and the MOC choice and details."""

    first_name = forms.CharField(
        label="First name",
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        help_text="As they should appear on your certificates.",
    )
    credentials = forms.MultipleChoiceField(
        label="Credentials",
        choices=Credential.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose every degree or credential you hold.",
    )
    profession = forms.ChoiceField(
        label="Profession",
        choices=[("", "Choose your profession"), *Profession.choices],
        required=False,
        help_text="Decides which credit you can claim (e.g. AMA PRA Category 1 for physicians).",
    )
    specialty = forms.CharField(
        label="Specialty (optional)",
        max_length=120,
        required=False,
        help_text="For example internal medicine, pediatrics, primary care nursing.",
    )
    npi = forms.CharField(
        label="NPI (optional)",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="Your 10-digit National Provider Identifier, if you have one.",
    )
    wants_moc = forms.BooleanField(
        label="I want MOC points reported to my board",
        required=False,
        help_text="For diplomates of ABIM, ABA, ABP, ABPath, ABS, ABOS, ABOHNS or ABTS.",
    )
    birth_month = forms.ChoiceField(
        label="Birth month",
        choices=[("", "Month"), *MONTHS],
        required=False,
        widget=forms.Select(attrs={"autocomplete": "bday-month"}),
    )
    birth_day = forms.ChoiceField(
        label="Birth day",
        choices=[("", "Day"), *DAYS],
        required=False,
        widget=forms.Select(attrs={"autocomplete": "bday-day"}),
    )
    moc_consent = forms.BooleanField(
        label=(
            "I agree that my name, board ID, birth month and day and my completions of "
            "activities offering MOC are reported to ACCME (PARS) to pass to my board."
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class LicenceRowForm(forms.Form):
    state = forms.ChoiceField(
        label="State", choices=[("", "Choose a state"), *US_STATES.items()], required=False
    )
    number = forms.CharField(label="Licence number", max_length=40, required=False)


class BoardRowForm(forms.Form):
    board = forms.ChoiceField(
        label="Certifying board",
        choices=[("", "Choose a board"), *CertifyingBoard.choices],
        required=False,
    )
    board_id = forms.CharField(label="Board ID (diplomate number)", max_length=20, required=False)


def _numbered(formset: forms.BaseFormSet, noun: str) -> forms.BaseFormSet:
    """Label each row's inputs with its number ("Licence 2: state") for screen readers."""
    for number, form in enumerate(formset.forms, start=1):
        for field in form.fields.values():
            label = str(field.label)
            field.label = f"{noun} {number}: {label[:1].lower()}{label[1:]}"
    return formset


def licence_formset(data: Any = None, initial: list[dict[str, str]] | None = None) -> Any:
    """Existing licences plus blank rows for more (two when there are none yet)."""
    initial = initial or []
    factory = forms.formset_factory(LicenceRowForm, extra=1 if initial else 2)
    return _numbered(factory(data, initial=initial, prefix="licences"), "Licence")


def board_formset(data: Any = None, initial: list[dict[str, str]] | None = None) -> Any:
    """Existing board certifications plus one blank row."""
    factory = forms.formset_factory(BoardRowForm, extra=1)
    return _numbered(factory(data, initial=initial or [], prefix="boards"), "Board")


def initial_data(details: ProfileDetails) -> dict[str, Any]:
    """The profile form's initial values from the stored profile."""
    moc = details.moc
    return {
        "first_name": details.first_name,
        "last_name": details.last_name,
        "credentials": list(details.credentials),
        "profession": details.profession,
        "specialty": details.specialty,
        "npi": details.npi,
        "wants_moc": moc is not None,
        "birth_month": str(moc.birth_month) if moc and moc.birth_month else "",
        "birth_day": str(moc.birth_day) if moc and moc.birth_day else "",
        "moc_consent": moc is not None and moc.consent,
    }


def details_from(form: ProfileForm, licences: Any, boards: Any) -> ProfileDetails:
    """Shape valid forms into ProfileDetails; blank licence and board rows are skipped."""
    data = form.cleaned_data
    licence_entries = tuple(
        LicenceEntry(row.cleaned_data.get("state", ""), row.cleaned_data.get("number", ""))
        for row in licences.forms
        if row.cleaned_data.get("state") or row.cleaned_data.get("number", "").strip()
    )
    moc = None
    if data["wants_moc"]:
        moc = MocDetails(
            boards=tuple(
                BoardEntry(row.cleaned_data.get("board", ""), row.cleaned_data.get("board_id", ""))
                for row in boards.forms
                if row.cleaned_data.get("board") or row.cleaned_data.get("board_id", "").strip()
            ),
            birth_month=int(data["birth_month"]) if data["birth_month"] else None,
            birth_day=int(data["birth_day"]) if data["birth_day"] else None,
            consent=data["moc_consent"],
        )
    return ProfileDetails(
        first_name=data["first_name"],
        last_name=data["last_name"],
        credentials=tuple(data["credentials"]),
        profession=data["profession"],
        specialty=data["specialty"],
        npi=data["npi"],
        licences=licence_entries,
        moc=moc,
    )


# Section errors (not tied to one input) and the element each is shown in.
SECTIONS = {"licences": "licences-section", "boards": "boards-section"}


def attach_errors(form: ProfileForm, error: ValidationError) -> dict[str, list[str]]:
    """Show the service's errors on the form's fields; return the section errors."""
    sections: dict[str, list[str]] = {}
    for name, messages in error.message_dict.items():
        if name in SECTIONS:
            sections.setdefault(name, []).extend(messages)
        else:
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    return sections
