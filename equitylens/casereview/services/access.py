"""Who may see and do what in Health Equity M&M, and the access log every view writes.

Confidentiality is the first requirement: only current members of a series' review body
(with a role) see its cases; organization admins set the series up but do not see cases
unless they hold a seat; platform coordinators get no special pass. The submitter sees
only the status of their own submissions. Every attempt — allowed or denied — to view,
change, export or print anything in the module is written to the append-only CaseAccess
log through the two decorators below, which every case-review view uses.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from equitylens.accounts.models import Membership, MembershipRole
from equitylens.accounts.permissions import is_coordinator
from equitylens.casereview.models import (
    AccessAction,
    AccessOutcome,
    Case,
    CaseAccess,
    CaseSeries,
    ReviewBodyMember,
    ReviewRole,
)
from equitylens.web.client_address import client_ip

Rule = Callable[[Any, CaseSeries], bool]

CASE_FILE_EDITORS = (ReviewRole.FACILITATOR, ReviewRole.PRESENTER, ReviewRole.CONTENT_EXPERT)


def review_seat(user: Any, series: CaseSeries) -> ReviewBodyMember | None:
    """The user's current seat in the series' review body, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return ReviewBodyMember.objects.filter(
        series=series, user=user, removed_at__isnull=True
    ).first()


def is_review_member(user: Any, series: CaseSeries) -> bool:
    """Current review-body members (any role) see the series' cases."""
    return review_seat(user, series) is not None


def is_series_facilitator(user: Any, series: CaseSeries) -> bool:
    """Facilitators review, prepare and move cases, run sessions and read the access log."""
    seat = review_seat(user, series)
    return seat is not None and seat.role == ReviewRole.FACILITATOR


def can_edit_case_file(user: Any, series: CaseSeries) -> bool:
    """Facilitators, presenters and content experts write the case file; committee
    members read it."""
    seat = review_seat(user, series)
    return seat is not None and seat.role in CASE_FILE_EDITORS


def is_organization_admin(user: Any, series: CaseSeries) -> bool:
    """Admins of the series' organization."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, organization_id=series.organization_id, role=MembershipRole.ORG_ADMIN
    ).exists()


def can_manage_series(user: Any, series: CaseSeries) -> bool:
    """The organization's admins and the series' facilitators set up the series and its
    review body. (Coordinators of the platform do not: they could seat themselves.)"""
    return is_organization_admin(user, series) or is_series_facilitator(user, series)


def can_submit(user: Any, series: CaseSeries) -> bool:
    """Any member of the series' organization may submit a case or a topic idea."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(user=user, organization_id=series.organization_id).exists()


def takes_part_in_case_review(user: Any) -> bool:
    """True when `user` has a review-body seat or belongs to an organization with a
    series (shows the "Case review" link)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        ReviewBodyMember.objects.filter(user=user, removed_at__isnull=True).exists()
        or CaseSeries.objects.filter(organization__memberships__user=user).exists()
    )


def can_see_aggregates(user: Any, series: CaseSeries) -> bool:
    """De-identified counts may leave the module: review body, organization admins and
    coordinators see them."""
    return (
        is_review_member(user, series)
        or is_organization_admin(user, series)
        or is_coordinator(user)
    )


def record_access(
    request: HttpRequest,
    *,
    action: str,
    outcome: str,
    series: CaseSeries | None = None,
    series_id: int | None = None,
    case: Case | None = None,
    reason: str = "",
) -> CaseAccess:
    """Append one entry to the access log (never in the caller's transaction's way:
    call it outside `transaction.atomic` so a denied attempt is kept)."""
    user: Any = request.user if getattr(request.user, "is_authenticated", False) else None
    match = getattr(request, "resolver_match", None)
    return CaseAccess.objects.create(
        actor=user,
        organization_id=series.organization_id if series else None,
        series_id=series.pk if series else series_id,
        case_id=case.pk if case else None,
        case_number=case.number if case else None,
        action=action,
        outcome=outcome,
        view_name=(match.view_name if match else "")[:100],
        path=request.get_full_path()[:500],
        method=request.method or "",
        client_address=client_ip(request) or "",
        reason=reason[:200],
    )


def _action_for(request: HttpRequest, declared: str | None) -> str:
    if declared:
        return declared
    return AccessAction.VIEW if request.method in ("GET", "HEAD") else AccessAction.EDIT


def denied(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """The page for a refused attempt: 403 (or 404 for something that does not exist),
    with a sign-in link for anonymous visitors. Nothing about the case is shown."""
    return render(
        request, "casereview/denied.html", {"message": message, "status": status}, status=status
    )


ViewFunc = Callable[..., HttpResponse]


def _open_series(
    request: HttpRequest, series_id: int, kind: str, rule: Rule, refusal: str
) -> tuple[Any, HttpResponse | None]:
    """The series if `rule` lets the user in, else the refusal page (both logged as
    denied: 404 for an unknown series, 403 otherwise)."""
    series = CaseSeries.objects.select_related("organization").filter(pk=series_id).first()
    if series is None:
        record_access(
            request,
            action=kind,
            outcome=AccessOutcome.DENIED,
            series_id=series_id,
            reason="no such series",
        )
        return None, denied(request, 404, "There is no such case-review series.")
    if not rule(request.user, series):
        record_access(
            request,
            action=kind,
            outcome=AccessOutcome.DENIED,
            series=series,
            reason=f"not allowed: {rule.__name__}",
        )
        return None, denied(request, 403, refusal)
    return series, None


def series_access(
    rule: Rule, *, action: str | None = None, refusal: str = ""
) -> Callable[[ViewFunc], ViewFunc]:
    """Open a view (URL kwarg `series_id`) only to users for whom `rule(user, series)`
    holds; the view receives the CaseSeries. Logs every attempt. Unknown series: 404."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, series_id: int, *args: Any, **kwargs: Any) -> Any:
            kind = _action_for(request, action)
            series, refused = _open_series(
                request,
                series_id,
                kind,
                rule,
                refusal or "This page is limited to the series' review body.",
            )
            if refused is not None:
                return refused
            record_access(request, action=kind, outcome=AccessOutcome.ALLOWED, series=series)
            return view(request, series, *args, **kwargs)

        return wrapped

    return decorator


def case_access(
    rule: Rule, *, action: str | None = None, refusal: str = ""
) -> Callable[[ViewFunc], ViewFunc]:
    """Like series_access for a case (URL kwargs `series_id` and `number`); the view
    receives (request, series, case, ...). Purged or unknown cases are 404 — but only
    after the rule passed, so outsiders cannot probe which case numbers exist."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(
            request: HttpRequest, series_id: int, number: int, *args: Any, **kwargs: Any
        ) -> Any:
            kind = _action_for(request, action)
            series, refused = _open_series(
                request,
                series_id,
                kind,
                rule,
                refusal or "Cases are seen only by the series' review body.",
            )
            if refused is not None:
                return refused
            case = Case.objects.filter(series=series, number=number).first()
            if case is None:
                record_access(
                    request,
                    action=kind,
                    outcome=AccessOutcome.DENIED,
                    series=series,
                    reason=f"no case {number}",
                )
                return denied(request, 404, "There is no such case in this series.")
            record_access(
                request, action=kind, outcome=AccessOutcome.ALLOWED, series=series, case=case
            )
            return view(request, series, case, *args, **kwargs)

        return wrapped

    return decorator
