"""Editing an activity's details, objectives and credit offerings."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from equitylens.audit.models import LogEntry
from equitylens.catalog.models import ActivityStatus, Audience
from tests.coordinator.posts import edit_post
from tests.factories import make_activity, make_offering, make_organization


def edit_url(activity):
    return reverse("coordinator:activity_edit", kwargs={"slug": activity.slug})


def test_the_edit_page_shows_the_saved_activity(coordinator_client):
    activity = make_activity("Dialogue on Race", status=ActivityStatus.IN_DEVELOPMENT)
    make_offering(activity, amount="1.5")

    page = coordinator_client.get(edit_url(activity)).content.decode()

    assert 'value="Dialogue on Race"' in page
    assert 'value="1.5"' in page
    assert "Describe how implicit bias affects clinical decisions" in page
    assert "Open for registration" in page


def test_saving_changes_updates_the_activity_and_logs_what_changed(coordinator_client, coordinator):
    activity = make_activity("Workshop", status=ActivityStatus.IN_DEVELOPMENT)
    make_offering(activity, amount="2.0")
    post = edit_post(
        activity, title="Workshop on Bias", duration_minutes="90", credits={"ama_pra_1": "1.5"}
    )

    response = coordinator_client.post(edit_url(activity), post)

    activity.refresh_from_db()
    assert response.status_code == 302
    assert (activity.title, activity.duration_minutes) == ("Workshop on Bias", 90)
    assert activity.credit_offerings.get().amount == Decimal("1.50")
    entry = LogEntry.objects.get(action="activity.updated")
    assert entry.actor == coordinator
    assert set(entry.data["changed"]) == {"title", "duration_minutes", "credit_offerings"}
    history = coordinator_client.get(edit_url(activity)).content.decode()
    assert "Edited credit, duration (minutes), title" in history


def test_changing_the_web_address_of_a_draft_moves_its_edit_page(coordinator_client):
    activity = make_activity(slug="old-address", status=ActivityStatus.IN_DEVELOPMENT)

    response = coordinator_client.post(edit_url(activity), edit_post(activity, slug="new-address"))

    activity.refresh_from_db()
    assert activity.slug == "new-address"
    assert response["Location"] == reverse(
        "coordinator:activity_edit", kwargs={"slug": "new-address"}
    )


def test_reordering_objectives_keeps_each_objective_row(coordinator_client):
    activity = make_activity(
        status=ActivityStatus.IN_DEVELOPMENT, objectives=("First", "Second", "Third")
    )
    first, second, third = activity.objectives.order_by("position")
    post = edit_post(activity, objectives=[(third.pk, "Third"), (first.pk, "First, reworded")])
    post["objectives-0-ORDER"], post["objectives-1-ORDER"] = "2", "1"
    post.update({"objectives-2-text": "Fourth", "objectives-TOTAL_FORMS": "3"})

    coordinator_client.post(edit_url(activity), post)

    assert list(activity.objectives.values_list("position", "pk", "text")) == [
        (1, first.pk, "First, reworded"),
        (2, third.pk, "Third"),
        (3, activity.objectives.get(text="Fourth").pk, "Fourth"),
    ]
    assert not activity.objectives.filter(pk=second.pk).exists()


def test_ticking_remove_drops_an_objective_and_a_blank_maximum_drops_a_credit_type(
    coordinator_client,
):
    activity = make_activity(status=ActivityStatus.IN_DEVELOPMENT, objectives=("Keep", "Drop"))
    make_offering(activity, "ama_pra_1", "2.0")
    make_offering(activity, "nursing", "2.0")
    post = edit_post(activity, credits={"ama_pra_1": "2.0"})
    post["objectives-1-DELETE"] = "on"

    coordinator_client.post(edit_url(activity), post)

    assert list(activity.objectives.values_list("text", flat=True)) == ["Keep"]
    assert list(activity.credit_offerings.values_list("credit_type", flat=True)) == ["ama_pra_1"]


def test_status_cannot_be_changed_through_the_form(coordinator_client):
    activity = make_activity(status=ActivityStatus.IN_DEVELOPMENT)
    make_offering(activity)

    coordinator_client.post(edit_url(activity), edit_post(activity, status="open"))

    activity.refresh_from_db()
    assert activity.status == ActivityStatus.IN_DEVELOPMENT


def test_the_web_address_of_an_opened_activity_stays_fixed(coordinator_client):
    activity = make_activity(slug="bias-workshop", status=ActivityStatus.OPEN)
    make_offering(activity)

    page = coordinator_client.get(edit_url(activity)).content.decode()
    coordinator_client.post(edit_url(activity), edit_post(activity, slug="renamed"))

    activity.refresh_from_db()
    assert activity.slug == "bias-workshop"
    assert 'name="slug" value="bias-workshop" maxlength="200" disabled' in page


def test_organizations_are_kept_only_for_an_internal_audience(coordinator_client):
    riverbend = make_organization("Riverbend Health")
    activity = make_activity(status=ActivityStatus.IN_DEVELOPMENT)
    make_offering(activity)

    coordinator_client.post(
        edit_url(activity),
        edit_post(activity, audience="internal", internal_organizations=[str(riverbend.pk)]),
    )
    assert list(activity.internal_organizations.all()) == [riverbend]

    coordinator_client.post(edit_url(activity), edit_post(activity, audience="public"))
    activity.refresh_from_db()
    assert activity.audience == Audience.PUBLIC
    assert not activity.internal_organizations.exists()
