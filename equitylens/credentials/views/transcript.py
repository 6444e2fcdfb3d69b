"""The learner's transcript: the page, and the same rows as CSV and PDF downloads.

Sign-in required; every query starts from the signed-in learner, so nobody else's
claims can appear. The filters are a plain GET form; the downloads carry the same
query string and so honour the same filters.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from equitylens.credentials.services import transcript as transcripts
from equitylens.credentials.services.transcript import Transcript, transcript_for
from equitylens.licensure.services.progress import licence_progress

QUERY_MAX_LENGTH = 200


def _transcript(request: HttpRequest) -> Transcript:
    """The signed-in learner's transcript, filtered by the GET parameters.

    An unknown year or credit type (an old bookmark, a hand-edited address) drops that
    filter only.
    """
    year_text = request.GET.get("year", "").strip()
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    credit_type = request.GET.get("credit_type", "").strip() or None
    query = request.GET.get("q", "")[:QUERY_MAX_LENGTH]
    result = transcript_for(request.user, year=year, credit_type=credit_type, query=query)
    # The choices come from all of the learner's claims: drop a filter they do not offer.
    if year not in (None, *result.years):
        year = None
    if credit_type not in (None, *dict(result.credit_types)):
        credit_type = None
    if (year, credit_type) != (result.year, result.credit_type):
        result = transcript_for(request.user, year=year, credit_type=credit_type, query=query)
    return result


def _query_string(transcript: Transcript) -> str:
    params: dict[str, Any] = {}
    if transcript.year:
        params["year"] = transcript.year
    if transcript.credit_type:
        params["credit_type"] = transcript.credit_type
    if transcript.query:
        params["q"] = transcript.query
    return urlencode(params)


def _filename(extension: str) -> str:
    return f"transcript-{timezone.localdate().isoformat()}.{extension}"


@login_required
@require_http_methods(["GET", "HEAD"])
def transcript(request: HttpRequest) -> HttpResponse:
    """All the learner's claims with totals, filters and download links."""
    result = _transcript(request)
    response = render(
        request,
        "credentials/transcript.html",
        {
            "transcript": result,
            "query_string": _query_string(result),
            "licence_progress": licence_progress(request.user, timezone.localdate()),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def transcript_csv(request: HttpRequest) -> HttpResponse:
    """The filtered transcript as CSV, one row per credit line."""
    body = transcripts.transcript_csv(_transcript(request))
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def transcript_pdf(request: HttpRequest) -> HttpResponse:
    """The filtered transcript as a PDF with totals."""
    body = transcripts.transcript_pdf(_transcript(request), request.user)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename("pdf")}"'
    response["Cache-Control"] = "private, no-store"
    return response
