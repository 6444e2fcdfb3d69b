"""Why a coordinator must set up two-factor sign-in before opening the back office."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from equitylens.accounts.permissions import is_coordinator, user_has_totp


@login_required
def mfa_required(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/mfa_required.html",
        {
            "has_totp": user_has_totp(request.user),
            "is_coordinator_account": is_coordinator(request.user),
        },
    )
