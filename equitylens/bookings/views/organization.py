"""Views: organization admin's booking requests. PLACEHOLDER — to be implemented."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def requests_list(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")
