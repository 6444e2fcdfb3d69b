"""Concurrent cancellations and registrations: no over-booking, the waitlist promoted in
order, each learner promoted once.

Each request runs in its own thread with its own database connection and Client. Runs on
SQLite (a shared file, see shared_database) and on PostgreSQL with DATABASE_URL=postgres://…
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from equitylens.audit.models import LogEntry
from equitylens.live.models import Registration, RegistrationStatus
from tests.factories import make_learner
from tests.learning.concurrency import post_at_once
from tests.learning.conftest import shared_database  # noqa: F401  (fixture, reused)
from tests.live.factories_sessions import make_registration, make_session

pytestmark = pytest.mark.django_db(transaction=True)


def clients_of(users: list[Any]) -> list[Client]:
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def post_each(users: list[Any], url: str) -> list[int]:
    """Every user posts to `url` at the same instant (one thread and connection each)."""
    return [response.status_code for response in post_at_once(clients_of(users), url, {})]


def registered(session: Any) -> list[Any]:
    return list(Registration.objects.filter(session=session, status=RegistrationStatus.REGISTERED))


def test_simultaneous_registrations_never_overbook(shared_database: None) -> None:  # noqa: F811
    session = make_session(capacity=3)
    people = [make_learner() for _ in range(8)]
    statuses = post_each(people, reverse("live:register", kwargs={"pk": session.pk}))
    assert statuses == [302] * 8
    assert len(registered(session)) == 3
    assert Registration.objects.filter(session=session, status="waitlisted").count() == 5


def test_the_same_learner_registering_from_many_tabs_gets_one_place(
    shared_database: None,  # noqa: F811
) -> None:
    from tests.learning.concurrency import signed_in_clients

    session = make_session(capacity=3)
    learner = make_learner()
    url = reverse("live:register", kwargs={"pk": session.pk})
    responses = post_at_once(signed_in_clients(learner, 6), url, {})
    assert {r.status_code for r in responses} == {302}
    assert Registration.objects.filter(user=learner).count() == 1
    assert LogEntry.objects.filter(action="registration.registered").count() == 1


def test_simultaneous_cancellations_promote_the_waitlist_in_order_once_each(
    shared_database: None,  # noqa: F811
) -> None:
    session = make_session(capacity=3)
    holders = [make_learner() for _ in range(3)]
    waiting = [make_learner() for _ in range(5)]
    for person in holders + waiting:
        make_registration(person, session)
    mail.outbox.clear()

    statuses = post_each(holders, reverse("live:cancel", kwargs={"pk": session.pk}))

    assert statuses == [302] * 3
    assert {r.user for r in registered(session)} == set(waiting[:3])
    still_waiting = Registration.objects.filter(session=session, status="waitlisted")
    assert [r.user for r in still_waiting.order_by("queued_at")] == waiting[3:]
    promotions = LogEntry.objects.filter(action="registration.promoted")
    assert promotions.count() == 3
    assert len(set(promotions.values_list("object_id", flat=True))) == 3
    promoted_mail = [m.to[0] for m in mail.outbox if m.subject.startswith("A place opened up")]
    assert sorted(promoted_mail) == sorted(p.email for p in waiting[:3])


def test_cancellations_racing_new_registrations_keep_the_line(
    shared_database: None,  # noqa: F811
) -> None:
    session = make_session(capacity=2)
    holders = [make_learner() for _ in range(2)]
    waiting = [make_learner() for _ in range(2)]
    for person in holders + waiting:
        make_registration(person, session)
    newcomers = [make_learner() for _ in range(3)]
    results: list[list[int]] = []
    cancel_url = reverse("live:cancel", kwargs={"pk": session.pk})
    register_url = reverse("live:register", kwargs={"pk": session.pk})
    # Clients sign in here, in the test's thread; the racing threads only post.
    cancelling, registering = clients_of(holders), clients_of(newcomers)

    def race(clients: list[Client], url: str) -> None:
        results.append([r.status_code for r in post_at_once(clients, url, {})])

    threads = [
        threading.Thread(target=race, args=(cancelling, cancel_url)),
        threading.Thread(target=race, args=(registering, register_url)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == 2 and all(statuses == [302] * len(statuses) for statuses in results)
    assert len(registered(session)) == 2
    # Those already in line are served before any newcomer.
    assert {r.user for r in registered(session)} == set(waiting)
    assert Registration.objects.filter(session=session, status="waitlisted").count() == 3
