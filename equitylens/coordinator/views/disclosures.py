"""Back office: an activity's people in control of content, their disclosures, the review."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from equitylens.accounts.permissions import coordinator_required
from equitylens.catalog.models import Activity
from equitylens.disclosures.models import ContentRole, ContentRoleKind
from equitylens.disclosures.services.requests import InvitationError, invite, resend
from equitylens.disclosures.services.review import (
    Decision,
    ReviewError,
    relationships_to_review,
    remove_role,
    review,
)
from equitylens.disclosures.services.statements import disclosure_statement, opening_blockers


class InviteForm(forms.Form):
    name = forms.CharField(
        max_length=200,
        label="Name",
        error_messages={"required": "Enter the person's name, e.g. “Aisha Johnson”."},
    )
    email = forms.EmailField(
        label="E-mail",
        help_text="The disclosure request link is sent here.",
        error_messages={
            "required": "Enter the person's e-mail address.",
            "invalid": "Enter an e-mail address like name@example.org.",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=ContentRoleKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the person's role."},
    )


class ReviewForm(forms.Form):
    """One relevant yes/no and one mitigation field per disclosed relationship."""

    def __init__(self, relationships: list[Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.relationships = relationships
        for relationship in relationships:
            described = (
                f"{relationship.company} ({relationship.get_nature_display().lower()}, "
                + (f"ended {relationship.ended_on:%b %d, %Y})" if relationship.ended_on
                   else "current)")
            )  # fmt: skip
            self.fields[f"relevant_{relationship.pk}"] = forms.ChoiceField(
                label=f"Is {described} relevant to this activity's content?",
                choices=[("yes", "Relevant"), ("no", "Not relevant")],
                widget=forms.RadioSelect,
                error_messages={"required": f"{relationship.company}: choose relevant or not."},
            )
            self.fields[f"mitigation_{relationship.pk}"] = forms.CharField(
                required=False,
                label=f"Mitigation for {relationship.company}",
                help_text="Required when relevant, e.g. “Content peer-reviewed by an "
                "independent planner”, or limiting the role to topics without the company's "
                "products.",
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (r, self[f"relevant_{r.pk}"], self[f"mitigation_{r.pk}"]) for r in self.relationships
        ]

    def decisions(self) -> list[Decision]:
        return [
            Decision(
                r.pk,
                self.cleaned_data[f"relevant_{r.pk}"] == "yes",
                self.cleaned_data.get(f"mitigation_{r.pk}", ""),
            )
            for r in self.relationships
        ]


def _links(form: forms.Form) -> list[dict[str, str]]:
    links = [{"message": str(m), "anchor": "review-form"} for m in form.non_field_errors()]
    for name in form.fields:
        bound = form[name]
        anchor = bound.auto_id + ("_0" if bound.use_fieldset else "")
        links += [{"message": str(m), "anchor": anchor} for m in bound.errors]
    return links


def _page(request: HttpRequest, activity: Activity, status: int = 200,
          form: InviteForm | None = None) -> HttpResponse:  # fmt: skip
    roles = (
        ContentRole.objects.filter(activity=activity)
        .select_related("person", "disclosure")
        .prefetch_related("requests")
    )
    form = form or InviteForm()
    return render(
        request,
        "coordinator/disclosures/activity.html",
        {
            "activity": activity,
            "roles": roles,
            "blockers": opening_blockers(activity),
            "statement": disclosure_statement(activity),
            "form": form,
            "error_links": _links(form) if form.is_bound else [],
        },
        status=status,
    )


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def activity_disclosures(request: HttpRequest, slug: str) -> HttpResponse:
    """Who controls the activity's content, each disclosure's status, what blocks opening."""
    return _page(request, get_object_or_404(Activity, slug=slug))


@coordinator_required
@require_POST
def invite_person(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a person in a role and e-mail them the disclosure link (idempotent)."""
    activity = get_object_or_404(Activity, slug=slug)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            role = invite(activity, by=request.user, **form.cleaned_data)
        except InvitationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                f"{role.person.display_name} is {role.get_role_display().lower()}: "
                + ("their disclosure on file is reused; we asked them to confirm it is still "
                   "complete." if role.disclosure_id else "we e-mailed them the disclosure link."),
            )  # fmt: skip
            return redirect("coordinator:disclosures", slug=activity.slug)
    return _page(request, activity, status=400, form=form)


def _role(slug: str, role_id: int) -> ContentRole:
    return get_object_or_404(
        ContentRole.objects.select_related("person", "activity", "disclosure"),
        pk=role_id,
        activity__slug=slug,
    )


@coordinator_required
@require_POST
def resend_request(request: HttpRequest, slug: str, role_id: int) -> HttpResponse:
    """E-mail a fresh 30-day link."""
    role = _role(slug, role_id)
    resend(role, request.user)
    messages.success(request, f"We e-mailed a new link to {role.person.email}.")
    return redirect("coordinator:disclosures", slug=slug)


@coordinator_required
@require_POST
def remove_person(request: HttpRequest, slug: str, role_id: int) -> HttpResponse:
    """Take a person off the activity (their disclosure stays on file)."""
    role = _role(slug, role_id)
    remove_role(role, request.user)
    label = role.get_role_display().lower()
    messages.success(request, f"{role.person.display_name} is no longer {label}.")
    return redirect("coordinator:disclosures", slug=slug)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def review_role(request: HttpRequest, slug: str, role_id: int) -> HttpResponse:
    """Decide relevance and record mitigation for each relationship; the role is cleared."""
    role = _role(slug, role_id)
    relationships = relationships_to_review(role)
    existing = {r.relationship_id: r for r in role.reviews.all()}
    initial: dict[str, str] = {}
    for pk, decision in existing.items():
        initial[f"relevant_{pk}"] = "yes" if decision.relevant else "no"
        initial[f"mitigation_{pk}"] = decision.mitigation
    form = ReviewForm(relationships, request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                review(role, form.decisions(), request.user)
            except ReviewError as error:
                for pk, message in error.problems.items():
                    name = f"mitigation_{pk}"
                    form.add_error(name if name in form.fields else None, message)
            else:
                messages.success(request, f"{role} is cleared.")
                return redirect("coordinator:disclosures", slug=slug)
        status = 400
    return render(
        request,
        "coordinator/disclosures/review.html",
        {"activity": role.activity, "role": role, "form": form,
         "error_links": _links(form) if status == 400 else []},
        status=status,
    )  # fmt: skip
