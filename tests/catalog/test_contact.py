"""Contact the coordinator: stored, e-mailed with Reply-To, rate limited, validated."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from equitylens.catalog.models import Audience, ContactMessage
from tests.factories import make_activity, make_learner, make_organization

pytestmark = pytest.mark.django_db

MESSAGE = {"name": "Dr. Lee", "email": "lee@example.org", "message": "Is there parking?"}


def contact_url(activity) -> str:  # type: ignore[no-untyped-def]
    return reverse("catalog:contact", kwargs={"slug": activity.slug})


def test_message_is_stored_and_emailed_to_the_contact_with_reply_to(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity("Bias Workshop", contact_email="cme@lakeshore.example")
    response = client.post(contact_url(activity), MESSAGE, follow=True)
    assert "Your message was sent" in response.content.decode()
    stored = ContactMessage.objects.get()
    assert stored.activity == activity and stored.emailed_at is not None
    [sent] = mail.outbox
    assert sent.to == ["cme@lakeshore.example"]
    assert sent.reply_to == ["lee@example.org"]
    assert "Is there parking?" in sent.body
    assert "Bias Workshop" in sent.subject


def test_invalid_email_is_named_and_nothing_is_stored(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity()
    response = client.post(contact_url(activity), {**MESSAGE, "email": "not-an-address"})
    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()
    assert ContactMessage.objects.count() == 0
    assert mail.outbox == []


def test_sixth_message_in_an_hour_is_refused(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTACT_MESSAGES_PER_HOUR = 5
    activity = make_activity()
    for _ in range(5):
        assert client.post(contact_url(activity), MESSAGE).status_code == 302
    response = client.post(contact_url(activity), MESSAGE)
    assert response.status_code == 429
    assert "wait an hour" in response.content.decode()
    assert ContactMessage.objects.count() == 5


def test_signed_in_learner_sees_name_and_email_prefilled(client) -> None:  # type: ignore[no-untyped-def]
    learner = make_learner(email="maya@example.org", first_name="Maya", last_name="Chen")
    client.force_login(learner)
    html = client.get(make_activity().get_absolute_url()).content.decode()
    assert 'value="maya@example.org"' in html and 'value="Maya Chen"' in html


def test_cannot_contact_about_an_activity_one_cannot_see(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity(audience=Audience.INTERNAL, internal_to=(make_organization(),))
    assert client.post(contact_url(activity), MESSAGE).status_code == 404
    assert ContactMessage.objects.count() == 0
