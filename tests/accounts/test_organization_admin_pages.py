"""Organization admin pages: members list and roster import, for that organization's admins only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from equitylens.accounts.models import Membership, MembershipRole, MembershipSource, User
from tests.factories import (
    make_coordinator,
    make_learner,
    make_membership,
    make_organization,
    make_user,
)

pytestmark = pytest.mark.django_db

ROSTER = (
    b"email,first_name,last_name,role\n"
    b"ana@riverbend.example,Ana,Lopez,\n"
    b"bo@riverbend.example,Bo,Ng,org_admin\n"
)


@pytest.fixture
def riverbend():
    return make_organization("Riverbend Health", slug="riverbend-health")


@pytest.fixture
def org_admin(riverbend):
    admin = make_learner(email="priya@riverbend.example")
    make_membership(admin, riverbend, role=MembershipRole.ORG_ADMIN)
    return admin


def upload(client, organization, content: bytes, name: str = "staff.csv"):
    return client.post(
        reverse("accounts:roster_import", args=[organization.slug]),
        {"roster": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_admin_sees_members_with_how_they_were_confirmed(client, riverbend, org_admin):
    maya = make_learner(first_name="Maya", last_name="Chen")
    make_membership(maya, riverbend, source=MembershipSource.SSO)
    outsider = make_learner(first_name="Olu", last_name="Outside")
    make_membership(outsider, make_organization("Elsewhere"))
    client.force_login(org_admin)
    html = client.get(
        reverse("accounts:organization_members", args=[riverbend.slug])
    ).content.decode()
    assert "Maya Chen" in html and "Signed in through the organization&#x27;s SSO" in html
    assert "Olu Outside" not in html


def test_admin_imports_a_roster_and_sees_the_new_members(client, riverbend, org_admin):
    client.force_login(org_admin)
    response = upload(client, riverbend, ROSTER)
    assert response["Location"] == reverse("accounts:organization_members", args=[riverbend.slug])
    assert Membership.objects.get(user__email="bo@riverbend.example").role == "org_admin"
    html = client.get(response["Location"]).content.decode()
    assert "Imported 2 people from staff.csv: 2 new members (2 new accounts)" in html
    assert "Ana Lopez" in html and "staff.csv" in html


def test_a_bad_roster_lists_every_problem_and_imports_nothing(client, riverbend, org_admin):
    client.force_login(org_admin)
    users_before = User.objects.count()
    bad = b"email,first_name,last_name,role\nnope,Ana,Lopez,\nbo@x.example,,Ng,boss\n"
    response = upload(client, riverbend, bad)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported: 3 problems in the file" in html
    assert '<td class="num">2</td><td>email</td>' in html
    assert '<td class="num">3</td><td>first_name</td>' in html
    assert '<td class="num">3</td><td>role</td>' in html
    assert User.objects.count() == users_before


def test_no_file_chosen_says_so(client, riverbend, org_admin):
    client.force_login(org_admin)
    html = client.post(reverse("accounts:roster_import", args=[riverbend.slug])).content.decode()
    assert "Roster file: choose the CSV file to import." in html


@pytest.mark.parametrize("page", ["accounts:organization_members", "accounts:roster_import"])
def test_members_admins_of_other_organizations_and_strangers_are_refused(client, riverbend, page):
    member = make_learner()
    make_membership(member, riverbend)
    other_admin = make_learner()
    make_membership(other_admin, make_organization("Elsewhere"), role=MembershipRole.ORG_ADMIN)
    url = reverse(page, args=[riverbend.slug])
    for person in (member, other_admin, make_learner()):
        client.force_login(person)
        assert client.get(url).status_code == 403
    assert upload(client, riverbend, ROSTER).status_code == 403
    assert not User.objects.filter(email="ana@riverbend.example").exists()


def test_anonymous_visitors_are_sent_to_sign_in_and_unknown_slugs_are_404(client, org_admin):
    url = reverse("accounts:organization_members", args=["riverbend-health"])
    assert client.get(url)["Location"].startswith(reverse("account_login"))
    client.force_login(org_admin)
    assert client.get(reverse("accounts:organization_members", args=["nope"])).status_code == 404


def test_coordinators_may_see_any_organization_with_two_factor(client, riverbend):
    client.force_login(make_coordinator())
    assert (
        client.get(reverse("accounts:organization_members", args=[riverbend.slug])).status_code
        == 200
    )
    client.force_login(make_coordinator(with_totp=False))
    response = client.get(reverse("accounts:organization_members", args=[riverbend.slug]))
    assert response["Location"] == reverse("accounts:mfa_required")


def test_an_org_admin_needs_no_two_factor_for_their_own_organization(client, riverbend):
    admin = make_user()
    make_membership(admin, riverbend, role=MembershipRole.ORG_ADMIN)
    client.force_login(admin)
    assert client.get(reverse("accounts:roster_import", args=[riverbend.slug])).status_code == 200
