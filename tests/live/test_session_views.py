"""Session pages through the views: what each visitor sees, registering, cancelling,
invitations, the .ics download, the catalog list and the coordinator's screens."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from equitylens.catalog.models import ActivityFormat, ActivityStatus
from equitylens.live.models import Registration, SeriesSettings, Session, SessionMode
from tests.factories import (
    make_activity,
    make_coordinator,
    make_facilitator,
    make_learner,
    make_membership,
    make_organization,
)
from tests.live.factories_sessions import make_dialogue_series, make_registration, make_session

pytestmark = pytest.mark.django_db


def page_of(session: Session) -> str:
    return reverse("live:session", kwargs={"pk": session.pk})


def test_anonymous_visitors_see_the_session_but_not_the_link(client: Client) -> None:
    session = make_session(capacity=25, title="March: Language access")
    content = client.get(page_of(session)).content.decode()
    assert "March: Language access" in content
    assert "the link is shown after you register" in content
    assert "25 of 25 left" in content
    assert "meet.example.org" not in content
    assert "Sign in" in content


def test_a_learner_registers_with_needs_and_then_sees_the_link(client: Client) -> None:
    session = make_session(mode=SessionMode.IN_PERSON, capacity=2)
    learner = make_learner()
    client.force_login(learner)
    response = client.post(
        reverse("live:register", kwargs={"pk": session.pk}),
        {"accessibility_needs": "Step-free access", "dietary_needs": "Vegetarian"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get(user=learner)
    assert (registration.accessibility_needs, registration.dietary_needs) == (
        "Step-free access",
        "Vegetarian",
    )
    content = client.get(page_of(session)).content.decode()
    assert "You are registered." in content
    assert "1 of 2 left" in content
    assert "Add to calendar (.ics)" in content


def test_the_meeting_link_appears_once_registered(client: Client) -> None:
    session = make_session()
    learner = make_learner()
    make_registration(learner, session)
    client.force_login(learner)
    assert "https://meet.example.org/equity-123" in client.get(page_of(session)).content.decode()


def test_dialogue_registration_without_the_tick_explains_and_saves_nothing(
    client: Client,
) -> None:
    session = make_session(make_dialogue_series(), capacity=30)
    client.force_login(make_learner())
    response = client.post(reverse("live:register", kwargs={"pk": session.pk}), {})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Tick “I have read and agree to the ground rules” to register." in content
    assert 'href="#id_ground_rules"' in content
    assert "Speak from your own experience" in content
    assert not Registration.objects.exists()


def test_cancel_frees_the_place(client: Client) -> None:
    session = make_session(capacity=1)
    learner, waiting = make_learner(), make_learner()
    make_registration(learner, session)
    make_registration(waiting, session)
    client.force_login(learner)
    response = client.post(reverse("live:cancel", kwargs={"pk": session.pk}), follow=True)
    assert "Your registration is cancelled." in response.content.decode()
    assert Registration.objects.get(user=waiting).status == "registered"


def test_ics_download_is_only_for_registrants(client: Client) -> None:
    session = make_session()
    learner = make_learner()
    url = reverse("live:session_ics", kwargs={"pk": session.pk})
    client.force_login(learner)
    assert client.get(url).status_code == 404
    make_registration(learner, session)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content


def private_session() -> tuple[Session, Any, Any]:
    workshop = make_activity(status=ActivityStatus.IN_DEVELOPMENT, bookable_privately=True)
    riverbend, northside = make_organization("Riverbend Health"), make_organization("Northside")
    session = make_session(workshop, private_to=riverbend, capacity=20)
    member, outsider = make_learner(), make_learner()
    make_membership(member, riverbend)
    make_membership(outsider, northside)
    return session, member, outsider


def test_private_sessions_are_404_for_outsiders(client: Client) -> None:
    session, _, outsider = private_session()
    assert client.get(page_of(session)).status_code == 404
    client.force_login(outsider)
    assert client.get(page_of(session)).status_code == 404
    response = client.post(reverse("live:register", kwargs={"pk": session.pk}), {})
    assert response.status_code == 404
    assert not Registration.objects.exists()
    catalog = client.get(session.activity.get_absolute_url()).content.decode()
    assert page_of(session) not in catalog


def test_the_invitation_link_brings_members_to_the_session(client: Client) -> None:
    session, member, outsider = private_session()
    url = reverse("live:invitation", kwargs={"token": session.invitation_token})
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response["Location"]
    client.force_login(outsider)
    response = client.get(url)
    assert response.status_code == 404
    content = response.content.decode()
    assert "This invitation is not for your account" in content
    assert "Riverbend" not in content
    client.force_login(member)
    assert client.get(url)["Location"] == page_of(session)
    catalog = client.get(session.activity.get_absolute_url()).content.decode()
    assert page_of(session) in catalog
    client.post(reverse("live:register", kwargs={"pk": session.pk}), {})
    assert Registration.objects.get(user=member).status == "registered"


def test_the_activity_page_lists_upcoming_sessions(client: Client) -> None:
    session = make_session(capacity=10, title="Evening session")
    make_session(session.activity, status="cancelled", title="Cancelled one")
    content = client.get(session.activity.get_absolute_url()).content.decode()
    assert "Upcoming sessions" in content and "Evening session" in content
    assert "10 places left" in content
    assert "Cancelled one" not in content


def test_my_sessions_lists_registrations_and_the_feed(client: Client) -> None:
    learner = make_learner()
    make_registration(learner, make_session(title="Mine"))
    make_session(title="Not mine")
    client.force_login(learner)
    content = client.get(reverse("live:my_sessions")).content.decode()
    assert "Mine" in content and "Not mine" not in content
    assert "/calendar/" in content


# Coordinator screens


def coordinator_client(client: Client) -> Client:
    client.force_login(make_coordinator())
    return client


def test_back_office_is_for_coordinators_only(client: Client) -> None:
    activity = make_activity()
    client.force_login(make_learner())
    assert (
        client.get(reverse("coordinator:sessions", kwargs={"slug": activity.slug})).status_code
        == 403
    )


def test_coordinator_adds_a_session_and_sees_field_errors(client: Client) -> None:
    activity = make_activity(format=ActivityFormat.LIVE_COURSE)
    aisha = make_facilitator()
    coordinator_client(client)
    url = reverse("coordinator:session_new", kwargs={"slug": activity.slug})
    data = {
        "starts_local": "2027-03-03T10:00",
        "ends_local": "2027-03-03T09:00",
        "time_zone": "America/Chicago",
        "mode": "in_person",
        "location": "",
        "capacity": "25",
        "facilitators": [aisha.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "The session must end after it starts" in content
    assert "An in-person session needs a location" in content
    assert not Session.objects.exists()
    data.update(ends_local="2027-03-03T11:30", location="Riverbend Health, Room 2")
    response = client.post(url, data)
    session = Session.objects.get()
    assert response["Location"] == reverse(
        "coordinator:session_edit", kwargs={"slug": activity.slug, "pk": session.pk}
    )
    assert session.starts_at.isoformat() == "2027-03-03T16:00:00+00:00"
    assert list(session.facilitators.all()) == [aisha]
    listing = client.get(reverse("coordinator:sessions", kwargs={"slug": activity.slug}))
    assert "Wed, Mar 3, 2027, 10:00 AM CST" in listing.content.decode()


def test_coordinator_cancels_with_a_reason(client: Client) -> None:
    session = make_session()
    coordinator_client(client)
    url = reverse(
        "coordinator:session_cancel", kwargs={"slug": session.activity.slug, "pk": session.pk}
    )
    assert client.post(url, {"reason": ""}).status_code == 400
    client.post(url, {"reason": "Facilitator unavailable"})
    session.refresh_from_db()
    assert (session.status, session.cancel_reason) == ("cancelled", "Facilitator unavailable")


def test_coordinator_sees_registrations_with_needs(client: Client) -> None:
    session = make_session(capacity=1)
    make_registration(make_learner(), session, accessibility_needs="Captions please")
    make_registration(make_learner(email="waiting@example.org"), session)
    coordinator_client(client)
    content = client.get(
        reverse(
            "coordinator:session_registrations",
            kwargs={"slug": session.activity.slug, "pk": session.pk},
        )
    ).content.decode()
    assert "Captions please" in content
    assert "Waitlist (1)" in content and "waiting@example.org" in content


def test_coordinator_edits_series_settings(client: Client) -> None:
    series = make_activity(format=ActivityFormat.RSS)
    coordinator_client(client)
    url = reverse("coordinator:series_settings", kwargs={"slug": series.slug})
    response = client.post(url, {"is_dialogue": "on", "ground_rules": ""})
    assert response.status_code == 400
    assert "needs ground rules" in response.content.decode()
    client.post(url, {"is_dialogue": "on", "ground_rules": "Listen.", "default_capacity": "20"})
    row = SeriesSettings.objects.get(activity=series)
    assert (row.is_dialogue, row.ground_rules, row.default_capacity) == (True, "Listen.", 20)
