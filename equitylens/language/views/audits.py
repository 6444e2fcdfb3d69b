"""Placeholder views (being built)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return HttpResponse("Not built yet.")


audit_list = _todo
audit_new = _todo
audit_detail = _todo
audit_progress = _todo
audit_file = _todo
