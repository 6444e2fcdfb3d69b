"""Who may see the community's pages: approved members only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from equitylens.community.services.membership import is_community_member, membership_of

ViewFunc = Callable[..., HttpResponse]


def community_member_required(view: ViewFunc) -> ViewFunc:
    """Open a view only to approved community members.

    Anonymous visitors go to sign-in; anyone else gets a page (status 403) explaining
    where their application stands and how to apply.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_community_member(request.user):
            return render(
                request,
                "community/members_only.html",
                {"membership": membership_of(request.user)},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapped
