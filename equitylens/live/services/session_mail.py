"""E-mails about sessions, with the .ics invitation attached where it helps.

Templates live/email/<kind>.txt (first line: the subject). Kinds: registered,
waitlisted, promoted, registration_cancelled, session_cancelled, reminder. Sending is a
task enqueued after the transaction commits; the task renders from the database, so
it tells the session's current time and place.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from equitylens.live.models import Registration
from equitylens.live.presentation import session_when


@task
def deliver_session_mail(kind: str, registration_id: int, attach_ics: bool) -> None:
    """Render live/email/<kind>.txt for one registration and send it (with .ics if asked)."""
    from equitylens.live.services.calendar import session_ics

    registration = (
        Registration.objects.select_related("session__activity", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return
    session = registration.session
    context = {
        "name": registration.user.first_name,
        "session": session,
        "registration": registration,
        "when": session_when(session),
        "session_url": settings.SITE_URL + reverse("live:session", kwargs={"pk": session.pk}),
        "site_url": settings.SITE_URL,
    }
    text = render_to_string(f"live/email/{kind}.txt", context)
    subject, _, body = text.strip().partition("\n")
    message = EmailMessage(subject.strip(), body.strip() + "\n", None, [registration.user.email])
    if attach_ics:
        message.attach(
            "invitation.ics",
            session_ics(session, registration),
            "text/calendar; method=REQUEST; charset=utf-8",
        )
    message.send()


def send_session_mail(kind: str, registration: Registration, *, attach_ics: bool = False) -> None:
    """Queue e-mail `kind` about `registration` once the current transaction commits."""
    registration_id = registration.pk
    transaction.on_commit(lambda: deliver_session_mail.enqueue(kind, registration_id, attach_ics))
