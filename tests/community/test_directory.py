"""The member directory: only members see it, only listed members appear, no e-mails shown."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from equitylens.community.models import ApplicationStatus
from equitylens.community.services.directory import directory_entries, set_directory_listing
from equitylens.community.services.membership import CommunityRuleError
from tests.community.factories_community import make_application, make_member
from tests.factories import make_learner

pytestmark = pytest.mark.django_db


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.fixture
def people() -> dict[str, object]:
    listed = make_member(
        make_learner(first_name="Priya", last_name="Patel", email="priya@riverbend.example"),
        listed=True,
        organization_name="Riverbend Health",
        role="VP, Health Equity",
        interests="language access, anti-racism",
    )
    unlisted = make_member(
        make_learner(first_name="Quinn", last_name="Hidden", email="quinn@example.org"),
        listed=False,
    )
    pending = make_application(
        make_learner(first_name="Penny", last_name="Pending"), listed_in_directory=True
    )
    declined = make_application(
        make_learner(first_name="Dora", last_name="Declined"),
        status=ApplicationStatus.DECLINED,
        listed_in_directory=True,
    )
    return {"listed": listed, "unlisted": unlisted, "pending": pending, "declined": declined}


def test_only_approved_members_who_opted_in_appear(people: dict) -> None:
    entries = directory_entries(people["unlisted"].user)
    assert [entry.name for entry in entries] == ["Priya Patel"]
    assert entries[0].organization == "Riverbend Health"
    assert entries[0].role == "VP, Health Equity"
    assert entries[0].interests == ["language access", "anti-racism"]


def test_non_members_cannot_read_the_directory(people: dict) -> None:
    with pytest.raises(CommunityRuleError):
        directory_entries(people["pending"].user)
    with pytest.raises(CommunityRuleError):
        directory_entries(make_learner())


def test_search_by_name_organization_role_and_interest(people: dict) -> None:
    viewer = people["unlisted"].user
    assert len(directory_entries(viewer, query="riverbend")) == 1
    assert len(directory_entries(viewer, query="priya equity")) == 1
    assert directory_entries(viewer, query="northside") == []
    assert len(directory_entries(viewer, interest="Language")) == 1
    assert directory_entries(viewer, interest="oncology") == []


def test_members_opt_in_and_out_and_set_their_interests(people: dict) -> None:
    member = people["unlisted"]
    updated = set_directory_listing(member, True, " housing ,  , food security ")
    assert updated.listed_in_directory is True
    assert updated.interests == "housing, food security"
    assert len(directory_entries(member.user)) == 2
    set_directory_listing(member, False, "housing")
    assert len(directory_entries(member.user)) == 1


def test_only_members_can_be_listed(people: dict) -> None:
    with pytest.raises(CommunityRuleError):
        set_directory_listing(people["pending"], True, "")


def test_overlong_interests_are_refused_naming_the_field(people: dict) -> None:
    with pytest.raises(CommunityRuleError) as refused:
        set_directory_listing(people["unlisted"], True, "x" * 401)
    assert refused.value.field == "interests"


def test_directory_page_lists_members_without_email_addresses(people: dict) -> None:
    response = signed_in(people["unlisted"].user).get(reverse("community:directory"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Priya Patel" in html and "VP, Health Equity" in html and "language access" in html
    assert "Quinn Hidden" not in html.split("<main", 1)[1].split("Member directory", 1)[1]
    assert "Penny Pending" not in html and "Dora Declined" not in html
    assert "@" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_directory_search_through_the_page(people: dict) -> None:
    client = signed_in(people["unlisted"].user)
    html = client.get(reverse("community:directory"), {"q": "northside"}).content.decode()
    assert "Priya Patel" not in html
    assert "0 members match your search" in html


def test_non_members_get_403_with_how_to_apply(people: dict) -> None:
    response = signed_in(people["pending"].user).get(reverse("community:directory"))
    assert response.status_code == 403
    assert "waiting for review" in response.content.decode()
    assert "Priya Patel" not in response.content.decode()
    outsider = signed_in(make_learner()).get(reverse("community:directory"))
    assert outsider.status_code == 403
    assert "How to apply" in outsider.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    response = Client().get(reverse("community:directory"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_member_who_left_no_longer_sees_the_directory(people: dict) -> None:
    from equitylens.community.services.membership import leave

    leave(people["listed"], by=None)
    response = signed_in(people["listed"].user).get(reverse("community:directory"))
    assert response.status_code == 403
