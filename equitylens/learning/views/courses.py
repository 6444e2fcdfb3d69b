"""Views: courses. PLACEHOLDER — to be implemented."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def my_learning(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def path(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def start(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")


def module(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404("Not built yet")
