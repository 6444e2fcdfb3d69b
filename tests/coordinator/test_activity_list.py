"""The back office list of every activity, with filters and search."""

from __future__ import annotations

from django.urls import reverse

from equitylens.catalog.models import ActivityFormat, ActivityStatus, Audience
from tests.factories import make_activity, make_offering, make_organization, make_topic

LIST = reverse("coordinator:activities")


def titles(response) -> list[str]:
    return [activity.title for activity, _ in response.context["rows"]]


def test_the_list_shows_every_activity_with_status_format_audience_and_credit(
    coordinator_client,
):
    riverbend = make_organization("Riverbend Health", short_name="Riverbend")
    draft = make_activity("Draft workshop", status=ActivityStatus.IN_DEVELOPMENT)
    make_offering(draft, "ama_pra_1", "2.0")
    make_offering(draft, "moc_abim", "2.0", unit="points")
    make_activity(
        "Internal course",
        format=ActivityFormat.ENDURING,
        audience=Audience.INTERNAL,
        internal_to=(riverbend,),
    )

    response = coordinator_client.get(LIST)

    page = response.content.decode()
    assert titles(response) == ["Draft workshop", "Internal course"]
    assert "In development" in page and "Open for registration" in page
    assert "Enduring material (self-paced online)" in page
    assert "Internal: Riverbend" in page
    assert "AMA PRA Cat 1: 2.0 credits" in page and "ABIM MOC: 2.0 points" in page
    assert reverse("coordinator:activity_new") in page
    assert reverse("coordinator:activity_edit", kwargs={"slug": draft.slug}) in page


def test_the_list_filters_by_status_and_format(coordinator_client):
    make_activity("Open live", status=ActivityStatus.OPEN)
    make_activity("Closed live", status=ActivityStatus.CLOSED)
    make_activity("Open course", status=ActivityStatus.OPEN, format=ActivityFormat.ENDURING)

    by_status = coordinator_client.get(LIST, {"status": "open"})
    by_both = coordinator_client.get(LIST, {"status": "open", "format": "enduring"})

    assert titles(by_status) == ["Open course", "Open live"]
    assert titles(by_both) == ["Open course"]
    assert "1 activity matches your filters." in by_both.content.decode()


def test_the_search_matches_title_summary_and_topic(coordinator_client):
    make_activity("Anti-racism in practice")
    make_activity("Workshop", summary="Language access for patients")
    topical = make_activity("Grand rounds")
    topical.topics.set([make_topic("Maternal health")])

    assert titles(coordinator_client.get(LIST, {"q": "racism"})) == ["Anti-racism in practice"]
    assert titles(coordinator_client.get(LIST, {"q": "language"})) == ["Workshop"]
    assert titles(coordinator_client.get(LIST, {"q": "maternal"})) == ["Grand rounds"]


def test_an_empty_search_result_offers_to_clear_the_filters(coordinator_client):
    make_activity("Workshop")

    page = coordinator_client.get(LIST, {"q": "nothing-like-this"}).content.decode()

    assert "No activity matches." in page
