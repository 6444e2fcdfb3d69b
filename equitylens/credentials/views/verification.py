"""The public verification page: is certificate EL-… valid, and whose is it?

No sign-in. A lookup answers "valid" with the four facts the certificate states, or
"not found" with no hint of near matches. Lookups are limited per IP address.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from equitylens.credentials.services.verification import (
    NUMBER_MAX_LENGTH,
    VerificationRateLimited,
    normalize_certificate_number,
    note_lookup,
    verify_certificate,
)
from equitylens.web.client_address import client_ip


def _input_error(number: str) -> str:
    if not number:
        return (
            "Enter the certificate number printed on the certificate, "
            "for example EL-2026-7KQ4-MX9P."
        )
    if len(number) > NUMBER_MAX_LENGTH:
        return (
            f"A certificate number has at most {NUMBER_MAX_LENGTH} characters; you entered "
            f"{len(number)}. Check it against the certificate."
        )
    return ""


@require_http_methods(["GET", "HEAD"])
def verify(request: HttpRequest) -> HttpResponse:
    """The form, and with ?number=… the answer (200 valid, 404 not found, 429 too many)."""
    context: dict[str, Any] = {"number": request.GET.get("number", "")[:100], "looked_up": False}
    status = 200
    if "number" in request.GET:
        number = normalize_certificate_number(request.GET["number"])
        context["error"] = _input_error(number)
        if not context["error"]:
            try:
                note_lookup(client_ip(request))
            except VerificationRateLimited as limited:
                context["rate_limited"] = True
                status = 429
                response = render(request, "credentials/verify.html", context, status=status)
                response["Retry-After"] = str(limited.retry_after)
                return _private(response)
            context["looked_up"] = True
            context["normalized"] = number
            context["certificate"] = verify_certificate(number)
            if context["certificate"] is None:
                status = 404
        else:
            status = 400
    return _private(render(request, "credentials/verify.html", context, status=status))


def _private(response: HttpResponse) -> HttpResponse:
    # Results name a person: keep them out of search engines and shared caches.
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-cache"
    return response
