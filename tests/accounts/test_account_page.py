"""The account page lists the person's organizations, role and how membership was proven."""

from __future__ import annotations

import pytest
from django.urls import reverse

from equitylens.accounts.models import MembershipRole, MembershipSource
from tests.factories import make_learner, make_membership, make_organization

pytestmark = pytest.mark.django_db


def test_memberships_are_listed_with_role_and_proof(client):
    learner = make_learner()
    riverbend = make_organization("Riverbend Health", slug="riverbend-health")
    northside = make_organization("Northside Community Clinic")
    make_membership(learner, riverbend, source=MembershipSource.SSO)
    make_membership(
        learner, northside, role=MembershipRole.ORG_ADMIN, source=MembershipSource.ROSTER
    )
    make_organization("Elsewhere Health")  # not theirs

    client.force_login(learner)
    html = client.get(reverse("accounts:account")).content.decode()

    assert (
        "Riverbend Health</td>" in html and "Signed in through the organization&#x27;s SSO" in html
    )
    assert "Northside Community Clinic</td>" in html and "Organization admin" in html
    assert "Elsewhere Health" not in html
    assert f'href="{reverse("accounts:organization_members", args=[northside.slug])}"' in html
    assert reverse("accounts:organization_members", args=[riverbend.slug]) not in html


def test_account_page_needs_sign_in(client):
    assert client.get(reverse("accounts:account")).status_code == 302
