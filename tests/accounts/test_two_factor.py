"""Coordinators must use two-factor sign-in; allauth's TOTP pages work in our layout and CSP."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from tests.factories import PASSWORD, make_coordinator, make_learner

pytestmark = pytest.mark.django_db


def sign_in(client, email):
    client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def assert_csp_safe(html: str) -> None:
    """Nothing the Content-Security-Policy (no inline script or style) would block."""
    assert " style=" not in html and "<style" not in html
    for script in re.findall(r"<script[^>]*>", html):
        assert "src=" in script or 'type="application/json"' in script, script


def test_coordinator_without_authenticator_is_sent_to_the_explanation(client):
    make_coordinator(email="sam@example.org", with_totp=False)
    sign_in(client, "sam@example.org")
    response = client.get(reverse("coordinator:organizations"))
    assert response["Location"] == reverse("accounts:mfa_required")


def test_explanation_says_why_and_links_to_authenticator_setup(client):
    make_coordinator(email="sam@example.org", with_totp=False)
    sign_in(client, "sam@example.org")
    html = client.get(reverse("accounts:mfa_required")).content.decode()
    assert "certificates" in html and "authenticator app" in html
    assert f'href="{reverse("mfa_activate_totp")}"' in html
    assert "Skip to main content" in html


def test_explanation_page_needs_sign_in(client):
    response = client.get(reverse("accounts:mfa_required"))
    assert response["Location"].startswith(reverse("account_login"))


def confirm_password(client, next_url):
    """allauth asks for the password again before changing two-factor settings."""
    response = client.get(next_url)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    page = client.get(response["Location"]).content.decode()
    assert '<label for="id_password">' in page and "Skip to main content" in page
    client.post(response["Location"], {"password": PASSWORD})


def test_setting_up_the_authenticator_opens_the_back_office(client):
    coordinator = make_coordinator(email="sam@example.org", with_totp=False)
    sign_in(client, "sam@example.org")
    confirm_password(client, reverse("mfa_activate_totp"))

    response = client.get(reverse("mfa_activate_totp"))
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="QR code', html)
    assert "data:" in response["Content-Security-Policy"].split("img-src")[1].split(";")[0]
    assert_csp_safe(html)
    secret = re.search(r'id="authenticator_secret"[^>]*>([A-Z2-7]+)</code>', html).group(1)

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    done = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()

    codes = client.get(done["Location"], follow=True).content.decode()
    assert "Recovery codes" in codes
    assert_csp_safe(codes)
    assert client.get(reverse("coordinator:organizations")).status_code == 200


def test_wrong_setup_code_explains_and_activates_nothing(client):
    coordinator = make_coordinator(email="sam@example.org", with_totp=False)
    sign_in(client, "sam@example.org")
    confirm_password(client, reverse("mfa_activate_totp"))
    client.get(reverse("mfa_activate_totp"))
    html = client.post(reverse("mfa_activate_totp"), {"code": "000000"}).content.decode()
    assert 'role="alert"' in html and 'aria-invalid="true"' in html
    assert not Authenticator.objects.filter(user=coordinator).exists()


def test_two_factor_overview_renders_in_our_layout(client):
    make_learner(email="maya@example.org")
    sign_in(client, "maya@example.org")
    html = client.get(reverse("mfa_index")).content.decode()
    assert "Skip to main content" in html and 'class="panel' in html
    assert_csp_safe(html)


def test_learners_do_not_need_two_factor_for_their_own_pages(client):
    make_learner(email="maya@example.org")
    sign_in(client, "maya@example.org")
    assert client.get(reverse("accounts:account")).status_code == 200
