"""The session page after a dialogue session: the breakout group and the feedback link."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from equitylens.live.models import Registration, SessionFeedback
from tests.factories import make_learner
from tests.live.factories_sessions import make_dialogue_series, make_registration, make_session

pytestmark = pytest.mark.django_db


def past_dialogue_registration() -> Registration:
    series = make_dialogue_series()
    session = make_session(series)
    learner = make_learner()
    registration = make_registration(learner, session, ground_rules_acknowledged=True)
    # The session has now happened (moved into the past after registering).
    start = timezone.now() - timedelta(hours=3)
    session.starts_at, session.ends_at = start, start + timedelta(hours=1)
    session.save()
    return registration


def test_the_learner_sees_their_breakout_group_and_is_asked_for_feedback(client: Any) -> None:
    registration = past_dialogue_registration()
    Registration.objects.filter(pk=registration.pk).update(breakout_group="Group 2")
    client.force_login(registration.user)

    page = client.get(f"/sessions/{registration.session.pk}/").content.decode()

    assert "Your breakout group: <strong>Group 2</strong>" in page
    assert f'href="/sessions/{registration.session.pk}/feedback/"' in page


def test_after_feedback_the_page_thanks_instead_of_asking_again(client: Any) -> None:
    registration = past_dialogue_registration()
    SessionFeedback.objects.create(registration=registration, rating=4)
    client.force_login(registration.user)

    page = client.get(f"/sessions/{registration.session.pk}/").content.decode()

    assert "Thank you for your feedback on this session." in page
    assert "/feedback/" not in page


def test_other_learners_see_no_group_or_feedback_link(client: Any) -> None:
    registration = past_dialogue_registration()
    Registration.objects.filter(pk=registration.pk).update(breakout_group="Group 2")
    client.force_login(make_learner())

    page = client.get(f"/sessions/{registration.session.pk}/").content.decode()

    assert "Group 2" not in page and "/feedback/" not in page
