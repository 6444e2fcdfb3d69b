"""Signing in through an organization's OpenID Connect provider (a real one, on loopback).

Rules: the first sign-in creates the person and an SSO membership; a local account with
the same e-mail — vouched for by the provider — is linked, never duplicated; later
sign-ins reuse the link; an existing membership keeps its role.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from equitylens.accounts.models import Membership, MembershipRole, MembershipSource, User
from equitylens.audit.models import LogEntry
from tests.accounts.idp import connect, identity_provider, set_identity, sso_sign_in
from tests.factories import make_domain, make_membership, make_organization, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with identity_provider() as url:
        yield url


@pytest.fixture
def riverbend(issuer):
    organization = make_organization("Riverbend Health", slug="riverbend-health")
    make_domain(organization, "riverbendhealth.example")
    connect(organization, issuer)
    return organization


def signed_in_user(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_first_sso_sign_in_creates_the_person_with_an_sso_membership(client, issuer, riverbend):
    set_identity(
        issuer, "rb-1001", email="ana.lopez@partner.example", email_verified=True,
        given_name="Ana", family_name="López",
    )  # fmt: skip
    response = sso_sign_in(client, riverbend, "rb-1001")

    user = signed_in_user(client)
    assert user is not None and user.email == "ana.lopez@partner.example"
    assert (user.first_name, user.last_name) == ("Ana", "López")
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.organization, membership.source, membership.role) == (
        riverbend, MembershipSource.SSO, MembershipRole.MEMBER,
    )  # fmt: skip
    assert SocialAccount.objects.get(user=user).uid == "rb-1001"
    assert SocialAccount.objects.get(user=user).provider == "riverbend-health"
    assert response["Location"] == reverse("accounts:profile")
    assert LogEntry.objects.filter(action="membership.created", data__source="sso").exists()


def test_sso_sign_in_with_the_e_mail_of_a_local_account_links_to_it(client, issuer, riverbend):
    priya = make_user(email="priya.patel@partner.example")
    users_before = User.objects.count()
    set_identity(issuer, "rb-2002", email="priya.patel@partner.example", email_verified=True)

    sso_sign_in(client, riverbend, "rb-2002")

    assert User.objects.count() == users_before
    assert signed_in_user(client) == priya
    assert SocialAccount.objects.get(uid="rb-2002").user == priya
    assert Membership.objects.get(user=priya).source == MembershipSource.SSO
    priya.refresh_from_db()
    assert priya.has_usable_password(), "a verified local account keeps its password"


def test_a_second_sso_sign_in_reuses_the_linked_account(client, issuer, riverbend):
    set_identity(issuer, "rb-3003", email="sam.okafor@partner.example", email_verified=True)
    sso_sign_in(client, riverbend, "rb-3003")
    first = signed_in_user(client)
    client.post(reverse("account_logout"))
    assert signed_in_user(client) is None

    sso_sign_in(client, riverbend, "rb-3003")

    assert signed_in_user(client) == first
    assert User.objects.filter(email="sam.okafor@partner.example").count() == 1
    assert SocialAccount.objects.filter(uid="rb-3003").count() == 1
    assert Membership.objects.filter(user=first).count() == 1


def test_the_provider_vouches_for_addresses_in_its_organizations_own_domain(
    client, issuer, riverbend
):
    maya = make_user(email="maya.chen@riverbendhealth.example")
    # No email_verified claim: the address is in Riverbend's own domain, so it counts.
    set_identity(issuer, "rb-4004", email="maya.chen@riverbendhealth.example")

    sso_sign_in(client, riverbend, "rb-4004")

    assert signed_in_user(client) == maya
    assert SocialAccount.objects.get(uid="rb-4004").user == maya


def test_an_unvouched_address_never_takes_over_or_duplicates_a_local_account(
    client, issuer, riverbend, mailoutbox
):
    owner = make_user(email="jordan@elsewhere.example")
    users_before = User.objects.count()
    set_identity(issuer, "rb-5005", email="jordan@elsewhere.example", email_verified=False)

    sso_sign_in(client, riverbend, "rb-5005")

    assert User.objects.count() == users_before
    assert signed_in_user(client) != owner
    assert not SocialAccount.objects.filter(user=owner).exists()
    assert [m.to for m in mailoutbox] == [["jordan@elsewhere.example"]], "the owner is told"


def test_sso_keeps_an_existing_membership_and_its_role(client, issuer, riverbend):
    admin = make_user(email="lead@partner.example")
    make_membership(admin, riverbend, role=MembershipRole.ORG_ADMIN, source=MembershipSource.ROSTER)
    set_identity(issuer, "rb-6006", email="lead@partner.example", email_verified=True)

    sso_sign_in(client, riverbend, "rb-6006")

    membership = Membership.objects.get(user=admin, organization=riverbend)
    assert (membership.role, membership.source) == (
        MembershipRole.ORG_ADMIN,
        MembershipSource.ROSTER,
    )


def test_sso_sign_in_returns_to_the_page_asked_for(client, issuer, riverbend):
    from tests.factories import make_learner

    make_learner(email="done@partner.example")
    set_identity(issuer, "rb-7007", email="done@partner.example", email_verified=True)
    response = sso_sign_in(client, riverbend, "rb-7007", next_url="/activities/")
    assert response["Location"] == "/activities/"


def test_a_coordinator_signing_in_through_sso_still_enters_an_authenticator_code(
    client, issuer, riverbend
):
    from tests.factories import make_coordinator, totp_code

    coordinator = make_coordinator(email="sam@partner.example")
    set_identity(issuer, "rb-8008", email="sam@partner.example", email_verified=True)

    response = sso_sign_in(client, riverbend, "rb-8008")

    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_user(client) is None
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert signed_in_user(client) == coordinator
