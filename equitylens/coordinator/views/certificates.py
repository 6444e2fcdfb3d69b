"""Back office: the provider's certificate layout and its PDF preview."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from equitylens.accounts.permissions import coordinator_required
from equitylens.credentials.forms import CertificateLayoutForm
from equitylens.credentials.models import CertificateLayout
from equitylens.credentials.services.certificate_pdf import render_certificate_pdf
from equitylens.credentials.services.certificates import (
    provider_layout,
    sample_certificate,
    save_certificate_layout,
)


def _layout() -> CertificateLayout:
    try:
        return provider_layout()
    except CertificateLayout.DoesNotExist as error:
        raise Http404(str(error)) from error


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def certificate_layout(request: HttpRequest) -> HttpResponse:
    """Edit the one certificate layout every certificate is drawn with."""
    layout = _layout()
    if request.method == "POST":
        form = CertificateLayoutForm(request.POST, request.FILES, instance=layout)
        if form.is_valid():
            save_certificate_layout(form.save(commit=False), by=request.user)
            messages.success(request, "Saved the certificate layout. Preview it below.")
            return redirect("coordinator:certificate_layout")
    else:
        form = CertificateLayoutForm(instance=layout)
    links = [
        {"label": str(form[name].label), "message": message, "anchor": form[name].id_for_label}
        for name, errors in form.errors.items()
        if name in form.fields
        for message in errors
    ]
    return render(
        request,
        "coordinator/certificates/layout_form.html",
        {"form": form, "layout": layout, "error_links": links},
        status=400 if form.errors else 200,
    )


@coordinator_required
@require_http_methods(["GET", "HEAD"])
def certificate_layout_preview(request: HttpRequest) -> HttpResponse:
    """A sample certificate drawn with the saved layout, shown in the browser."""
    layout = _layout()
    provider_name = layout.provider.name if layout.provider_id else "Your organization"
    pdf = render_certificate_pdf(sample_certificate(provider_name), layout)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="certificate-preview.pdf"'
    response["Cache-Control"] = "no-store"
    return response
