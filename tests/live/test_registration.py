"""Registration rules: places, the waitlist in order, promotion, dialogue ground rules,
who may register, and who may even see a private session."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.utils import timezone

from equitylens.audit.models import LogEntry
from equitylens.catalog.models import ActivityStatus, Audience
from equitylens.live.models import Registration, RegistrationStatus, SessionMode
from equitylens.live.services.registration import (
    RegistrationAnswers,
    RegistrationError,
    cancel_registration,
    register,
)
from equitylens.live.services.sessions import can_see_session, visible_sessions
from tests.factories import (
    make_activity,
    make_coordinator,
    make_learner,
    make_membership,
    make_organization,
)
from tests.live.factories_sessions import (
    make_dialogue_series,
    make_registration,
    make_session,
)

pytestmark = pytest.mark.django_db


def test_places_fill_then_the_waitlist_takes_people_in_order() -> None:
    session = make_session(capacity=2)
    people = [make_learner() for _ in range(4)]
    statuses = [make_registration(person, session).status for person in people]
    assert statuses == ["registered", "registered", "waitlisted", "waitlisted"]
    waiting = Registration.objects.filter(session=session, status="waitlisted")
    assert [r.user for r in waiting.order_by("queued_at")] == people[2:]


def test_unlimited_capacity_never_waitlists() -> None:
    session = make_session(capacity=None)
    assert all(make_registration(make_learner(), session).status == "registered" for _ in range(5))


def test_registering_twice_returns_the_same_registration() -> None:
    session = make_session(capacity=5)
    learner = make_learner()
    first = make_registration(learner, session, accessibility_needs="Captions")
    again = make_registration(learner, session, accessibility_needs="Something else")
    assert again.pk == first.pk
    assert Registration.objects.get().accessibility_needs == "Captions"
    assert LogEntry.objects.filter(action="registration.registered").count() == 1


def test_cancelling_promotes_the_first_in_line_and_emails_them(
    django_capture_on_commit_callbacks: Any,
) -> None:
    session = make_session(capacity=1)
    holder, first, second = make_learner(), make_learner(), make_learner()
    held = make_registration(holder, session)
    make_registration(first, session)
    make_registration(second, session)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(held, by=holder)
        cancel_registration(held, by=holder)  # a double submit changes nothing
    statuses = {r.user: r.status for r in Registration.objects.all()}
    assert statuses == {holder: "cancelled", first: "registered", second: "waitlisted"}
    recipients = {m.to[0]: m for m in mail.outbox}
    assert set(recipients) == {holder.email, first.email}
    promoted = recipients[first.email]
    assert promoted.subject.startswith("A place opened up")
    assert "BEGIN:VCALENDAR" in promoted.attachments[0][1]
    assert LogEntry.objects.filter(action="registration.promoted").count() == 1


def test_cancelling_a_waitlist_place_promotes_no_one() -> None:
    session = make_session(capacity=1)
    make_registration(make_learner(), session)
    waiting_learner = make_learner()
    waiting = make_registration(waiting_learner, session)
    later = make_learner()
    make_registration(later, session)
    cancel_registration(waiting, by=waiting_learner)
    assert Registration.objects.get(user=later).status == "waitlisted"


def test_only_the_learner_cancels_their_registration() -> None:
    session = make_session()
    registration = make_registration(make_learner(), session)
    with pytest.raises(RegistrationError):
        cancel_registration(registration, by=make_learner())
    assert Registration.objects.get().status == "registered"


def test_a_cancelled_registration_comes_back_at_the_end_of_the_line() -> None:
    session = make_session(capacity=1)
    make_registration(make_learner(), session)
    learner, other = make_learner(), make_learner()
    mine = make_registration(learner, session)
    make_registration(other, session)
    cancel_registration(mine, by=learner)
    back = make_registration(learner, session)
    assert back.pk == mine.pk and back.status == "waitlisted"
    order = Registration.objects.filter(status="waitlisted").order_by("queued_at")
    assert [r.user for r in order] == [other, learner]


def test_registration_confirms_by_email_with_the_invitation(
    django_capture_on_commit_callbacks: Any,
) -> None:
    session = make_session(capacity=3)
    learner = make_learner()
    with django_capture_on_commit_callbacks(execute=True):
        make_registration(learner, session)
    (message,) = mail.outbox
    assert message.subject.startswith("You are registered")
    _name, content, mimetype = message.attachments[0]
    assert mimetype.startswith("text/calendar; method=REQUEST")
    assert "meet.example.org/equity-123" in content.replace("\r\n ", "")


def test_dialogue_registration_requires_the_ground_rules_tick() -> None:
    session = make_session(make_dialogue_series(), capacity=30)
    learner = make_learner()
    with pytest.raises(RegistrationError) as caught:
        make_registration(learner, session)
    assert caught.value.field == "ground_rules"
    assert not Registration.objects.exists()
    registration = make_registration(learner, session, ground_rules_acknowledged=True)
    assert registration.ground_rules_acknowledged_at is not None


def test_dietary_needs_are_kept_only_for_in_person_sessions() -> None:
    online = make_session()
    in_person = make_session(mode=SessionMode.IN_PERSON)
    learner = make_learner()
    assert make_registration(learner, online, dietary_needs="Vegan").dietary_needs == ""
    assert make_registration(learner, in_person, dietary_needs="Vegan").dietary_needs == "Vegan"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "cancelled"}, "cancelled"),
        ({"starts_at": timezone.now() - timedelta(minutes=5)}, "already started"),
    ],
)
def test_registration_is_closed_for_cancelled_or_started_sessions(
    change: dict[str, Any], message: str
) -> None:
    session = make_session(**change)
    with pytest.raises(RegistrationError, match=message):
        make_registration(make_learner(), session)


def test_registration_needs_an_open_activity_and_the_right_audience() -> None:
    draft_activity = make_activity(status=ActivityStatus.IN_DEVELOPMENT)
    with pytest.raises(RegistrationError, match="not open"):
        make_registration(make_learner(), make_session(draft_activity))
    members_only = make_activity(audience=Audience.MEMBERS)
    with pytest.raises(RegistrationError, match="may not take part"):
        make_registration(make_learner(), make_session(members_only))


def private_setup() -> tuple[Any, Any, Any]:
    workshop = make_activity(status=ActivityStatus.IN_DEVELOPMENT, bookable_privately=True)
    riverbend, northside = make_organization("Riverbend Health"), make_organization("Northside")
    session = make_session(workshop, private_to=riverbend, capacity=20)
    member, outsider = make_learner(), make_learner()
    make_membership(member, riverbend)
    make_membership(outsider, northside)
    return session, member, outsider


def test_private_sessions_exist_only_for_their_organization() -> None:
    session, member, outsider = private_setup()
    public = make_session(make_activity(), capacity=5)
    assert can_see_session(member, session)
    assert not can_see_session(outsider, session)
    assert not can_see_session(AnonymousUser(), session)
    assert can_see_session(make_coordinator(), session)
    assert visible_sessions(member, session.activity) == [session]
    assert visible_sessions(outsider, session.activity) == []
    assert visible_sessions(outsider, public.activity) == [public]


def test_members_register_for_private_sessions_of_bookable_activities_in_development() -> None:
    session, member, outsider = private_setup()
    assert make_registration(member, session).status == RegistrationStatus.REGISTERED
    with pytest.raises(RegistrationError, match="organization that booked it"):
        register(outsider, session, RegistrationAnswers(), by=outsider)
