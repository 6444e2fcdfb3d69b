"""The dialogue series' post-session evaluation: who, when, once, and the facilitator's view."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from equitylens.live.models import RegistrationStatus, SessionFeedback
from equitylens.live.services.dialogue import (
    FeedbackError,
    FeedbackInvalid,
    feedback_summary,
    submit_feedback,
)
from tests.factories import make_facilitator, make_learner
from tests.live.factories_facilitation import make_live_session, make_series, register

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ended_dialogue_session(**extra: Any) -> Any:
    return make_live_session(make_series(), starts_at=timezone.now() - timedelta(hours=2), **extra)


def url(session: Any) -> str:
    return f"/sessions/{session.pk}/feedback/"


def test_registrant_gives_feedback_once_through_the_page() -> None:
    session = ended_dialogue_session()
    row = register(session)
    client = signed_in(row.user)
    form = client.get(url(session)).content.decode()
    assert "<legend>How would you rate this session? (required)</legend>" in form
    assert "Did the space feel safe to speak?" in form and "Prefer not to say" in form
    answers = {"rating": "4", "felt_safe": "prefer_not", "comment": "Thoughtful."}
    assert client.post(url(session), answers).status_code == 302
    assert client.post(url(session), {**answers, "rating": "1"}).status_code == 302
    feedback = SessionFeedback.objects.get()
    assert (feedback.rating, feedback.felt_safe, feedback.comment) == (4, None, "Thoughtful.")
    assert "You gave this session 4 of 5" in client.get(url(session)).content.decode()


def test_missing_answers_are_named_and_nothing_is_saved() -> None:
    session = ended_dialogue_session()
    row = register(session)
    response = signed_in(row.user).post(url(session), {"comment": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a rating from 1 (poor) to 5 (excellent)." in html
    assert "Choose yes, no or prefer not to say." in html
    assert 'href="#rating-first"' in html and 'aria-describedby="rating_help rating_error"' in html
    assert not SessionFeedback.objects.exists()


def test_not_before_the_session_ends() -> None:
    session = make_live_session(make_series(), starts_at=timezone.now() - timedelta(minutes=10))
    row = register(session)
    with pytest.raises(FeedbackError, match="opens when the session ends"):
        submit_feedback(row, "5", "yes", "")
    response = signed_in(row.user).post(url(session), {"rating": "5", "felt_safe": "yes"})
    assert response.status_code == 409 and not SessionFeedback.objects.exists()


def test_only_registered_learners_and_only_dialogue_sessions() -> None:
    session = ended_dialogue_session()
    waiting = register(session, status=RegistrationStatus.WAITLISTED)
    assert signed_in(waiting.user).get(url(session)).status_code == 404
    assert signed_in(make_learner()).get(url(session)).status_code == 404
    plain = make_live_session(starts_at=timezone.now() - timedelta(hours=3))
    row = register(plain)
    with pytest.raises(FeedbackError, match="no post-session evaluation"):
        submit_feedback(row, "5", "yes", "")


def test_bad_values_are_refused() -> None:
    row = register(ended_dialogue_session())
    with pytest.raises(FeedbackInvalid) as invalid:
        submit_feedback(row, "6", "maybe", "x" * 2001)
    assert set(invalid.value.errors) == {"rating", "felt_safe", "comment"}


def test_facilitator_sees_the_aggregate_without_names() -> None:
    facilitator = make_facilitator()
    session = ended_dialogue_session(facilitators=(facilitator,))
    a = register(session, make_learner(first_name="Maya", last_name="Chen"))
    b = register(session)
    submit_feedback(a, "5", "yes", "Felt heard.")
    submit_feedback(b, "3", "no", "")
    summary = feedback_summary(session)
    assert (summary.count, summary.average) == (2, 4.0)
    assert (summary.felt_safe_yes, summary.felt_safe_no) == (1, 1)
    html = signed_in(facilitator).get(f"/facilitate/sessions/{session.pk}/").content.decode()
    assert "2 responses · average rating 4.0 of 5" in html and "Felt heard." in html


def test_series_page_links_a_past_registered_session_to_its_feedback() -> None:
    session = ended_dialogue_session()
    row = register(session)
    html = signed_in(row.user).get(f"/series/{session.activity.slug}/").content.decode()
    assert f'href="{url(session)}"' in html
