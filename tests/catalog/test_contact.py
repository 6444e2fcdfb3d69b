"""Contact the coordinator: stored, e-mailed with Reply-To, rate limited, validated."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from equitylens.audit.services import entries_for
from equitylens.catalog.models import Audience, ContactMessage
from equitylens.catalog.services.contact import ContactRateLimited, send_contact_message
from tests.factories import make_activity, make_learner, make_organization

pytestmark = pytest.mark.django_db

MESSAGE = {"name": "Dr. Lee", "email": "lee@example.org", "message": "Is there parking?"}
HTMX = {"HX-Request": "true", "HX-Target": "contact-form"}


def contact_url(activity) -> str:  # type: ignore[no-untyped-def]
    return reverse("catalog:contact", kwargs={"slug": activity.slug})


def test_message_is_stored_and_emailed_to_the_contact_with_reply_to(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity("Bias Workshop", contact_name="Sam Rivera",
                             contact_email="cme@lakeshore.example")  # fmt: skip
    response = client.post(contact_url(activity), MESSAGE)
    assert response.status_code == 302
    assert response["Location"] == activity.get_absolute_url()
    html = client.get(response["Location"]).content.decode()
    assert "Your message was sent to Sam Rivera. They will reply to lee@example.org." in html
    stored = ContactMessage.objects.get()
    assert (stored.activity, stored.name, stored.email) == (activity, "Dr. Lee", "lee@example.org")
    assert stored.emailed_at is not None
    [sent] = mail.outbox
    assert sent.to == ["cme@lakeshore.example"]
    assert sent.reply_to == ["lee@example.org"]
    assert "Is there parking?" in sent.body
    assert "Bias Workshop" in sent.subject
    assert [entry.action for entry in entries_for(activity)] == ["activity.contact_message"]


def test_invalid_email_is_named_and_changes_nothing(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity()
    response = client.post(contact_url(activity), {**MESSAGE, "email": "not-an-address"})
    html = response.content.decode()
    assert response.status_code == 400
    assert (
        '<a href="#id_email">Your e-mail: Enter your e-mail address in the form '
        "name@example.org.</a>" in html
    )
    assert 'aria-invalid="true"' in html
    assert 'value="not-an-address"' in html  # what was typed is kept for correcting
    assert ContactMessage.objects.count() == 0
    assert mail.outbox == []


def test_every_missing_field_is_named(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(contact_url(make_activity()), {"name": " ", "email": "", "message": ""})
    html = response.content.decode()
    assert "Your name: Enter your name so the coordinator knows who is asking." in html
    assert "Your e-mail: Enter your e-mail address so the coordinator can reply." in html
    assert "Your question: Enter your question." in html


def test_sixth_message_in_an_hour_is_refused_saying_when_to_try_again(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTACT_MESSAGES_PER_HOUR = 5
    activity = make_activity(contact_email="cme@lakeshore.example")
    for _ in range(5):
        assert client.post(contact_url(activity), MESSAGE).status_code == 302
    first = ContactMessage.objects.order_by("created_at").first()
    assert first is not None
    response = client.post(contact_url(activity), MESSAGE)
    html = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    retry_at = timezone.localtime(first.created_at + timedelta(hours=1))
    assert f"You can send another after {retry_at:%-I:%M %p}" in html
    assert "cme@lakeshore.example" in html
    assert ContactMessage.objects.count() == 5
    assert len(mail.outbox) == 5


def test_rate_limit_counts_per_signed_in_sender_not_per_address(settings) -> None:
    settings.CONTACT_MESSAGES_PER_HOUR = 2
    activity = make_activity()
    learner = make_learner()
    for _ in range(2):
        send_contact_message(activity, sender=learner, ip_address="10.0.0.1", **MESSAGE)
    with pytest.raises(ContactRateLimited) as limited:
        send_contact_message(activity, sender=learner, ip_address="10.0.0.2", **MESSAGE)
    oldest = ContactMessage.objects.order_by("created_at").first()
    assert oldest is not None
    assert limited.value.retry_after == oldest.created_at + timedelta(hours=1)
    send_contact_message(activity, sender=make_learner(), ip_address="10.0.0.1", **MESSAGE)
    assert ContactMessage.objects.count() == 3


def test_messages_older_than_an_hour_do_not_count(settings) -> None:
    settings.CONTACT_MESSAGES_PER_HOUR = 1
    activity = make_activity()
    send_contact_message(activity, ip_address="10.0.0.1", **MESSAGE)
    ContactMessage.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    send_contact_message(activity, ip_address="10.0.0.1", **MESSAGE)
    assert ContactMessage.objects.count() == 2


def test_a_name_with_line_breaks_cannot_break_the_subject_line() -> None:
    activity = make_activity("Bias Workshop")
    send_contact_message(activity, **{**MESSAGE, "name": "Dr. Lee\r\nBcc: x@example.org"})
    [sent] = mail.outbox
    assert sent.subject == "Question about “Bias Workshop” from Dr. Lee Bcc: x@example.org"


def test_mail_failure_keeps_the_message_and_tells_the_sender(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def refuse(self: object, *args: object, **kwargs: object) -> int:
        raise smtplib.SMTPServerDisconnected("connection lost")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    activity = make_activity(contact_email="cme@lakeshore.example")
    response = client.post(contact_url(activity), MESSAGE, follow=True)
    html = response.content.decode()
    assert "Your message was saved, but the e-mail" in html
    assert "Please also write to cme@lakeshore.example." in html
    assert ContactMessage.objects.get().emailed_at is None


def test_htmx_post_returns_only_the_form_with_a_confirmation(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity(contact_name="Sam Rivera")
    response = client.post(contact_url(activity), MESSAGE, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form id="contact-form"' in html and "<html" not in html
    assert "Your message was sent to Sam Rivera." in html
    assert 'value="lee@example.org"' not in html  # a fresh form for the next question
    assert ContactMessage.objects.count() == 1
    # The confirmation was shown in place; it must not reappear on the next page.
    assert "Your message was sent" not in client.get(activity.get_absolute_url()).content.decode()


def test_htmx_post_with_errors_returns_the_form_with_them(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity()
    response = client.post(contact_url(activity), {**MESSAGE, "email": "x"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200  # htmx swaps only successful responses
    assert "<html" not in html
    assert "Your e-mail: Enter your e-mail address in the form name@example.org." in html
    assert ContactMessage.objects.count() == 0


def test_signed_in_learner_sees_name_and_email_prefilled(client) -> None:  # type: ignore[no-untyped-def]
    learner = make_learner(email="maya@example.org", first_name="Maya", last_name="Chen")
    client.force_login(learner)
    html = client.get(make_activity().get_absolute_url()).content.decode()
    assert 'value="maya@example.org"' in html and 'value="Maya Chen"' in html


def test_opening_the_contact_address_leads_to_the_form(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity()
    response = client.get(contact_url(activity))
    assert response.status_code == 302
    assert response["Location"] == f"{activity.get_absolute_url()}#contact"


def test_cannot_contact_about_an_activity_one_cannot_see(client) -> None:  # type: ignore[no-untyped-def]
    activity = make_activity(audience=Audience.INTERNAL, internal_to=(make_organization(),))
    assert client.post(contact_url(activity), MESSAGE).status_code == 404
    assert ContactMessage.objects.count() == 0
    assert mail.outbox == []
