"""The demo sessions load through the real rules and loading twice changes nothing."""

from __future__ import annotations

import pytest

from equitylens.accounts.models import User
from equitylens.demo.activities import load_activities
from equitylens.demo.people import load_organizations, load_people
from equitylens.demo.sessions import load_sessions
from equitylens.live.models import Registration, SeriesSettings, Session

pytestmark = pytest.mark.django_db


def load() -> None:
    organizations = load_organizations()
    load_people(organizations)
    coordinator = User.objects.get(email="sam.rivera@lakeshoremed.example")
    activities = {a.slug: a for a in load_activities(organizations, coordinator)}
    load_sessions(activities, {user.email: user for user in User.objects.all()})


def test_demo_sessions_are_idempotent_and_realistic() -> None:
    load()
    counts = (Session.objects.count(), Registration.objects.count())
    load()
    assert counts == (Session.objects.count(), Registration.objects.count()) == (6, 2)

    workshop = Session.objects.get(activity__slug="seeing-patients-video-series-workshop")
    assert (workshop.time_zone, workshop.capacity, workshop.mode) == (
        "America/Chicago",
        25,
        "in_person",
    )
    assert [f.email for f in workshop.facilitators.all()] == ["aisha.johnson@lakeshoremed.example"]

    dialogue = Session.objects.filter(activity__slug="conversations-on-race-and-equity")
    assert dialogue.count() == 3
    assert all(s.capacity == 30 and s.pre_reading_title for s in dialogue)
    assert SeriesSettings.objects.get(activity__slug="conversations-on-race-and-equity").is_dialogue
    maya = Registration.objects.get(user__email="maya.chen@riverbendhealth.example")
    assert maya.session == dialogue.first() and maya.ground_rules_acknowledged_at is not None
