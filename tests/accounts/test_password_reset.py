"""Forgot your password: a one-time link by e-mail sets a new one."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from equitylens.accounts.models import User
from tests.factories import make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-42"


def reset_link(mail) -> str:
    match = re.search(r"http://testserver(/accounts/password/reset/key/[^\s]+/)", mail.body)
    assert match, mail.body
    return match.group(1)


def set_new_password(client, mail) -> None:
    form_page = client.get(reset_link(mail), follow=True)
    assert "New password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302


def test_reset_link_sets_a_new_password(client, mailoutbox):
    user = make_user(email="maya@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "maya@example.org"})
    assert response["Location"] == reverse("account_reset_password_done")
    set_new_password(client, mailoutbox[0])
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_unknown_address_gets_the_same_answer(client, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("account_reset_password_done")


def test_a_person_added_by_roster_sets_their_first_password_this_way(client, mailoutbox):
    from equitylens.accounts.services.roster import import_roster
    from tests.factories import make_organization

    admin = make_user()
    import_roster(
        make_organization(), "email,first_name,last_name\nnew@example.org,New,Person\n",
        filename="r.csv", by=admin,
    )  # fmt: skip
    new = User.objects.get(email="new@example.org")
    assert not new.has_usable_password()

    client.post(reverse("account_reset_password"), {"email": "new@example.org"})
    set_new_password(client, mailoutbox[0])
    new.refresh_from_db()
    assert new.check_password(NEW_PASSWORD)
