"""The checker on the web: the paste-and-check page, inline suggestions, the JSON API.

All three are public and store nothing: text is checked and thrown away. Findings are
suggestions; nothing here blocks or changes what anyone writes.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from equitylens.language.services.guide_store import current_checker, current_number
from equitylens.language.services.suggestions import (
    MAX_TEXT_CHARS,
    inline_suggestions,
    number_findings,
    segments,
    too_long_message,
)


class CheckForm(forms.Form):
    """The paste-and-check form: one text area, checked as written (not stripped)."""

    text = forms.CharField(
        label="Text to check",
        strip=False,
        help_text=f"Up to {MAX_TEXT_CHARS:,} characters. Nothing you paste is stored.",
        error_messages={"required": "Paste or type some text to check."},
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "true"}),
    )

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if len(text) > MAX_TEXT_CHARS:
            raise forms.ValidationError(too_long_message(len(text)))
        return text


@require_http_methods(["GET", "POST"])
def check_page(request: HttpRequest) -> HttpResponse:
    """Paste text, press Check, see it highlighted with the list of suggestions."""
    context: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        form = CheckForm(request.POST)
        if form.is_valid():
            text = form.cleaned_data["text"]
            items = number_findings(current_checker().iter_findings(text))
            context.update(checked=True, items=items, segments=segments(text, items))
        else:
            status = 400
    else:
        form = CheckForm()
    context["form"] = form
    return render(request, "language/check.html", context, status=status)


# No CSRF token: the fragment is a pure function of the posted text (nothing is stored,
# no session or cookie is read), and text areas on any page, in or out of a form, use it.
@csrf_exempt
@require_POST
def suggestions(request: HttpRequest) -> HttpResponse:
    """The inline-suggestions fragment for a text area (htmx `hx-post`).

    The text is the `text` parameter, or else the parameter named by `field` (the text
    area's own name, which is what htmx's `hx-include` sends). Only the first
    MAX_TEXT_CHARS characters are checked. No suggestions: an empty fragment.
    """
    field = request.POST.get("field") or request.GET.get("field") or ""
    text = request.POST.get("text")
    if text is None:
        text = request.POST.get(field, "") if field else ""
    result = inline_suggestions(text)
    return render(
        request,
        "language/_suggestions.html",
        {"result": result, "field": field},
    )


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _api_text(request: HttpRequest) -> str | JsonResponse:
    """The text to check from an API request, or the JSON error response to send."""
    try:
        body = request.body
    except RequestDataTooBig:
        return _error(
            f"The request body is larger than the server accepts; the checker takes up "
            f"to {MAX_TEXT_CHARS:,} characters at a time.",
            413,
        )
    if request.content_type == "text/plain":
        try:
            charset = (request.content_params or {}).get("charset") or "utf-8"
            text = body.decode(charset)
        except (UnicodeDecodeError, LookupError):
            return _error(f"The text/plain body is not valid {charset}; send UTF-8 text.")
        if not text:
            return _error("The request body is empty; send the text to check.")
        return text
    if not body:
        return _error('The request body is empty; send JSON like {"text": "…"}.')
    try:
        data = json.loads(body)
    except UnicodeDecodeError:
        return _error("The body is not UTF-8; send UTF-8 JSON.")
    except json.JSONDecodeError as error:
        return _error(
            f"The body is not valid JSON ({error.msg} at line {error.lineno}, column "
            f'{error.colno}); send {{"text": "…"}} or a text/plain body.'
        )
    if not isinstance(data, dict):
        return _error(f'The JSON body is {_json_kind(data)}; send an object: {{"text": "…"}}.')
    if "text" not in data:
        return _error('The JSON object has no "text" field; send {"text": "…"}.')
    if not isinstance(data["text"], str):
        return _error(f'"text" must be a string; it is {_json_kind(data["text"])}.')
    checked: str = data["text"]
    return checked


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string"


# An API for scripts and other services: no cookies or session are used, so there is
# nothing for a cross-site request to ride on, and requiring a CSRF token would only
# shut out legitimate clients.
@csrf_exempt
def api_check(request: HttpRequest) -> JsonResponse:
    """POST `{"text": "…"}` (or a text/plain body) → the findings of the guide in use.

    200: `{"guide_version": N or null, "findings": [{start, end, text, entry, category,
    alternatives, explanation, severity}, …]}`; offsets are in characters. Errors are
    JSON `{"error": "…"}`: 400 for a body that is not usable, 413 for text over
    MAX_TEXT_CHARS characters, 405 for any method but POST.
    """
    if request.method != "POST":
        response = _error(f"Use POST; {request.method} is not supported here.", 405)
        response["Allow"] = "POST"
        return response
    text = _api_text(request)
    if isinstance(text, JsonResponse):
        return text
    if len(text) > MAX_TEXT_CHARS:
        return _error(too_long_message(len(text)), 413)
    checker = current_checker()
    return JsonResponse(
        {
            "guide_version": current_number(),
            "findings": [finding.as_dict() for finding in checker.iter_findings(text)],
        },
        json_dumps_params={"ensure_ascii": False},
    )
