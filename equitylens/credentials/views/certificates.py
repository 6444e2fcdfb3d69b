"""The certificate PDF: /certificates/<number>/, for its owner or a coordinator only."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from equitylens.accounts.permissions import is_coordinator, user_has_totp
from equitylens.credentials.models import Certificate
from equitylens.credentials.services.certificate_pdf import render_certificate_pdf
from equitylens.credentials.services.certificates import certificate_layout
from equitylens.credentials.services.verification import normalize_certificate_number


def _may_see_any_certificate(user: Any) -> bool:
    """Coordinators, with two-factor sign-in set up when the back office requires it."""
    if not is_coordinator(user):
        return False
    return not settings.EQUITYLENS_REQUIRE_COORDINATOR_MFA or user_has_totp(user)


@require_http_methods(["GET", "HEAD"])
def certificate(request: HttpRequest, number: str) -> HttpResponse:
    """Download the certificate as a PDF. Anyone but its owner or a coordinator: 404.

    The public verification page (credentials:verify) is the way for others to check it.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    found = (
        Certificate.objects.select_related("claim__activity__provider")
        .filter(number=normalize_certificate_number(number))
        .first()
    )
    owner = found is not None and found.claim.user_id == request.user.pk
    if found is None or not (owner or _may_see_any_certificate(request.user)):
        raise Http404("No such certificate of yours.")
    pdf = render_certificate_pdf(found, certificate_layout(found))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{found.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
