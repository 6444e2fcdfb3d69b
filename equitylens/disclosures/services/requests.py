"""Asking people in control of content to disclose: invitations, resends, the token link."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from equitylens.audit.services import log_action
from equitylens.catalog.models import Activity
from equitylens.disclosures.models import (
    ContentRole,
    ContentRoleKind,
    ContentRoleStatus,
    Disclosure,
    DisclosureRequest,
)
from equitylens.disclosures.services.mail import send_disclosure_mail

REQUEST_VALID_DAYS = 30


class InvitationError(Exception):
    """An invitation was refused; the message names the field and the fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class RequestLinkError(Exception):
    """A disclosure link cannot be used: `reason` is "expired" or "used"."""

    def __init__(self, reason: str, request: DisclosureRequest) -> None:
        super().__init__(reason)
        self.reason = reason
        self.request = request


def current_disclosure(person: Any, now: datetime | None = None) -> Disclosure | None:
    """The person's latest disclosure if it is still valid (submitted within 12 months)."""
    now = now or timezone.now()
    return person.disclosures.filter(valid_until__gt=now).order_by("-submitted_at").first()


def _person_for(email: str, name: str) -> Any:
    user_model = get_user_model()
    email = email.strip().lower()
    person = user_model.objects.filter(email__iexact=email).first()
    if person is None:
        first, _, last = name.strip().partition(" ")
        person = user_model(email=email, first_name=first[:150], last_name=last.strip()[:150])
        person.set_unusable_password()
        try:
            with transaction.atomic():
                person.save()
        except IntegrityError:  # a simultaneous invitation created them first
            person = user_model.objects.get(email__iexact=email)
    return person


def _send_request(role: ContentRole, *, update_prompt: bool) -> DisclosureRequest:
    now = timezone.now()
    request = DisclosureRequest.objects.create(
        content_role=role,
        token=secrets.token_urlsafe(32),
        is_update_prompt=update_prompt,
        sent_at=now,
        expires_at=now + timedelta(days=REQUEST_VALID_DAYS),
    )
    context = {
        "name": role.person.first_name or role.person.display_name,
        "activity": role.activity.title,
        "role": role.get_role_display().lower(),
        "path": reverse("disclosures:respond", kwargs={"token": request.token}),
        "expires": f"{request.expires_at:%B} {request.expires_at.day}, {request.expires_at:%Y}",
        "contact": role.activity.contact_name,
        "contact_email": role.activity.contact_email,
    }
    disclosure = role.disclosure
    if update_prompt and disclosure is not None:
        context["submitted"] = f"{disclosure.submitted_at:%B} {disclosure.submitted_at.day}, " + (
            f"{disclosure.submitted_at:%Y}"
        )
    send_disclosure_mail("update" if update_prompt else "request", role.person.email, context)
    return request


@transaction.atomic
def invite(activity: Activity, *, email: str, name: str, role: str, by: Any) -> ContentRole:
    """Give `email` (creating an account without a password if needed) `role` on `activity`.

    Sends the disclosure request link by e-mail after commit. If the person has a valid
    disclosure (submitted within 12 months) it is reused: the role moves straight on (to
    "disclosed", or "cleared" when they have no relationships) and the e-mail asks whether
    it is still complete, with a link to update it. Inviting the same person to the same
    role again returns the existing role and sends nothing. Raises InvitationError.
    """
    if role not in ContentRoleKind.values:
        raise InvitationError("role", "Role: choose planner, faculty, reviewer or other.")
    if "@" not in email or not email.strip():
        raise InvitationError("email", "E-mail: enter the person's e-mail address.")
    person = _person_for(email, name)
    existing = ContentRole.objects.filter(activity=activity, person=person, role=role).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            content_role = ContentRole.objects.create(
                activity=activity, person=person, role=role, invited_by=by
            )
    except IntegrityError:  # a double submit won the race
        return ContentRole.objects.get(activity=activity, person=person, role=role)
    disclosure = current_disclosure(person)
    if disclosure is not None:
        # Imported here: submission builds on requests (it relinks roles).
        from equitylens.disclosures.services.submission import attach_disclosure

        attach_disclosure(content_role, disclosure)
    log_action(
        by,
        "disclosure.role_invited",
        content_role,
        activity=activity.slug,
        role=role,
        reused_disclosure=disclosure.pk if disclosure else None,
    )
    _send_request(content_role, update_prompt=disclosure is not None)
    return content_role


@transaction.atomic
def resend(content_role: ContentRole, by: Any) -> DisclosureRequest:
    """Send a fresh link (valid 30 days) to a person who has not disclosed or must update."""
    request = _send_request(
        content_role, update_prompt=content_role.status != ContentRoleStatus.INVITED
    )
    log_action(by, "disclosure.request_resent", content_role, request=request.pk)
    return request


def open_request(token: str, now: datetime | None = None) -> DisclosureRequest:
    """The request behind `token`. Raises DisclosureRequest.DoesNotExist for an unknown
    token and RequestLinkError when it has expired or was already used."""
    now = now or timezone.now()
    request = DisclosureRequest.objects.select_related(
        "content_role__person", "content_role__activity"
    ).get(token=token)
    if request.used_at is not None:
        raise RequestLinkError("used", request)
    if request.expires_at <= now:
        raise RequestLinkError("expired", request)
    return request
