"""Views: verification. PLACEHOLDER — to be implemented."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def verify(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")
