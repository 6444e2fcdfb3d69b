"""Signing in in a real browser: with e-mail and password, and through an organization's SSO.

Runs at 1280 and 375 px (the `page` fixture); the sign-in and profile pages must have
no axe-core violations.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from equitylens.accounts.models import Membership, MembershipSource, User
from tests.accounts.idp import connect, identity_provider, set_identity
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, make_domain, make_organization, make_user

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with identity_provider() as url:
        yield url


def complete_profile(page: Any) -> None:
    page.get_by_label("First name").fill("Maya")
    page.get_by_label("Last name").fill("Chen")
    page.get_by_label("MD", exact=True).check()
    page.get_by_label("Profession").select_option("physician")
    page.get_by_label("Licence 1: state").select_option("MN")
    page.get_by_label("Licence 1: licence number").fill("MN-48213")
    board = page.get_by_label("Board 1: certifying board")
    assert not board.is_visible(), "MOC details are asked only after opting in"
    page.get_by_label("I want MOC points reported to my board").check()
    board.select_option("ABIM")
    page.get_by_label("Board 1: board ID (diplomate number)").fill("284511")
    page.get_by_label("Birth month", exact=True).select_option("4")
    page.get_by_label("Birth day", exact=True).select_option("17")
    page.get_by_label("I agree that my name, board ID").check()
    page.get_by_role("button", name="Complete profile").click()


def test_sign_in_with_e_mail_and_password_then_complete_the_profile(page, live_server, viewport):
    size = f"{viewport['width']}px"
    # With an SSO button on the page, "Sign in with Riverbend Health" must not be
    # mistaken for the password form's "Sign in" button.
    connect(make_organization("Riverbend Health", slug="riverbend-health"), "https://idp.example")
    user = make_user(email="maya.chen@example.org")

    page.goto(f"{live_server.url}/accounts/login/")
    assert page.title().startswith("Sign in")
    assert_accessible(page, f"sign-in-{size}")

    sign_in(page, live_server.url, "maya.chen@example.org", PASSWORD)

    assert page.get_by_role("heading", level=1).inner_text() == "Complete your profile"
    assert_accessible(page, f"profile-{size}")
    page.get_by_role("button", name="Complete profile").click()
    assert "Profession is required" in page.get_by_role("alert").inner_text()
    assert_accessible(page, f"profile-errors-{size}")

    complete_profile(page)

    assert "Your profile is complete" in page.locator(".messages").inner_text()
    user.refresh_from_db()
    assert user.has_complete_profile and user.moc_consent_at is not None
    assert (user.birth_month, user.birth_day) == (4, 17)


def test_sign_in_through_the_organizations_sso(page, live_server, viewport, issuer):
    riverbend = make_organization("Riverbend Health", slug="riverbend-health")
    make_domain(riverbend, "riverbendhealth.example")
    connect(riverbend, issuer)
    email = f"ana.{viewport['width']}@riverbendhealth.example"
    set_identity(issuer, email, email=email, given_name="Ana", family_name="López")

    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page, f"sign-in-with-sso-{viewport['width']}px")
    page.get_by_role("button", name="Sign in with Riverbend Health").click()

    # The organization's identity provider (oidc-provider-mock's own page).
    page.get_by_label("Subject").fill(email)
    page.get_by_role("button", name="Authorize", exact=True).click()

    page.wait_for_url(f"{live_server.url}/accounts/profile/")
    assert page.get_by_role("heading", level=1).inner_text() == "Complete your profile"
    assert page.get_by_label("First name").input_value() == "Ana"
    user = User.objects.get(email=email)
    assert Membership.objects.get(user=user, organization=riverbend).source == MembershipSource.SSO
