"""Placeholder views (being built)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return HttpResponse("Not built yet.")


entries = _todo
entry_new = _todo
entry_edit = _todo
import_guide = _todo
export_guide = _todo
versions = _todo
version = _todo
