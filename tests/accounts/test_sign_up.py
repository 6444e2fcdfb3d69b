"""Creating an account: e-mail verification first, and a work address proves membership."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from equitylens.accounts.models import Membership, MembershipSource, User
from tests.factories import PASSWORD, make_domain, make_organization, make_user

pytestmark = pytest.mark.django_db


def sign_up(client, email):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def confirmation_path(mail) -> str:
    match = re.search(r"http://testserver(/accounts/confirm-email/[^\s]+/)", mail.body)
    assert match, mail.body
    return match.group(1)


def test_sign_up_sends_a_confirmation_link_and_does_not_sign_in_yet(client, mailoutbox):
    response = sign_up(client, "new.person@example.org")
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.person@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session
    assert mailoutbox[0].to == ["new.person@example.org"]


def test_confirming_the_address_signs_in_and_leads_to_the_profile(client, mailoutbox):
    sign_up(client, "new.person@example.org")
    path = confirmation_path(mailoutbox[0])

    page = client.get(path).content.decode()
    assert "Skip to main content" in page and "new.person@example.org" in page

    response = client.post(path)
    user = User.objects.get(email="new.person@example.org")
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)
    assert response["Location"] == reverse("accounts:profile")


def test_confirmed_work_address_makes_the_person_a_member_of_its_organization(client, mailoutbox):
    riverbend = make_organization("Riverbend Health")
    make_domain(riverbend, "riverbendhealth.example")

    sign_up(client, "jo@riverbendhealth.example")
    user = User.objects.get(email="jo@riverbendhealth.example")
    assert not Membership.objects.filter(user=user).exists(), "unverified proves nothing"

    client.post(confirmation_path(mailoutbox[0]))
    membership = Membership.objects.get(user=user)
    assert membership.organization == riverbend
    assert membership.source == MembershipSource.EMAIL_DOMAIN
    assert membership.role == "member"


def test_signing_up_again_with_a_used_address_mails_its_owner_and_adds_no_account(
    client, mailoutbox
):
    make_user(email="taken@example.org")
    response = sign_up(client, "taken@example.org")
    # The page does not reveal that the account exists (no enumeration); the owner is told.
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="taken@example.org").count() == 1
    assert mailoutbox[0].to == ["taken@example.org"]
    assert "already" in mailoutbox[0].body


def test_password_rules_are_explained_on_the_field(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "p@example.org", "password1": "12345678", "password2": "12345678"},
    )
    html = response.content.decode()
    assert 'id="id_password1_error"' in html
    assert "entirely numeric" in html
    assert not User.objects.filter(email="p@example.org").exists()
