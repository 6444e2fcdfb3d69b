"""Public catalog pages: the list with search and filters, the activity page, contact.

Each view reads the request, asks catalog.services, and renders. Both forms work
without JavaScript; with htmx they swap only their own part of the page (the
request then carries HX-Request and names its HX-Target).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from equitylens.accounts.permissions import is_coordinator
from equitylens.catalog.forms_public import CatalogFilterForm, ContactForm
from equitylens.catalog.models import Activity
from equitylens.catalog.presentation import activity_page_context
from equitylens.catalog.services.contact import ContactRateLimited, send_contact_message
from equitylens.catalog.services.visibility import CatalogQuery, can_view, search_catalog
from equitylens.web.client_address import client_ip

PAGE_SIZE = 20


def _wants_fragment(request: HttpRequest, target: str) -> bool:
    """An htmx request that will swap element #`target` (not a history restore)."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-History-Restore-Request") != "true"
        and headers.get("HX-Target") == target
    )


@require_http_methods(["GET", "HEAD"])
def catalog(request: HttpRequest) -> HttpResponse:
    """The catalog: search, filters, 20 cards a page; htmx gets only the results."""
    form = CatalogFilterForm(request.GET or None)
    query = form.catalog_query()
    page = Paginator(search_catalog(request.user, query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "filtered": query != CatalogQuery(),
        "query_string": params.urlencode(),
    }
    if _wants_fragment(request, "results"):
        response = render(request, "catalog/_results_swap.html", context)
    else:
        response = render(request, "catalog/list.html", context)
    # The same address answers with a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _visible_activity(request: HttpRequest, slug: str) -> Activity | None:
    """The activity if it exists and this visitor may see it; None looks the same either way."""
    activity = (
        Activity.objects.select_related("provider", "joint_provider").filter(slug=slug).first()
    )
    if activity is None or not can_view(request.user, activity):
        return None
    return activity


def _not_found(request: HttpRequest) -> HttpResponse:
    # One answer for "no such activity" and "not for you": internal activities stay secret.
    return render(request, "catalog/activity_not_found.html", status=404)


@require_http_methods(["GET", "HEAD"])
def activity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One activity with everything a learner needs before taking part."""
    activity = _visible_activity(request, slug)
    if activity is None:
        return _not_found(request)
    return _render_detail(request, activity, _blank_contact_form(request))


@require_http_methods(["GET", "HEAD", "POST"])
def contact(request: HttpRequest, slug: str) -> HttpResponse:
    """Send a question to the activity's contact person (stored, e-mailed, rate limited).

    Without JavaScript: POST → redirect to the activity page with a confirmation, or
    the page again with the errors (400) or the rate-limit explanation (429). With
    htmx: the form alone comes back, fresh with a confirmation or with its errors.
    """
    activity = _visible_activity(request, slug)
    if activity is None:
        return _not_found(request)
    if request.method != "POST":
        return redirect(f"{activity.get_absolute_url()}#contact")
    fragment = _wants_fragment(request, "contact-form")
    form = ContactForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            stored = send_contact_message(
                activity,
                sender=request.user,
                ip_address=client_ip(request),
                **form.cleaned_data,
            )
        except ContactRateLimited as limited:
            form.add_error(None, _rate_limit_text(activity, limited))
            status = 429
        else:
            sent = _sent_text(activity, stored.email, delivered=stored.emailed_at is not None)
            if fragment:
                context = {"activity": activity, "contact_form": _blank_contact_form(request)}
                context["contact_sent"] = sent
                return render(request, "catalog/_contact_form.html", context)
            if stored.emailed_at is None:
                messages.warning(request, sent)
            else:
                messages.success(request, sent)
            return redirect(activity.get_absolute_url())
    if fragment:
        # htmx swaps only 2xx answers; the errors in the form say what went wrong.
        context = {"activity": activity, "contact_form": form}
        response = render(request, "catalog/_contact_form.html", context)
    else:
        response = _render_detail(request, activity, form, status=status)
    if status == 429:
        response["Retry-After"] = "3600"
    return response


def _rate_limit_text(activity: Activity, limited: ContactRateLimited) -> str:
    when = "in an hour"
    if limited.retry_after is not None:
        local = timezone.localtime(limited.retry_after)
        when = f"after {formats.time_format(local, 'g:i A')} ({local:%Z})"
    return (
        "You have sent as many messages as we accept in one hour. You can send another "
        f"{when}, or write to {activity.contact_name} at {activity.contact_email}."
    )


def _sent_text(activity: Activity, reply_to: str, *, delivered: bool) -> str:
    if delivered:
        return f"Your message was sent to {activity.contact_name}. They will reply to {reply_to}."
    return (
        f"Your message was saved, but the e-mail to {activity.contact_name} could not be sent "
        f"just now. Please also write to {activity.contact_email}."
    )


def _blank_contact_form(request: HttpRequest) -> ContactForm:
    """An empty form; signed-in visitors find their name and e-mail filled in."""
    user = request.user
    if user.is_authenticated:
        return ContactForm(initial={"name": user.get_full_name(), "email": user.email})
    return ContactForm()


def _render_detail(
    request: HttpRequest, activity: Activity, form: ContactForm, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = activity_page_context(activity, request.user)
    context["contact_form"] = form
    context["edit_url"] = _edit_url(request, activity)
    return render(request, "catalog/activity_detail.html", context, status=status)


def _edit_url(request: HttpRequest, activity: Activity) -> str | None:
    """The back-office editor for coordinators, once that screen exists."""
    if not is_coordinator(request.user):
        return None
    try:
        return reverse("coordinator:activity_edit", kwargs={"slug": activity.slug})
    except NoReverseMatch:
        return None
