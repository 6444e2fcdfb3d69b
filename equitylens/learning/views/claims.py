"""The learner's credit claim: /learn/<slug>/credit/.

GET shows the claim form (or, once claimed, "Your certificate is ready"); POST claims
through learning.services.claims.claim_credit and redirects back here (POST/redirect/GET),
so a reload or a second tab shows the same certificate.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from equitylens.accounts.models import BoardCertification, User
from equitylens.catalog.models import CreditOffering
from equitylens.catalog.presentation import unit_label
from equitylens.catalog.services.statements import format_credit_amount
from equitylens.credentials.models import Certificate
from equitylens.credentials.services.certificates import credit_label
from equitylens.learning.models import CreditClaim, Enrollment
from equitylens.learning.services.claims import (
    MOC_CONSENT_TEXT,
    MOC_CONSENT_WHY,
    ClaimError,
    MocDetails,
    board_id_hint,
    claim_blocker,
    claim_credit,
    claimable_offerings,
    closed_offerings,
)
from equitylens.learning.services.enrollments import LearningRuleError
from equitylens.learning.views.links import enrollment_links


@dataclass(frozen=True)
class CreditRow:
    """One credit the learner may claim, as the form shows it."""

    offering: CreditOffering
    name: str
    unit: str
    maximum: str
    checked: bool
    amount: str
    errors: list[str]
    board: str = ""
    board_id: str = ""
    board_id_errors: tuple[str, ...] = ()
    board_id_hint: str = ""

    @property
    def field(self) -> str:
        return f"amount_{self.offering.credit_type}"


def _own_enrollment(request: HttpRequest, slug: str, session_pk: int | None) -> Enrollment:
    """The signed-in learner's enrollment in `slug` (or its series session); else 404."""
    assert isinstance(request.user, User)
    enrollment = (
        Enrollment.objects.select_related("activity", "activity__provider", "user")
        .filter(user=request.user, activity__slug=slug, session=session_pk)
        .first()
    )
    if enrollment is None:
        raise Http404("No enrollment of yours in this activity.")
    return enrollment


def _submitted_claim(
    post: QueryDict, offerings: list[CreditOffering]
) -> tuple[dict[str, str], MocDetails]:
    """The chosen credit types with their amounts, and the MOC details, from the form."""
    lines = {
        o.credit_type: post.get(f"amount_{o.credit_type}", "")
        for o in offerings
        if post.get(f"claim_{o.credit_type}")
    }
    moc = MocDetails(
        board_ids={
            o.board or "": post.get(f"board_id_{o.board}", "") for o in offerings if o.is_moc
        },
        consent=bool(post.get("moc_consent")),
        birth_month=post.get("birth_month") or None,
        birth_day=post.get("birth_day") or None,
    )
    return lines, moc


def _rows(
    enrollment: Enrollment,
    offerings: list[CreditOffering],
    post: QueryDict | None,
    errors: dict[str, list[str]],
) -> list[CreditRow]:
    saved_ids = dict(
        BoardCertification.objects.filter(user=enrollment.user).values_list("board", "board_id")
    )
    rows = []
    for o in offerings:
        maximum = format_credit_amount(o.amount)
        name = credit_label(o.credit_type, o.unit)
        board = o.board or ""
        rows.append(
            CreditRow(
                offering=o,
                name=name,
                unit=unit_label(o),
                maximum=maximum,
                # Without MOC consent the boards start unticked; other credit starts ticked.
                checked=bool(post.get(f"claim_{o.credit_type}")) if post else not o.is_moc,
                amount=post.get(f"amount_{o.credit_type}", maximum) if post else maximum,
                errors=errors.get(f"amount_{o.credit_type}", []),
                board=board,
                board_id=(post.get(f"board_id_{board}", "") if post else saved_ids.get(board, ""))
                if board
                else "",
                board_id_errors=tuple(errors.get(f"board_id_{board}", [])) if board else (),
                board_id_hint=board_id_hint(board) if board else "",
            )
        )
    return rows


def _error_links(errors: dict[str, list[str]]) -> list[dict[str, str]]:
    anchors = {"credits": "credits", "__all__": "claim-form", "profile": "claim-form"}
    return [
        {"anchor": anchors.get(field, field), "message": message}
        for field, messages_ in errors.items()
        for message in messages_
    ]


def _render_form(
    request: HttpRequest,
    enrollment: Enrollment,
    post: QueryDict | None = None,
    errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    errors = errors or {}
    offerings = claimable_offerings(enrollment)
    rows = _rows(enrollment, offerings, post, errors)
    user = enrollment.user
    if post:
        birth_month, birth_day = post.get("birth_month", ""), post.get("birth_day", "")
    else:
        birth_month, birth_day = str(user.birth_month or ""), str(user.birth_day or "")
    context: dict[str, Any] = {
        "activity": enrollment.activity,
        "credit_rows": [r for r in rows if not r.offering.is_moc],
        "moc_rows": [r for r in rows if r.offering.is_moc],
        "closed_notes": closed_offerings(enrollment),
        "errors": errors,
        "error_links": _error_links(errors),
        "months": [(str(n), calendar.month_name[n]) for n in range(1, 13)],
        "days": [str(n) for n in range(1, 32)],
        "birth_month": birth_month,
        "birth_day": birth_day,
        "moc_consent": bool(post.get("moc_consent")) if post else False,
        "consent_text": MOC_CONSENT_TEXT,
        "consent_why": MOC_CONSENT_WHY,
        "links": enrollment_links(enrollment),
    }
    return render(request, "learning/claim/form.html", context, status=400 if errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def claim(request: HttpRequest, slug: str, session_pk: int | None = None) -> HttpResponse:
    """Claim credit for the signed-in learner's own enrollment (anyone else: 404)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    enrollment = _own_enrollment(request, slug, session_pk)
    links = enrollment_links(enrollment)
    existing = CreditClaim.objects.filter(enrollment=enrollment).first()
    if existing is not None:
        if request.method == "POST":  # double submit, second tab, retry: same certificate
            return redirect(links.claim)
        certificate = Certificate.objects.filter(claim=existing).first()
        return render(
            request,
            "learning/claim/ready.html",
            {
                "activity": enrollment.activity,
                "claim": existing,
                "certificate": certificate,
                "moc_boards": [c.board for c in existing.credits.all() if c.board],
                "links": links,
            },
        )
    blocker = claim_blocker(enrollment)
    if blocker:
        return render(
            request,
            "learning/claim/blocked.html",
            {
                "activity": enrollment.activity,
                "blocker": blocker,
                "needs_evaluation": enrollment.evaluated_at is None,
                "needs_profile": enrollment.evaluated_at is not None
                and not enrollment.user.profession,
                "links": links,
            },
        )
    if request.method != "POST":
        return _render_form(request, enrollment)
    lines, moc = _submitted_claim(request.POST, claimable_offerings(enrollment))
    try:
        claim_credit(enrollment, lines, moc, by=request.user)
    except ClaimError as error:
        return _render_form(request, enrollment, request.POST, error.errors)
    except LearningRuleError as error:
        return _render_form(request, enrollment, request.POST, {"__all__": [str(error)]})
    messages.success(request, "Your credit is claimed and your certificate is ready.")
    return redirect(links.claim)
