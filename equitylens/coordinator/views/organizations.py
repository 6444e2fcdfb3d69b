"""Back office screens for organizations: list, create, edit (details, domains, SSO)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from equitylens.accounts.forms.organizations import OrganizationForm, initial_for
from equitylens.accounts.models import Organization
from equitylens.accounts.permissions import coordinator_required
from equitylens.accounts.services.organizations import save_organization
from equitylens.accounts.services.sso import redirect_uri


@coordinator_required
def organization_list(request: HttpRequest) -> HttpResponse:
    organizations = (
        Organization.objects.select_related("sso_app")
        .prefetch_related("domains")
        .annotate(member_count=Count("memberships"))
        .order_by("name")
    )
    return render(request, "coordinator/organizations/list.html", {"organizations": organizations})


@coordinator_required
def organization_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@coordinator_required
def organization_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _edit(request, get_object_or_404(Organization, slug=slug))


def _edit(request: HttpRequest, organization: Organization | None) -> HttpResponse:
    if request.method == "POST":
        form = OrganizationForm(request.POST, organization=organization)
        if form.is_valid():
            try:
                saved = save_organization(
                    organization,
                    form.details(),
                    sso=form.sso(),
                    remove_sso=form.wants_sso_removed(),
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"{saved.name} is saved.")
                return redirect("coordinator:organization_edit", slug=saved.slug)
    else:
        initial = initial_for(organization) if organization else {}
        form = OrganizationForm(initial=initial, organization=organization)
    return render(
        request,
        "coordinator/organizations/form.html",
        {
            "form": form,
            "organization": organization,
            "redirect_uri": redirect_uri(organization) if organization else None,
        },
    )
