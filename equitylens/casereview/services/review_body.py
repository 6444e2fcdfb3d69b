"""The review body of a series: seats, roles and the acknowledgment of the ground rules.

Seats are never deleted: removing sets `removed_at`, adding the person again restores the
seat (and asks them to acknowledge the ground rules again). Only members of the series'
organization get a seat. A series always keeps at least one current facilitator, whose
training and experience are noted. Audit entries name roles and people, never case content.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from equitylens.accounts.models import Membership, Organization, User
from equitylens.audit.services import log_action
from equitylens.casereview.models import CaseSeries, ReviewBodyMember, ReviewRole

QUALIFICATIONS_MAX_LENGTH = 2000
# A second identical "add member" by the same person this soon is a double submit.
DUPLICATE_WINDOW = timedelta(minutes=10)


class SeriesError(Exception):
    """A series or review-body rule was broken; nothing was saved. `errors` maps a form
    field (or "__all__") to a message. Also importable from services.series."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def org_member(organization: Organization, email: str) -> tuple[User | None, str]:
    """The user with `email` who belongs to `organization`, or an error message."""
    email = email.strip()
    if not email:
        return None, "Enter the person's e-mail address."
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return None, f"No one with the e-mail address {email} has an account here."
    if not Membership.objects.filter(user=user, organization=organization).exists():
        return None, f"{email} is not a member of {organization.name}."
    return user, ""


def qualifications_error(role: str, qualifications: str) -> str | None:
    """Why `role` with `qualifications` cannot be given (unknown role, a facilitator
    without training and experience noted, too long), or None."""
    if role not in ReviewRole.values:
        return "Choose a role: facilitator, presenter, content expert or committee member."
    if role == ReviewRole.FACILITATOR and not qualifications.strip():
        return "Note the facilitator's training and experience."
    if len(qualifications) > QUALIFICATIONS_MAX_LENGTH:
        return f"Shorten the qualifications to {QUALIFICATIONS_MAX_LENGTH} characters or fewer."
    return None


def add_member(
    series: CaseSeries, by: Any, *, email: str, role: str, qualifications: str = ""
) -> ReviewBodyMember:
    """Give a member of the series' organization a seat with `role`.

    Errors name the e-mail: unknown person, not a member of the organization, already has
    a seat. A removed seat is restored (role and qualifications as given). Facilitators
    need qualifications. The same addition repeated by the same person within ten minutes
    (a double submit) returns the seat without an error.
    """
    user, problem = org_member(series.organization, email)
    errors = {"email": problem} if problem else {}
    problem_q = qualifications_error(role, qualifications)
    if problem_q:
        errors["role" if role not in ReviewRole.values else "qualifications"] = problem_q
    if errors or user is None:
        raise SeriesError(errors)
    with transaction.atomic():
        CaseSeries.objects.select_for_update().filter(pk=series.pk).first()
        seat = ReviewBodyMember.objects.filter(series=series, user=user).first()
        if seat is not None and seat.removed_at is None:
            repeat = (
                seat.added_by_id == getattr(by, "pk", None)
                and seat.role == role
                and seat.qualifications == qualifications.strip()
                and seat.added_at >= timezone.now() - DUPLICATE_WINDOW
            )
            if repeat:
                return seat
            raise SeriesError(
                {"email": f"{email.strip()} already has a seat ({seat.get_role_display()})."}
            )
        if seat is None:
            seat = ReviewBodyMember(series=series, user=user)
        restored = seat.pk is not None
        seat.role, seat.qualifications = role, qualifications.strip()
        seat.removed_at, seat.added_by = None, by
        if restored:
            # Back after a removal: they acknowledge the ground rules again.
            seat.ground_rules_acknowledged_version = None
            seat.ground_rules_acknowledged_at = None
        seat.save()
        if restored:  # added_at is auto_now_add; the restore counts as the new addition
            ReviewBodyMember.objects.filter(pk=seat.pk).update(added_at=timezone.now())
        log_action(
            by,
            "casereview.member.restored" if restored else "casereview.member.added",
            seat,
            role=role,
        )
    return seat


