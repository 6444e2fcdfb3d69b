"""Back office: the support an activity receives (commercial and other), with agreements."""

from __future__ import annotations

from pathlib import PurePath
from typing import cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from equitylens.accounts.permissions import coordinator_required
from equitylens.catalog.models import Activity
from equitylens.support.forms import SupportForm
from equitylens.support.models import ActivitySupport
from equitylens.support.services.records import (
    SupportInput,
    SupportRuleError,
    delete_support,
    edit_support,
    record_support,
    support_acknowledgment,
)


def _support(slug: str, pk: int) -> ActivitySupport:
    return get_object_or_404(
        ActivitySupport.objects.select_related("activity"), pk=pk, activity__slug=slug
    )


def _input(form: SupportForm, request: HttpRequest) -> SupportInput:
    data = form.cleaned_data
    return SupportInput(
        supporter_type=data["supporter_type"],
        supporter_name=data["supporter_name"],
        kind=data["kind"],
        amount=data.get("amount"),
        in_kind_description=data.get("in_kind_description", ""),
        agreement_file=request.FILES.get("agreement_file"),
        agreement_signed_on=data.get("agreement_signed_on"),
    )


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def support_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The activity's supporters and the acknowledgment learners will read."""
    activity = get_object_or_404(Activity, slug=slug)
    return render(
        request,
        "coordinator/support/list.html",
        {
            "activity": activity,
            "supports": activity.supports.all(),
            "acknowledgment": support_acknowledgment(activity),
        },
    )


def _form_page(
    request: HttpRequest,
    activity: Activity,
    form: SupportForm,
    support: ActivitySupport | None,
    status: int,
) -> HttpResponse:
    return render(
        request,
        "coordinator/support/form.html",
        {"activity": activity, "form": form, "support": support},
        status=status,
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def support_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a supporter's contribution."""
    activity = get_object_or_404(Activity, slug=slug)
    form = SupportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = _input(form, request)
        try:
            record_support(
                activity,
                supporter_type=data.supporter_type,
                supporter_name=data.supporter_name,
                kind=data.kind,
                amount=data.amount,
                in_kind_description=data.in_kind_description,
                agreement_file=data.agreement_file,
                agreement_signed_on=data.agreement_signed_on,
                by=request.user,
            )
        except SupportRuleError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, f"Recorded support from {data.supporter_name.strip()}.")
            return redirect("coordinator:support", slug=activity.slug)
    return _form_page(request, activity, form, None, 400 if request.method == "POST" else 200)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def support_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Change a support record; a new agreement file replaces the old one."""
    support = _support(slug, pk)
    initial = {
        "supporter_type": support.supporter_type,
        "supporter_name": support.supporter_name,
        "kind": support.kind,
        "amount": support.amount,
        "in_kind_description": support.in_kind_description,
        "agreement_signed_on": support.agreement_signed_on,
    }
    form = SupportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            edit_support(support, _input(form, request), by=request.user)
        except SupportRuleError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, f"Saved the support from {support.supporter_name}.")
            return redirect("coordinator:support", slug=slug)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, support.activity, form, support, status)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def support_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Confirm, then delete a support record and its agreement file."""
    if request.method == "POST":
        support = ActivitySupport.objects.filter(pk=pk, activity__slug=slug).first()
        if support is not None:
            delete_support(support, by=request.user)
            messages.success(request, f"Deleted the support from {support.supporter_name}.")
        return redirect("coordinator:support", slug=slug)
    support = _support(slug, pk)
    return render(
        request,
        "coordinator/support/delete.html",
        {"activity": support.activity, "support": support},
    )


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def support_agreement(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Download the signed agreement (coordinators only; never served from MEDIA_URL)."""
    support = _support(slug, pk)
    if not support.agreement_file:
        raise Http404("No agreement file for this support.")
    try:
        handle = support.agreement_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The agreement file is missing.") from missing
    filename = PurePath(support.agreement_file.name or "agreement").name
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return cast(HttpResponse, response)
