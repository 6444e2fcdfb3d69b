"""The page behind the e-mailed link: disclose, or confirm that the disclosure on file holds.

The token is the capability (single person, 30 days); no sign-in is needed.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from equitylens.disclosures.forms import DisclosureForm, RelationshipFormSet
from equitylens.disclosures.models import ContentRole, Disclosure, DisclosureRequest
from equitylens.disclosures.services.requests import RequestLinkError, open_request
from equitylens.disclosures.services.submission import (
    DisclosureError,
    confirm_still_complete,
    submit_disclosure,
)


def _request_or_problem(request: HttpRequest, token: str) -> DisclosureRequest | HttpResponse:
    try:
        return open_request(token)
    except DisclosureRequest.DoesNotExist as missing:
        raise Http404("No such disclosure link") from missing
    except RequestLinkError as problem:
        return render(
            request,
            "disclosures/link_problem.html",
            {"reason": problem.reason, "link": problem.request,
             "activity": problem.request.content_role.activity},
            status=410,
        )  # fmt: skip


def _error_links(form: DisclosureForm, formset: Any) -> list[dict[str, str]]:
    links = [{"message": str(m), "anchor": "disclosure-form"} for m in form.non_field_errors()]
    for name in ("none", "attested"):
        links += [{"message": str(m), "anchor": form[name].auto_id} for m in form[name].errors]
    for number, row in enumerate(formset.forms, start=1):
        for name in row.fields:
            bound = row[name]
            anchor = bound.auto_id + ("_0" if bound.use_fieldset else "")
            links += [
                {"message": f"Relationship {number}, {bound.label.lower()}: {m}", "anchor": anchor}
                for m in bound.errors
            ]
    return links


def _page(request: HttpRequest, link: DisclosureRequest, form: Any, formset: Any,
          status: int = 200) -> HttpResponse:  # fmt: skip
    role = link.content_role
    disclosure = role.disclosure if link.is_update_prompt else None
    return render(
        request,
        "disclosures/respond.html",
        {
            "link": link,
            "role": role,
            "activity": role.activity,
            "on_file": disclosure,
            "on_file_relationships": list(disclosure.relationships.all()) if disclosure else [],
            "form": form,
            "formset": formset,
            "error_links": _error_links(form, formset) if status == 400 else [],
        },
        status=status,
    )


def _with_extra_row(data: QueryDict) -> QueryDict:
    copy = data.copy()
    total = int(copy.get("form-TOTAL_FORMS", "0") or 0)
    copy["form-TOTAL_FORMS"] = str(min(total + 1, 30))
    return copy


@require_http_methods(["GET", "HEAD", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """Disclose (relationship rows or "none", with the attestation), or confirm the one on
    file when the link is an update prompt. Problems are listed and nothing is saved."""
    link = _request_or_problem(request, token)
    if isinstance(link, HttpResponse):
        return link
    if request.method != "POST":
        return _page(request, link, DisclosureForm(), RelationshipFormSet())
    if "confirm" in request.POST and link.is_update_prompt:
        confirm_still_complete(link)
        return redirect("disclosures:done", token=token)
    if "add_row" in request.POST:
        data = _with_extra_row(request.POST)
        return _page(request, link, DisclosureForm(data), RelationshipFormSet(data))
    form = DisclosureForm(request.POST)
    formset = RelationshipFormSet(request.POST)
    if form.is_valid() and formset.is_valid():
        rows = [(n, row.relationship()) for n, row in enumerate(formset.forms)]
        filled = [(n, r) for n, r in rows if r is not None]
        try:
            submit_disclosure(
                link.content_role.person,
                relationships=[r for _, r in filled],
                none=form.cleaned_data["none"],
                attested=form.cleaned_data["attested"],
                request=link,
            )
        except DisclosureError as error:
            for problem in error.problems:
                if problem.row is None:
                    form.add_error(problem.field, problem.message)
                else:
                    row_form = formset.forms[filled[problem.row - 1][0]]
                    _, _, message = problem.message.partition(": ")
                    row_form.add_error(problem.field, message[:1].upper() + message[1:])
        else:
            return redirect("disclosures:done", token=token)
    return _page(request, link, form, formset, status=400)


@require_http_methods(["GET", "HEAD"])
def done(request: HttpRequest, token: str) -> HttpResponse:
    """After disclosing: thanks, and each of the person's roles with its status — including
    the refusal message when they own or work for an ineligible company."""
    link = DisclosureRequest.objects.select_related("content_role__person").filter(token=token)
    found = link.first()
    if found is None or found.used_at is None:
        raise Http404("Nothing submitted with this link")
    person = found.content_role.person
    roles = ContentRole.objects.filter(person=person).select_related("activity")
    return render(
        request,
        "disclosures/done.html",
        {
            "person": person,
            "roles": roles,
            "disclosure": Disclosure.objects.filter(person=person).first(),
        },
    )
