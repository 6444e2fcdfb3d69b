"""The sign-in page: our layout, exact labels, accessible errors, an SSO button per organization."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import make_organization

pytestmark = pytest.mark.django_db

ALLAUTH_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]


@pytest.mark.parametrize("url_name", ALLAUTH_PAGES)
def test_allauth_pages_render_inside_our_layout(client, url_name):
    html = client.get(reverse(url_name)).content.decode()
    assert 'href="#main">Skip to main content' in html
    assert "/static/web/equitylens.css" in html
    assert '<html lang="en">' in html
    # allauth's own bare layout has a "Menu:" list; ours replaces it.
    assert "Menu:" not in html


def test_login_form_fields_are_labelled_e_mail_and_password_and_button_says_sign_in(client):
    html = client.get(reverse("account_login")).content.decode()
    assert '<label for="id_login">E-mail</label>' in html
    assert '<label for="id_password">Password</label>' in html
    assert re.search(r'<button type="submit" class="button">Sign in</button>', html)
    assert "placeholder=" not in html, "placeholders must not stand in for labels"


def test_wrong_password_error_is_announced_in_an_alert(client):
    response = client.post(reverse("account_login"), {"login": "x@example.org", "password": "no"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "The e-mail address or the password is not right" in html


def test_a_missing_field_error_is_tied_to_its_input(client):
    html = client.post(reverse("account_login"), {"login": "", "password": "x"}).content.decode()
    field = re.search(r"<input[^>]*id=\"id_login\"[^>]*>", html)
    assert field is not None
    assert 'aria-invalid="true"' in field.group(0)
    assert 'aria-describedby="id_login_error"' in field.group(0)
    assert 'id="id_login_error"' in html
    assert '<a href="#id_login">' in html, "the error summary links to the field"


def test_each_organization_with_sso_gets_a_post_form_to_its_provider_login(client):
    from tests.accounts.idp import connect

    riverbend = make_organization("Riverbend Health", slug="riverbend-health")
    make_organization("Northside Community Clinic", slug="northside")  # no SSO
    connect(riverbend, "https://login.riverbend.example")

    html = client.get(reverse("account_login") + "?next=/activities/").content.decode()

    form = re.search(
        r'<form method="post" action="/accounts/oidc/riverbend-health/login/">(.*?)</form>',
        html,
        re.S,
    )
    assert form is not None
    assert "csrfmiddlewaretoken" in form.group(1)
    assert '<input type="hidden" name="next" value="/activities/">' in form.group(1)
    assert "Sign in with Riverbend Health</button>" in form.group(1)
    assert "Sign in with Northside" not in html


def test_no_sso_section_when_no_organization_has_sso(client):
    make_organization("Northside Community Clinic")
    html = client.get(reverse("account_login")).content.decode()
    assert "Sign in with your organization" not in html
