"""The "complete your profile" page and later edits (accounts:profile)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from equitylens.accounts.models import BoardCertification, Licence
from tests.factories import make_learner, make_user

pytestmark = pytest.mark.django_db


def form_data(**changes) -> dict[str, object]:
    data: dict[str, object] = {
        "first_name": "Maya",
        "last_name": "Chen",
        "credentials": ["MD", "PhD"],
        "profession": "physician",
        "specialty": "Internal medicine",
        "npi": "",
        "licences-TOTAL_FORMS": "2",
        "licences-INITIAL_FORMS": "0",
        "licences-0-state": "MN",
        "licences-0-number": "MN-48213",
        "licences-1-state": "",
        "licences-1-number": "",
        "boards-TOTAL_FORMS": "1",
        "boards-INITIAL_FORMS": "0",
        "boards-0-board": "",
        "boards-0-board_id": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_page_needs_sign_in(client):
    assert client.get(reverse("accounts:profile"))["Location"].startswith(reverse("account_login"))


def test_first_visit_asks_to_complete_and_explains_why_moc_details_are_needed(client):
    client.force_login(make_user())
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "<h1>Complete your profile</h1>" in html
    assert "I want MOC points reported to my board" in html
    assert "PARS" in html and "board ID" in html and "birth month and day" in html
    assert '<label for="id_licences-0-state">Licence 1: state</label>' in html


def test_completing_the_profile_saves_it_and_goes_to_the_account_page(client):
    user = make_user()
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), form_data())
    assert response["Location"] == reverse("accounts:account")
    user.refresh_from_db()
    assert user.has_complete_profile
    assert user.credentials == ["MD", "PhD"]
    assert list(Licence.objects.filter(user=user).values_list("state", "number")) == [
        ("MN", "MN-48213")
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Your profile is complete" in page


def test_errors_name_the_field_and_are_tied_to_it(client):
    client.force_login(make_user())
    response = client.post(reverse("accounts:profile"), form_data(first_name="", npi="12345"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    npi = re.search(r'<input[^>]*name="npi"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in npi and "id_npi_error" in npi
    assert "NPI must be 10 digits; you entered 5 characters" in html
    assert '<a href="#id_first_name">First name is required' in html


def test_licence_problems_are_shown_in_the_licence_section(client):
    client.force_login(make_user())
    html = client.post(
        reverse("accounts:profile"), form_data(**{"licences-0-number": ""})
    ).content.decode()
    assert 'id="licences-errors"' in html
    assert "Licence 1: enter the licence number, or clear the row." in html
    assert '<a href="#licences-section">' in html


def test_moc_details_are_saved_only_when_the_learner_wants_moc(client):
    user = make_user()
    client.force_login(user)
    moc_fields = {
        "boards-0-board": "ABIM",
        "boards-0-board_id": "284511",
        "birth_month": "4",
        "birth_day": "17",
        "moc_consent": "on",
    }
    client.post(reverse("accounts:profile"), form_data(**moc_fields))
    user.refresh_from_db()
    assert user.moc_consent_at is None and user.birth_month is None, "not asked for MOC"

    client.post(reverse("accounts:profile"), form_data(wants_moc="on", **moc_fields))
    user.refresh_from_db()
    assert (user.birth_month, user.birth_day) == (4, 17)
    assert user.moc_consent_at is not None
    assert BoardCertification.objects.get(user=user).board_id == "284511"


def test_moc_without_consent_is_refused_with_the_reason(client):
    user = make_user()
    client.force_login(user)
    html = client.post(
        reverse("accounts:profile"),
        form_data(wants_moc="on", **{"boards-0-board": "ABIM", "boards-0-board_id": "284511"},
                  birth_month="4", birth_day="17"),
    ).content.decode()  # fmt: skip
    assert "Consent is required to report MOC points" in html
    user.refresh_from_db()
    assert not user.has_complete_profile


def test_an_edit_shows_the_stored_profile_and_returns_to_next(client):
    learner = make_learner(first_name="Jordan", specialty="Primary care")
    client.force_login(learner)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "<h1>Your profile</h1>" in html and 'value="Jordan"' in html
    response = client.post(
        reverse("accounts:profile") + "?next=/activities/", form_data(first_name="Jordan")
    )
    assert response["Location"] == "/activities/"


def test_next_must_stay_on_this_site(client):
    client.force_login(make_user())
    response = client.post(reverse("accounts:profile") + "?next=https://evil.example/", form_data())
    assert response["Location"] == reverse("accounts:account")
