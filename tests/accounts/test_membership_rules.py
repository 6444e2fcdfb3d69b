"""How membership is proven and kept (services.memberships)."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from equitylens.accounts.models import Membership, MembershipRole, MembershipSource
from equitylens.accounts.services.memberships import (
    ensure_domain_memberships,
    ensure_membership,
    organization_for_email,
)
from equitylens.audit.models import LogEntry
from tests.factories import PASSWORD, make_domain, make_learner, make_organization, make_user

pytestmark = pytest.mark.django_db


def test_ensure_membership_creates_once_and_logs_the_proof():
    user, org = make_user(), make_organization()
    first, created = ensure_membership(user, org, source=MembershipSource.ROSTER)
    again, created_again = ensure_membership(user, org, source=MembershipSource.SSO)
    assert created and not created_again
    assert first == again
    assert Membership.objects.filter(user=user, organization=org).count() == 1
    assert again.source == MembershipSource.ROSTER, "the first proof is kept"
    assert LogEntry.objects.filter(action="membership.created").count() == 1


def test_a_later_proof_never_changes_the_role():
    user, org = make_user(), make_organization()
    ensure_membership(user, org, source=MembershipSource.MANUAL, role=MembershipRole.ORG_ADMIN)
    membership, _ = ensure_membership(user, org, source=MembershipSource.EMAIL_DOMAIN)
    assert membership.role == MembershipRole.ORG_ADMIN


def test_domains_match_without_regard_to_case():
    org = make_organization()
    make_domain(org, "RiverbendHealth.example")
    assert organization_for_email("Jo@RIVERBENDHEALTH.example") == org
    assert organization_for_email("jo@other.example") is None
    assert organization_for_email("not-an-address") is None


def test_only_verified_addresses_in_a_domain_prove_membership():
    org = make_organization()
    make_domain(org, "riverbendhealth.example")
    user = make_user(email="home@example.org")
    EmailAddress.objects.create(user=user, email="jo@riverbendhealth.example", verified=False)
    assert ensure_domain_memberships(user) == []

    EmailAddress.objects.filter(email="jo@riverbendhealth.example").update(verified=True)
    created = ensure_domain_memberships(user)
    assert [(m.organization, m.source) for m in created] == [(org, MembershipSource.EMAIL_DOMAIN)]
    assert ensure_domain_memberships(user) == [], "idempotent"


def test_signing_in_with_a_verified_work_address_proves_membership_added_later(client):
    learner = make_learner(email="jo@riverbendhealth.example")
    org = make_organization("Riverbend Health")
    make_domain(org, "riverbendhealth.example")  # the domain is registered after sign-up
    client.post(reverse("account_login"), {"login": learner.email, "password": PASSWORD})
    assert Membership.objects.get(user=learner).organization == org
