"""Duplicating an activity into a new one in development."""

from __future__ import annotations

from django.urls import reverse

from equitylens.audit.models import LogEntry
from equitylens.catalog.models import Activity, ActivityStatus, Audience
from tests.factories import make_activity, make_offering, make_organization, make_topic


def duplicate_url(activity):
    return reverse("coordinator:activity_duplicate", kwargs={"slug": activity.slug})


def test_duplicating_copies_everything_into_a_new_activity_in_development(
    coordinator_client, coordinator
):
    riverbend = make_organization("Riverbend Health")
    partner = make_organization("Equity Partners")
    source = make_activity(
        "Bias Workshop",
        slug="bias-workshop",
        status=ActivityStatus.OPEN,
        audience=Audience.INTERNAL,
        internal_to=(riverbend,),
        joint_provider=partner,
        bookable_privately=True,
        objectives=("First", "Second"),
    )
    source.topics.set([make_topic("Implicit bias")])
    make_offering(source, "ama_pra_1", "2.0", eligible_professions=["physician"])
    make_offering(source, "moc_abs", "2.0", self_assessment=True)

    response = coordinator_client.post(duplicate_url(source))

    copy = Activity.objects.exclude(pk=source.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "coordinator:activity_edit", kwargs={"slug": "copy-of-bias-workshop"}
    )
    assert copy.title == "Copy of Bias Workshop"
    assert copy.status == ActivityStatus.IN_DEVELOPMENT
    assert copy.created_by == coordinator
    for field in ("summary", "description", "format", "duration_minutes", "starts_on",
                  "ends_on", "audience", "joint_provider", "bookable_privately",
                  "contact_name", "contact_email", "provider"):  # fmt: skip
        assert getattr(copy, field) == getattr(source, field), field
    assert list(copy.objectives.values_list("position", "text")) == [(1, "First"), (2, "Second")]
    assert list(copy.topics.values_list("name", flat=True)) == ["Implicit bias"]
    assert list(copy.internal_organizations.all()) == [riverbend]
    assert sorted(
        copy.credit_offerings.values_list(
            "credit_type", "amount", "self_assessment", "eligible_professions"
        )
    ) == sorted(
        source.credit_offerings.values_list(
            "credit_type", "amount", "self_assessment", "eligible_professions"
        )
    )
    assert source.objectives.count() == 2 and source.status == ActivityStatus.OPEN
    entry = LogEntry.objects.get(action="activity.duplicated")
    assert entry.object_id == str(copy.pk) and entry.data["source_id"] == source.pk


def test_duplicating_twice_gives_each_copy_its_own_web_address(coordinator_client):
    source = make_activity("Bias Workshop", slug="bias-workshop")

    coordinator_client.post(duplicate_url(source))
    coordinator_client.post(duplicate_url(source))

    assert set(Activity.objects.values_list("slug", flat=True)) == {
        "bias-workshop",
        "copy-of-bias-workshop",
        "copy-of-bias-workshop-2",
    }


def test_duplicating_needs_a_post(coordinator_client):
    source = make_activity()

    response = coordinator_client.get(duplicate_url(source))

    assert response.status_code == 405
    assert Activity.objects.count() == 1
