"""Signing in with e-mail and password, and the two-factor step for those who use it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, make_coordinator, make_learner, make_user, totp_code

pytestmark = pytest.mark.django_db


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password, **extra})


def test_correct_password_signs_in_and_follows_next(client):
    learner = make_learner(email="maya@example.org")
    response = sign_in(client, "maya@example.org", next="/activities/")
    assert response.status_code == 302
    assert response["Location"] == "/activities/"
    assert client.session["_auth_user_id"] == str(learner.pk)


def test_e_mail_is_matched_without_regard_to_case(client):
    make_learner(email="maya@example.org")
    assert sign_in(client, "Maya@Example.org").status_code == 302
    assert "_auth_user_id" in client.session


def test_first_sign_in_goes_to_complete_the_profile(client):
    make_user(email="new@example.org")
    response = sign_in(client, "new@example.org")
    assert response["Location"] == reverse("accounts:profile")


def test_completed_profile_goes_home(client):
    make_learner(email="maya@example.org")
    assert sign_in(client, "maya@example.org")["Location"] == reverse("web:home")


def test_unverified_e_mail_cannot_sign_in_until_confirmed(client, mailoutbox):
    make_user(email="unconfirmed@example.org", verified=False)
    response = sign_in(client, "unconfirmed@example.org")
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert mailoutbox and mailoutbox[0].to == ["unconfirmed@example.org"]


def test_account_with_authenticator_must_enter_a_code(client):
    coordinator = make_coordinator(email="sam@example.org")
    response = sign_in(client, "sam@example.org")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Enter your authenticator code" in page
    assert '<label for="id_code">Code</label>' in page

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session
    assert 'role="alert"' in wrong.content.decode()

    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_sign_out_ends_the_session(client):
    make_learner(email="maya@example.org")
    sign_in(client, "maya@example.org")
    confirm = client.get(reverse("account_logout"))
    assert "Skip to main content" in confirm.content.decode()
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
