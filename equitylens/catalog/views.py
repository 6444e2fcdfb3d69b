"""Public catalog pages: the list with search and filters, the activity page, contact."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods

from equitylens.catalog.forms_public import CatalogFilterForm, ContactForm
from equitylens.catalog.models import Activity
from equitylens.catalog.presentation import activity_page_context
from equitylens.catalog.services.contact import ContactRateLimited, send_contact_message
from equitylens.catalog.services.visibility import CatalogQuery, can_view, search_catalog

PAGE_SIZE = 20


@require_http_methods(["GET", "HEAD"])
def catalog(request: HttpRequest) -> HttpResponse:
    """The catalog; an htmx request gets only the results fragment."""
    form = CatalogFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    query = CatalogQuery(
        text=data.get("q", ""),
        format=data.get("format", ""),
        credit_type=data.get("credit", ""),
        topic=data.get("topic", ""),
        open_now=bool(data.get("open_now")),
    )
    page = Paginator(search_catalog(request.user, query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "filtered": any([query.text, query.format, query.credit_type, query.topic, query.open_now]),
        "query_string": params.urlencode(),
    }
    template = "catalog/_results.html" if request.headers.get("HX-Request") else "catalog/list.html"
    return render(request, template, context)


def _visible_activity(request: HttpRequest, slug: str) -> Activity:
    activity = get_object_or_404(
        Activity.objects.select_related("provider", "joint_provider"), slug=slug
    )
    if not can_view(request.user, activity):
        raise Http404("No such activity")
    return activity


@require_http_methods(["GET", "HEAD"])
def activity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One activity with everything a learner needs before taking part."""
    activity = _visible_activity(request, slug)
    return _render_detail(request, activity, _contact_form(request))


@require_http_methods(["POST"])
def contact(request: HttpRequest, slug: str) -> HttpResponse:
    """Send a question to the activity's contact person (stored, e-mailed, rate limited)."""
    activity = _visible_activity(request, slug)
    form = ContactForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, activity, form, status=400)
    try:
        send_contact_message(
            activity,
            sender=request.user,
            ip_address=request.META.get("REMOTE_ADDR"),
            **form.cleaned_data,
        )
    except ContactRateLimited:
        form.add_error(
            None,
            "You have sent several messages in the last hour. Please wait an hour, or write "
            f"to {activity.contact_email} directly.",
        )
        return _render_detail(request, activity, form, status=429)
    messages.success(
        request, f"Your message was sent to {activity.contact_name}. They will reply by e-mail."
    )
    return redirect(f"{activity.get_absolute_url()}#contact")


def _contact_form(request: HttpRequest) -> ContactForm:
    user = request.user
    if user.is_authenticated:
        return ContactForm(initial={"name": user.get_full_name(), "email": user.email})
    return ContactForm()


def _render_detail(
    request: HttpRequest, activity: Activity, form: ContactForm, status: int = 200
) -> HttpResponse:
    context = activity_page_context(activity)
    context["contact_form"] = form
    context["edit_url"] = _edit_url(request, activity)
    return render(request, "catalog/activity_detail.html", context, status=status)


def _edit_url(request: HttpRequest, activity: Activity) -> str | None:
    from equitylens.accounts.permissions import is_coordinator

    if not is_coordinator(request.user):
        return None
    try:
        return reverse("coordinator:activity_edit", kwargs={"slug": activity.slug})
    except NoReverseMatch:
        return None
