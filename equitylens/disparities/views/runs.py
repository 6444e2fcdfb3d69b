"""Placeholder views (being built)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return HttpResponse("Not built yet.")


run_list = run_new = run_detail = run_progress = run_download = forest_svg = _todo
send_to_case_review = _todo
