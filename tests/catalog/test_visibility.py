"""Who sees which activity: audience, status and organization membership."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from equitylens.catalog.models import ActivityFormat, ActivityStatus, Audience
from equitylens.catalog.services.visibility import (
    CatalogQuery,
    can_view,
    listed_activities,
    may_participate,
    search_catalog,
)
from tests.factories import (
    make_activity,
    make_coordinator,
    make_learner,
    make_membership,
    make_offering,
    make_organization,
    make_provider,
    make_topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    health_system = make_organization("Riverbend Health")
    clinic = make_organization("Northside Clinic")
    staff = make_learner()
    make_membership(staff, health_system)
    nurse = make_learner()
    make_membership(nurse, clinic)
    internal = make_activity("Internal course", audience=Audience.INTERNAL,
                             internal_to=(health_system,))  # fmt: skip
    public = make_activity("Public course")
    members = make_activity("Members course", audience=Audience.MEMBERS)
    draft = make_activity("Draft", status=ActivityStatus.IN_DEVELOPMENT)
    bookable = make_activity("Bookable workshop", status=ActivityStatus.IN_DEVELOPMENT,
                             bookable_privately=True)  # fmt: skip
    expired = make_activity("Expired course", status=ActivityStatus.EXPIRED)
    return locals()


def titles(queryset) -> set[str]:  # type: ignore[no-untyped-def]
    return set(queryset.values_list("title", flat=True))


def test_anonymous_visitors_see_public_and_members_only_activities(world) -> None:  # type: ignore[no-untyped-def]
    assert titles(listed_activities(AnonymousUser())) == {
        "Public course", "Members course", "Bookable workshop"
    }  # fmt: skip


def test_health_system_members_also_see_their_internal_course(world) -> None:  # type: ignore[no-untyped-def]
    assert "Internal course" in titles(listed_activities(world["staff"]))
    assert can_view(world["staff"], world["internal"])


def test_members_of_another_organization_do_not_see_it(world) -> None:  # type: ignore[no-untyped-def]
    assert "Internal course" not in titles(listed_activities(world["nurse"]))
    assert not can_view(world["nurse"], world["internal"])
    assert not can_view(AnonymousUser(), world["internal"])


def test_drafts_are_hidden_unless_bookable_and_coordinators_see_everything(world) -> None:  # type: ignore[no-untyped-def]
    assert not can_view(world["staff"], world["draft"])
    assert can_view(world["staff"], world["bookable"])
    coordinator = make_coordinator()
    assert can_view(coordinator, world["draft"])
    assert "Internal course" in titles(listed_activities(coordinator))


def test_expired_activities_leave_the_catalog_but_their_page_stays(world) -> None:  # type: ignore[no-untyped-def]
    assert "Expired course" not in titles(listed_activities(AnonymousUser()))
    assert can_view(AnonymousUser(), world["expired"])


def test_only_provider_members_may_take_part_in_members_only_activities(world) -> None:  # type: ignore[no-untyped-def]
    assert not may_participate(world["staff"], world["members"])
    make_membership(world["staff"], make_provider())
    assert may_participate(world["staff"], world["members"])
    assert not may_participate(AnonymousUser(), world["public"])
    assert may_participate(world["nurse"], world["public"])
    assert not may_participate(world["nurse"], world["internal"])


def test_search_matches_words_in_objectives_and_filters_combine(world) -> None:  # type: ignore[no-untyped-def]
    enduring = make_activity("Self-paced course", format=ActivityFormat.ENDURING,
                             objectives=("Name three sources of unconscious bias",))  # fmt: skip
    enduring.topics.add(make_topic("Implicit bias"))
    make_offering(enduring, credit_type="moc_abim", amount="1")
    anonymous = AnonymousUser()
    assert titles(search_catalog(anonymous, CatalogQuery(text="unconscious sources"))) == {
        "Self-paced course"
    }
    assert titles(search_catalog(anonymous, CatalogQuery(format="enduring"))) == {
        "Self-paced course"
    }
    assert titles(search_catalog(anonymous, CatalogQuery(credit_type="moc_abim"))) == {
        "Self-paced course"
    }
    assert titles(search_catalog(anonymous, CatalogQuery(topic="implicit-bias"))) == {
        "Self-paced course"
    }


def test_open_now_excludes_closed_past_and_not_yet_released_activities(world) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    make_activity("Closed", status=ActivityStatus.CLOSED)
    make_activity(
        "Finished", starts_on=today - timedelta(days=9), ends_on=today - timedelta(days=9)
    )
    make_activity("Not released", format=ActivityFormat.ENDURING,
                  starts_on=today + timedelta(days=5), ends_on=today + timedelta(days=300))  # fmt: skip
    open_now = titles(search_catalog(AnonymousUser(), CatalogQuery(open_now=True)))
    assert open_now == {"Public course", "Members course"}


def test_open_activities_are_listed_first() -> None:
    make_activity("A closed one", status=ActivityStatus.CLOSED)
    make_activity("Z open one")
    found = list(search_catalog(AnonymousUser(), CatalogQuery()))
    assert [a.title for a in found] == ["Z open one", "A closed one"]


def test_a_one_day_workshop_without_an_end_date_is_open_until_its_day() -> None:
    today = timezone.localdate()
    make_activity("Today", starts_on=today, ends_on=None)
    make_activity("Yesterday", starts_on=today - timedelta(days=1), ends_on=None)
    open_now = search_catalog(AnonymousUser(), CatalogQuery(open_now=True))
    assert titles(open_now) == {"Today"}
    assert [a.is_open_on(today) for a in open_now] == [True]


def test_internal_activity_for_two_organizations_is_listed_once_to_a_member_of_both() -> None:
    first, second = make_organization(), make_organization()
    make_activity("Shared course", audience=Audience.INTERNAL, internal_to=(first, second))
    person = make_learner()
    make_membership(person, first)
    make_membership(person, second)
    assert [a.title for a in search_catalog(person, CatalogQuery())] == ["Shared course"]
