"""Status buttons on the edit page: allowed transitions, refusals with every reason."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse

from equitylens.audit.models import LogEntry
from equitylens.catalog.models import ActivityStatus
from tests.disclosures.factories_disclosures import make_cleared_planner
from tests.factories import make_activity, make_offering


def status_url(activity):
    return reverse("coordinator:activity_status", kwargs={"slug": activity.slug})


def edit_url(activity):
    return reverse("coordinator:activity_edit", kwargs={"slug": activity.slug})


def ready_activity(**extra):
    activity = make_activity(status=ActivityStatus.IN_DEVELOPMENT, **extra)
    make_offering(activity)
    make_cleared_planner(activity)  # disclosures must not block opening
    return activity


def test_the_edit_page_offers_only_the_allowed_next_statuses(coordinator_client):
    activity = make_activity(status=ActivityStatus.OPEN)

    page = coordinator_client.get(edit_url(activity)).content.decode()

    assert 'name="status" value="closed"' in page
    assert 'name="status" value="expired"' in page
    assert 'name="status" value="open"' not in page
    assert 'name="status" value="in_development"' not in page


def test_opening_a_ready_activity_opens_it_and_records_it(coordinator_client, coordinator):
    activity = ready_activity()

    response = coordinator_client.post(status_url(activity), {"status": "open"}, follow=True)

    activity.refresh_from_db()
    assert activity.status == ActivityStatus.OPEN
    assert "is now open for registration" in response.content.decode()
    entry = LogEntry.objects.get(action="activity.status_changed")
    assert entry.actor == coordinator
    assert entry.data["old"] == "in_development" and entry.data["new"] == "open"


def test_opening_is_refused_with_every_problem_listed(coordinator_client):
    activity = make_activity(
        status=ActivityStatus.IN_DEVELOPMENT, objectives=(), starts_on=None, ends_on=None
    )

    response = coordinator_client.post(status_url(activity), {"status": "open"})

    page = response.content.decode()
    activity.refresh_from_db()
    assert response.status_code == 409
    assert activity.status == ActivityStatus.IN_DEVELOPMENT
    assert "Could not open for registration — fix these first" in page
    assert '<a href="#id_starts_on">Start date: A live activity needs the date' in page
    assert '<a href="#objectives">Learning objectives: Add at least one objective.</a>' in page
    assert '<a href="#credits">Credit: Offer at least one type of credit.</a>' in page
    assert not LogEntry.objects.filter(action="activity.status_changed").exists()


def test_opening_is_refused_when_the_end_date_has_passed(coordinator_client):
    past = date.today() - timedelta(days=3)
    activity = ready_activity(starts_on=past, ends_on=past)

    page = coordinator_client.post(status_url(activity), {"status": "open"}).content.decode()

    assert f"End date: {past:%b %d, %Y} has passed; set a future date to open." in page


def test_a_transition_that_is_not_allowed_is_refused_with_the_reason(coordinator_client):
    activity = ready_activity()

    response = coordinator_client.post(status_url(activity), {"status": "closed"})

    activity.refresh_from_db()
    assert response.status_code == 409
    assert activity.status == ActivityStatus.IN_DEVELOPMENT
    assert "An activity that is in development cannot become closed." in response.content.decode()


def test_a_double_submit_opens_once(coordinator_client):
    activity = ready_activity()

    first = coordinator_client.post(status_url(activity), {"status": "open"})
    second = coordinator_client.post(status_url(activity), {"status": "open"})

    assert first.status_code == second.status_code == 302
    assert LogEntry.objects.filter(action="activity.status_changed").count() == 1


def test_closing_then_reopening_is_recorded_in_the_history(coordinator_client, coordinator):
    activity = ready_activity()
    for status in ("open", "closed", "open"):
        coordinator_client.post(status_url(activity), {"status": status})

    page = coordinator_client.get(edit_url(activity)).content.decode()

    assert "Reopen" not in page  # it is open again: the buttons are close / expire
    assert "Status changed from closed to open for registration" in page
    assert "Status changed from open for registration to closed" in page
    assert coordinator.display_name in page


def test_an_unknown_status_is_a_bad_request(coordinator_client):
    activity = ready_activity()

    response = coordinator_client.post(status_url(activity), {"status": "published"})

    assert response.status_code == 400
