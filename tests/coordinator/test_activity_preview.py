"""Preview as learner: the learner-facing page for an activity in any status."""

from __future__ import annotations

from django.urls import reverse

from equitylens.catalog.models import ActivityStatus
from tests.factories import make_activity, make_offering


def test_a_draft_can_be_previewed_with_its_objectives_credit_and_statements(coordinator_client):
    activity = make_activity(
        "Bias Workshop",
        status=ActivityStatus.IN_DEVELOPMENT,
        objectives=("Name two forms of bias.", "Apply one strategy."),
    )
    make_offering(activity, amount="2.0")

    response = coordinator_client.get(
        reverse("coordinator:activity_preview", kwargs={"slug": activity.slug})
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview as learner" in page
    assert "Learners cannot see this page until the activity opens." in page
    assert page.index("Name two forms of bias.") < page.index("Apply one strategy.")
    assert "is accredited by the Accreditation Council for Continuing Medical Education" in page
    assert "for a maximum of 2.0 AMA PRA Category 1 Credit(s)™" in page


def test_a_missing_activity_is_not_found(coordinator_client):
    response = coordinator_client.get(
        reverse("coordinator:activity_preview", kwargs={"slug": "no-such-activity"})
    )

    assert response.status_code == 404
