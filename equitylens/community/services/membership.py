"""Membership of the community of practice: apply, approve, decline, leave.

States (see ApplicationStatus): pending → approved | declined; approved → left;
declined or left → pending again when the person re-applies. Each transition is one
function here that checks the rule, records it in the audit trail in the same
transaction, and (for decisions) e-mails the applicant after commit.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from equitylens.audit.services import log_action
from equitylens.community.models import ApplicationStatus, CommunityMembership
from equitylens.community.services.mail import send_community_mail


class CommunityRuleError(Exception):
    """A community rule refused the change; `field` names the form field at fault, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


REQUIRED_ANSWERS = {
    "organization_name": "Enter the organization you work for.",
    "role": "Enter your role, e.g. “Director of Health Equity”.",
    "statement": "Tell us in a few sentences why you would like to join.",
}


def is_community_member(user: Any) -> bool:
    """True when `user` is signed in and their application has been approved."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_is_community_member", None)
    if cached is None:
        cached = CommunityMembership.objects.filter(
            user=user, status=ApplicationStatus.APPROVED
        ).exists()
        user._is_community_member = cached
    return bool(cached)


def membership_of(user: Any) -> CommunityMembership | None:
    """The person's application or membership, whatever its state, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return CommunityMembership.objects.filter(user=user).first()


def apply(
    user: Any,
    *,
    organization_name: str,
    role: str,
    statement: str,
    interests: str = "",
    by: Any,
) -> CommunityMembership:
    """Apply to join; one application per person.

    Organization, role and statement are required (CommunityRuleError naming the field).
    While an application is pending, or the person is a member, a new one is refused.
    After a decline (or after leaving) applying again reopens the same record as pending
    with the new answers and clears the earlier decision.
    """
    answers = {
        "organization_name": organization_name.strip(),
        "role": role.strip(),
        "statement": statement.strip(),
    }
    for field, message in REQUIRED_ANSWERS.items():
        if not answers[field]:
            raise CommunityRuleError(message, field=field)
    with transaction.atomic():
        membership = CommunityMembership.objects.select_for_update().filter(user=user).first()
        if membership is not None and membership.status == ApplicationStatus.PENDING:
            raise CommunityRuleError(
                "Your application is already waiting for review; you will get an e-mail "
                "when a coordinator decides."
            )
        if membership is not None and membership.status == ApplicationStatus.APPROVED:
            raise CommunityRuleError("You are already a member of the community of practice.")
        reopened = membership is not None
        if membership is None:
            membership = CommunityMembership(user=user)
        membership.status = ApplicationStatus.PENDING
        membership.organization_name = answers["organization_name"]
        membership.role = answers["role"]
        membership.statement = answers["statement"]
        membership.interests = interests.strip()
        membership.decided_by = None
        membership.decided_at = None
        membership.decline_reason = ""
        membership.listed_in_directory = False
        if reopened:
            membership.applied_at = timezone.now()
        try:
            with transaction.atomic():
                membership.save()
        except IntegrityError as duplicate:
            # Two first applications at once (a double submit): the other one won.
            raise CommunityRuleError(
                "Your application is already waiting for review; you will get an e-mail "
                "when a coordinator decides."
            ) from duplicate
        log_action(by, "community.applied", membership, reopened=reopened)
    return membership


def approve(membership: CommunityMembership, by: Any) -> CommunityMembership:
    """Approve a pending application and e-mail the applicant.

    Approving an application that is already approved changes nothing (a double
    submit); any other state is refused.
    """
    with transaction.atomic():
        locked = CommunityMembership.objects.select_for_update().get(pk=membership.pk)
        if locked.status == ApplicationStatus.APPROVED:
            return locked
        if locked.status != ApplicationStatus.PENDING:
            raise CommunityRuleError(
                f"Only applications waiting for review can be approved; this one is "
                f"“{locked.get_status_display()}”."
            )
        locked.status = ApplicationStatus.APPROVED
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        log_action(by, "community.approved", locked)
        send_community_mail(
            "application_approved", locked.user, {"community_path": reverse("community:home")}
        )
    return locked


def decline(membership: CommunityMembership, reason: str, by: Any) -> CommunityMembership:
    """Decline a pending application with a reason the applicant will read, and e-mail them.

    The reason is required (CommunityRuleError on field "reason"). Declining an
    application that is already declined changes nothing; other states are refused.
    """
    reason = reason.strip()
    if not reason:
        raise CommunityRuleError(
            "Give the applicant a reason; they will read it in the e-mail.", field="reason"
        )
    with transaction.atomic():
        locked = CommunityMembership.objects.select_for_update().get(pk=membership.pk)
        if locked.status == ApplicationStatus.DECLINED:
            return locked
        if locked.status != ApplicationStatus.PENDING:
            raise CommunityRuleError(
                f"Only applications waiting for review can be declined; this one is "
                f"“{locked.get_status_display()}”."
            )
        locked.status = ApplicationStatus.DECLINED
        locked.decline_reason = reason
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
        log_action(by, "community.declined", locked, reason=reason)
        send_community_mail(
            "application_declined",
            locked.user,
            {"reason": reason, "community_path": reverse("community:home")},
        )
    return locked


def leave(membership: CommunityMembership, by: Any) -> CommunityMembership:
    """A member leaves: they drop out of the directory at once. Leaving twice changes nothing."""
    with transaction.atomic():
        locked = CommunityMembership.objects.select_for_update().get(pk=membership.pk)
        if locked.status == ApplicationStatus.LEFT:
            return locked
        if locked.status != ApplicationStatus.APPROVED:
            raise CommunityRuleError("Only members can leave the community.")
        locked.status = ApplicationStatus.LEFT
        locked.listed_in_directory = False
        locked.save(update_fields=["status", "listed_in_directory"])
        log_action(by, "community.left", locked)
    return locked
