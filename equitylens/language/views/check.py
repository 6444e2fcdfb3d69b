"""Placeholder views (being built)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return HttpResponse("Not built yet.")


check_page = _todo
suggestions = _todo
api_check = _todo
