"""Views: codes. PLACEHOLDER — to be implemented."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def enter_code(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")
