"""Back office: an activity's attendance codes — session codes, the room display, LMS import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from equitylens.accounts.permissions import coordinator_required
from equitylens.catalog.models import Activity
from equitylens.learning.models import AttendanceCode, CodeKind
from equitylens.learning.services.code_entry import recent_lockouts
from equitylens.learning.services.code_import import ImportResult, import_lms_codes
from equitylens.learning.services.codes import (
    SessionCodeError,
    codes_with_use,
    create_session_code,
)
from equitylens.web.qr import qr_svg_data_uri

MAX_UPLOAD_BYTES = 1_000_000


class SessionCodeForm(forms.Form):
    label = forms.CharField(
        max_length=200,
        label="Session label",
        help_text="What learners and you will recognise, e.g. “Riverbend Health, 12 March”.",
        error_messages={"required": "Give the session a label, e.g. “Riverbend, 12 March”."},
    )
    starts_at = forms.DateTimeField(
        label="Session starts",
        help_text="The code works from this moment for the activity's code validity period.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Enter the date and time the session starts.",
            "invalid": "Enter the start as a date and time, e.g. 2026-03-12 14:00.",
        },
    )


class CodeImportForm(forms.Form):
    csv_file = forms.FileField(
        required=False,
        label="CSV file",
        help_text="A .csv file whose first row is “email,code”.",
    )
    csv_text = forms.CharField(
        required=False,
        label="Or paste the rows",
        help_text="First row “email,code”, then one learner per row.",
        widget=forms.Textarea(attrs={"rows": 6, "class": "code-block", "spellcheck": "false"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("csv_file")
        if upload is not None:
            if upload.size > MAX_UPLOAD_BYTES:
                self.add_error("csv_file", "The file is larger than 1 MB; split it in parts.")
                return data
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("csv_file", "Save the file as CSV (UTF-8) and choose it again.")
                return data
        else:
            data["text"] = data.get("csv_text", "")
        if not data["text"].strip() and not self.errors:
            self.add_error("csv_file", "Choose a CSV file or paste the rows below.")
        return data


def _page(
    request: HttpRequest, activity: Activity, status: int = 200, **extra: Any
) -> HttpResponse:
    sessions, personal = codes_with_use(activity)
    context = {
        "activity": activity,
        "sessions": sessions,
        "personal": personal,
        "personal_used": sum(1 for row in personal if row.used_by),
        "lockouts": recent_lockouts(),
        "session_form": extra.pop("session_form", None) or SessionCodeForm(),
        "import_form": extra.pop("import_form", None) or CodeImportForm(),
        **extra,
    }
    return render(request, "coordinator/codes/codes.html", context, status=status)


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def codes(request: HttpRequest, slug: str) -> HttpResponse:
    """The activity's codes: session codes, personal codes and who used them, lockouts."""
    return _page(request, get_object_or_404(Activity, slug=slug))


@coordinator_required
@require_POST
def session_code_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Create a session code (idempotent for the same label and start), then show it."""
    activity = get_object_or_404(Activity, slug=slug)
    form = SessionCodeForm(request.POST)
    if form.is_valid():
        try:
            code = create_session_code(
                activity,
                label=form.cleaned_data["label"],
                starts_at=form.cleaned_data["starts_at"],
                by=request.user,
            )
        except SessionCodeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Session code {code.code} is ready for “{code.label}”.")
            return redirect("coordinator:codes", slug=activity.slug)
    return _page(request, activity, status=400, session_form=form)


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def code_show(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """The session code in huge letters with a QR code that opens the claim page prefilled."""
    activity = get_object_or_404(Activity, slug=slug)
    attendance_code = get_object_or_404(
        AttendanceCode, activity=activity, code=code.upper(), kind=CodeKind.SESSION
    )
    claim_url = f"{settings.SITE_URL}{reverse('learning:enter_code')}"
    prefilled = f"{claim_url}?code={attendance_code.code}"
    qr_src = qr_svg_data_uri(prefilled)
    return render(
        request,
        "coordinator/codes/show.html",
        {
            "activity": activity,
            "code": attendance_code,
            "claim_url": claim_url,
            "qr_src": qr_src,
        },
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def code_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Import personal codes from an organization's LMS (CSV); all rows or none."""
    activity = get_object_or_404(Activity, slug=slug)
    if request.method != "POST":
        return redirect(f"{reverse('coordinator:codes', kwargs={'slug': slug})}#import")
    form = CodeImportForm(request.POST, request.FILES)
    result: ImportResult | None = None
    if form.is_valid():
        result = import_lms_codes(activity, form.cleaned_data["text"], by=request.user)
        if result.ok:
            messages.success(
                request,
                f"Imported {result.created} new code{'s' if result.created != 1 else ''}"
                + (f"; {result.unchanged} already imported." if result.unchanged else "."),
            )
            return redirect("coordinator:codes", slug=activity.slug)
    return _page(request, activity, status=400, import_form=form, import_result=result)
