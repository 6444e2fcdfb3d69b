"""Clinical-note audits in the web app: the list, the upload, progress and the results.

Open only to analysts and organization admins, each for their own organizations' audits
(services.audit_jobs decides). Anonymous visitors go to sign-in; anyone else gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_safe

from equitylens.accounts.models import Organization
from equitylens.audit.services import log_action
from equitylens.language.models import AuditStatus, NoteAudit
from equitylens.language.services.audit_jobs import (
    RESULT_FILES,
    audit_organizations,
    audits_visible_to,
    may_audit,
    result_file,
    start_audit,
    summary_table,
)
from equitylens.language.services.audit_uploads import (
    AuditUploadError,
    max_upload_mb,
    new_upload_token,
)

REFUSAL = "Only analysts and organization admins can use clinical-note audits."
ViewFunc = Callable[..., HttpResponseBase]


def audit_access(view: ViewFunc) -> ViewFunc:
    """Sign-in for anonymous visitors; 403 for people with no organization to audit."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not audit_organizations(request.user):
            raise PermissionDenied(REFUSAL)
        return view(request, *args, **kwargs)

    return wrapped


def _audit(request: HttpRequest, pk: int) -> NoteAudit:
    """The audit `pk` (404 if none), or 403 when it belongs to another organization."""
    audit = get_object_or_404(NoteAudit.objects.select_related("organization"), pk=pk)
    if not may_audit(request.user, audit.organization):
        raise PermissionDenied(REFUSAL)
    return audit


class AuditUploadForm(forms.Form):
    """The upload's fields; services.audit_uploads judges the values (one place for rules)."""

    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        empty_label=None,
        label="Organization",
        error_messages={
            "invalid_choice": "Choose one of your organizations.",
            "required": "Choose the organization whose notes these are.",
        },
    )
    notes_file = forms.FileField(
        label="Notes file",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.parquet"}),
    )
    groups = forms.CharField(
        label="Patient-group columns",
        required=False,
        help_text="The columns to compare, separated by commas or on separate lines, "
        "e.g. race_ethnicity, sex, insurance.",
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"}),
    )
    reference = forms.CharField(
        label="Reference groups (optional)",
        required=False,
        help_text="One line per column, COLUMN=VALUE, e.g. race_ethnicity=White. A column "
        "without a line is compared with its largest group.",
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"}),
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])
        if len(organizations) == 1:
            field.widget = forms.HiddenInput()
            field.required = False  # the only choice; the view falls back to it
            self.initial["organization"] = organizations[0].pk
        self.fields["notes_file"].help_text = (
            f"A .csv (UTF-8) or .parquet file of up to {max_upload_mb():g} MB with the columns "
            "note_id, patient_id and text, and one column per patient attribute."
        )


@audit_access
@require_safe
def audit_list(request: HttpRequest) -> HttpResponse:
    """The audits of the user's organizations, grouped by organization, newest first."""
    organizations = audit_organizations(request.user)
    audits = list(audits_visible_to(request.user))
    grouped = [(org, [a for a in audits if a.organization_id == org.pk]) for org in organizations]
    return render(
        request,
        "language/audit_list.html",
        {"grouped": grouped, "several": len(organizations) > 1},
    )


@audit_access
@require_http_methods(["GET", "HEAD", "POST"])
def audit_new(request: HttpRequest) -> HttpResponse:
    """The upload form; POST checks the file's header and options, then queues the audit."""
    organizations = audit_organizations(request.user)
    if request.method != "POST":
        initial = {"token": new_upload_token()}
        if request.GET.get("organization"):
            initial["organization"] = request.GET["organization"]
        form = AuditUploadForm(initial=initial, organizations=organizations)
        return _form_page(request, form, organizations)
    form = AuditUploadForm(request.POST, request.FILES, organizations=organizations)
    if form.is_valid():
        data = form.cleaned_data
        try:
            audit, created = start_audit(
                data.get("organization") or organizations[0],
                data.get("notes_file"),
                groups_text=data.get("groups") or "",
                reference_text=data.get("reference") or "",
                by=request.user,
                token=data.get("token") or "",
            )
        except AuditUploadError as error:
            for problem in error.problems:
                form.add_error(problem.field or None, problem.message)
        else:
            if created:
                messages.success(request, f"“{audit.original_name}” is uploaded and queued.")
            else:
                messages.info(request, "This upload was already received; here is its audit.")
            return redirect("language:audit", pk=audit.pk)
    return _form_page(request, form, organizations, status=400)


def _form_page(
    request: HttpRequest,
    form: AuditUploadForm,
    organizations: list[Organization],
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "language/audit_new.html",
        {"form": form, "organizations": organizations, "limit_mb": max_upload_mb()},
        status=status,
    )


def _progress_context(audit: NoteAudit) -> dict[str, Any]:
    return {
        "audit": audit,
        "active": audit.status in (AuditStatus.QUEUED, AuditStatus.RUNNING),
    }


@audit_access
@require_safe
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Status and progress; when done, the summary table and the result files."""
    audit = _audit(request, pk)
    context = _progress_context(audit)
    context["table"] = summary_table(audit.summary) if audit.status == AuditStatus.DONE else None
    context["files"] = RESULT_FILES
    response = render(request, "language/audit_detail.html", context)
    add_never_cache_headers(response)
    return response


@audit_access
@require_safe
def audit_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment (polled by htmx). Once the audit has finished, an htmx request
    is told to reload the page so the results appear."""
    audit = _audit(request, pk)
    response = render(request, "language/_audit_progress.html", _progress_context(audit))
    if request.headers.get("HX-Request") and audit.status in (
        AuditStatus.DONE,
        AuditStatus.FAILED,
    ):
        response["HX-Refresh"] = "true"
    add_never_cache_headers(response)
    return response


@audit_access
@require_safe
def audit_file(request: HttpRequest, pk: int, name: str) -> FileResponse:
    """Download one of the three result files, as an attachment that is never cached."""
    audit = _audit(request, pk)
    path = result_file(audit, name)
    if path is None:
        raise Http404("No such result file.")
    log_action(request.user, "note_audit.downloaded", audit, file=name)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