def _refuse_losing_last_facilitator(seat: ReviewBodyMember, doing: str) -> None:
    if seat.role != ReviewRole.FACILITATOR:
        return
    others = ReviewBodyMember.objects.filter(
        series_id=seat.series_id, role=ReviewRole.FACILITATOR, removed_at__isnull=True
    ).exclude(pk=seat.pk)
    if not others.exists():
        raise SeriesError(
            {
                "role": f"{seat.user.display_name} is the only facilitator of this series; "
                f"add another facilitator before {doing}."
            }
        )


def change_member(
    series: CaseSeries, by: Any, seat: ReviewBodyMember, *, role: str, qualifications: str
) -> ReviewBodyMember:
    """Change a current seat's role and qualifications. Refuses demoting the last current
    facilitator and a facilitator without qualifications (SeriesError, nothing saved)."""
    problem = qualifications_error(role, qualifications)
    if problem:
        raise SeriesError({"role" if role not in ReviewRole.values else "qualifications": problem})
    with transaction.atomic():
        CaseSeries.objects.select_for_update().filter(pk=series.pk).first()
        seat = ReviewBodyMember.objects.select_related("user").get(pk=seat.pk, series=series)
        if seat.removed_at is not None:
            raise SeriesError(
                {"role": "This seat was removed; add the person again to restore it."}
            )
        if role != ReviewRole.FACILITATOR:
            _refuse_losing_last_facilitator(seat, "changing their role")
        if seat.role == role and seat.qualifications == qualifications.strip():
            return seat
        old_role = seat.role
        seat.role, seat.qualifications = role, qualifications.strip()
        seat.save(update_fields=["role", "qualifications"])
        log_action(by, "casereview.member.changed", seat, role=role, previous_role=old_role)
    return seat


def remove_member(series: CaseSeries, by: Any, seat: ReviewBodyMember) -> ReviewBodyMember:
    """Remove a seat (sets `removed_at`, keeps the record). Removing a removed seat again
    changes nothing; removing the last current facilitator is refused (SeriesError)."""
    with transaction.atomic():
        CaseSeries.objects.select_for_update().filter(pk=series.pk).first()
        seat = ReviewBodyMember.objects.select_related("user").get(pk=seat.pk, series=series)
        if seat.removed_at is not None:
            return seat
        _refuse_losing_last_facilitator(seat, "removing them")
        seat.removed_at = timezone.now()
        seat.save(update_fields=["removed_at"])
        log_action(by, "casereview.member.removed", seat, role=seat.role)
    return seat


def has_acknowledged(user: Any, series: CaseSeries) -> bool:
    """True when `user` holds a current seat and acknowledged the current ground rules."""
    if not getattr(user, "is_authenticated", False):
        return False
    return ReviewBodyMember.objects.filter(
        series=series,
        user=user,
        removed_at__isnull=True,
        ground_rules_acknowledged_version__gte=series.ground_rules_version,
    ).exists()


def members_pending_acknowledgment(series: CaseSeries) -> list[ReviewBodyMember]:
    """Current members who have not acknowledged the current goals and ground rules."""
    return list(
        ReviewBodyMember.objects.filter(series=series, removed_at__isnull=True)
        .filter(
            Q(ground_rules_acknowledged_version__isnull=True)
            | Q(ground_rules_acknowledged_version__lt=series.ground_rules_version)
        )
        .select_related("user")
    )


def acknowledge_ground_rules(series: CaseSeries, user: Any) -> ReviewBodyMember:
    """Record that `user` acknowledged the current goals and ground rules (version and
    time). Acknowledging the same version again changes nothing. SeriesError when the
    user has no current seat."""
    with transaction.atomic():
        current = CaseSeries.objects.select_for_update().get(pk=series.pk)
        seat = ReviewBodyMember.objects.filter(
            series=current, user=user, removed_at__isnull=True
        ).first()
        if seat is None:
            raise SeriesError({"__all__": "Only members of the review body acknowledge."})
        if (seat.ground_rules_acknowledged_version or 0) >= current.ground_rules_version:
            return seat
        seat.ground_rules_acknowledged_version = current.ground_rules_version
        seat.ground_rules_acknowledged_at = timezone.now()
        seat.save(
            update_fields=["ground_rules_acknowledged_version", "ground_rules_acknowledged_at"]
        )
        log_action(
            user, "casereview.ground_rules.acknowledged", seat, version=current.ground_rules_version
        )
    return seat
