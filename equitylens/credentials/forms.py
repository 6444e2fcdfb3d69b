"""The coordinator's certificate layout form: logo, heading, signatory, accent colour, footer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import RegexValidator
from PIL import Image, UnidentifiedImageError

from equitylens.credentials.models import CertificateLayout

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg"}


class CertificateLayoutForm(forms.ModelForm):
    """Checks the logo by its content (PNG or JPEG, at most 2 MB) and the colour (#rrggbb)."""

    accent_color = forms.CharField(
        label="Accent colour",
        max_length=7,
        validators=[
            RegexValidator(
                r"^#[0-9a-fA-F]{6}$",
                "Enter the colour as # and 6 hexadecimal digits, e.g. #1f4e79.",
            )
        ],
        help_text="Used for the border, heading and credit caption, e.g. #1f4e79 (dark blue).",
    )

    class Meta:
        model = CertificateLayout
        fields = ["logo", "heading", "signatory_name", "signatory_title", "accent_color", "footer"]
        labels = {
            "logo": "Logo",
            "heading": "Heading",
            "signatory_name": "Signatory's name",
            "signatory_title": "Signatory's title",
            "footer": "Footer",
        }
        help_texts = {
            "logo": "PNG or JPEG, at most 2 MB; shown at the top left, up to 150 × 54 points.",
            "heading": "The line at the top, e.g. “Certificate of Completion”.",
            "signatory_name": "Printed above the signature line, e.g. “Dr. Morgan Ellis”.",
            "signatory_title": "Printed below the name, e.g. “Director of CME”.",
            "footer": "A short line at the bottom, e.g. the provider's address.",
        }
        widgets = {"logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["heading"].required = True

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if not isinstance(logo, UploadedFile):
            return logo  # unchanged, or cleared
        if logo.size and logo.size > LOGO_MAX_BYTES:
            megabytes = logo.size / (1024 * 1024)
            raise forms.ValidationError(
                f"The logo must be at most 2 MB; this file is {megabytes:.1f} MB. "
                "Save it smaller (e.g. 600 pixels wide) and upload it again."
            )
        try:
            with Image.open(logo) as image:
                kind = image.format
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError) as error:
            raise forms.ValidationError(
                "The logo must be a PNG or JPEG image; this file is not one we can read."
            ) from error
        if kind not in LOGO_FORMATS:
            raise forms.ValidationError(
                f"The logo must be a PNG or JPEG image; this file is {kind}. "
                "Save it as PNG and upload it again."
            )
        logo.seek(0)
        return logo
