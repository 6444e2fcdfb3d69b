"""An organization admin's pages: its members and roster import."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from equitylens.accounts.forms.roster import RosterUploadForm
from equitylens.accounts.models import Organization, User
from equitylens.accounts.permissions import organization_admin_required
from equitylens.accounts.services.memberships import members_of
from equitylens.accounts.services.roster import RosterInvalid, import_roster, roster_imports


@organization_admin_required
def members(request: HttpRequest, organization: Organization) -> HttpResponse:
    return render(
        request,
        "accounts/organizations/members.html",
        {
            "organization": organization,
            "memberships": members_of(organization),
            "imports": roster_imports(organization),
        },
    )


@organization_admin_required
def roster_import(request: HttpRequest, organization: Organization) -> HttpResponse:
    problems = None
    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["roster"]
            user = request.user
            assert isinstance(user, User)
            try:
                result = import_roster(organization, upload.read(), filename=upload.name, by=user)
            except RosterInvalid as invalid:
                problems = invalid.problems
            else:
                messages.success(
                    request,
                    f"Imported {result.record.rows} people from {result.record.filename}: "
                    f"{result.created_members} new members ({result.created_users} new accounts), "
                    f"{result.already_members} already members"
                    + (
                        f", {result.promoted_admins} made admins."
                        if result.promoted_admins
                        else "."
                    ),
                )
                return redirect("accounts:organization_members", slug=organization.slug)
    else:
        form = RosterUploadForm()
    return render(
        request,
        "accounts/organizations/roster_import.html",
        {"organization": organization, "form": form, "problems": problems},
    )
