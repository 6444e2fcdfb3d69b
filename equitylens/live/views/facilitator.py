"""Views: facilitator. PLACEHOLDER — to be implemented."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def facilitate(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def facilitate_session(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")
