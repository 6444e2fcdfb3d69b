"""Demo data: the provider's certificate layout, with a logo drawn here (fictional)."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from equitylens.accounts.services.organizations import accredited_provider
from equitylens.credentials.models import CertificateLayout

ACCENT = "#1f4e79"
LOGO_NAME = "certificates/logos/demo-provider-logo.png"


def draw_logo(name: str) -> bytes:
    """A simple PNG logo: a half-filled circle (the Equity Lens mark) and the name."""
    image = Image.new("RGBA", (600, 200), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 30, 150, 170), outline=ACCENT, width=10)
    draw.pieslice((10, 30, 150, 170), 90, 270, fill=ACCENT)
    font = ImageFont.load_default(size=40)
    words = name.split()
    half = (len(words) + 1) // 2
    draw.text((175, 55), " ".join(words[:half]), fill=ACCENT, font=font)
    draw.text((175, 105), " ".join(words[half:]), fill="#3a3a3a", font=font)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def load_certificate_layout(activities: Any) -> CertificateLayout | None:
    """Create or refresh the provider's certificate layout; idempotent.

    The logo file is drawn and stored (MEDIA storage) only when missing.
    """
    provider = accredited_provider()
    if provider is None:
        return None
    layout, _ = CertificateLayout.objects.update_or_create(
        provider=provider,
        defaults={
            "heading": "Certificate of Completion",
            "signatory_name": "Dr. Morgan Ellis",
            "signatory_title": "Director of Continuing Medical Education",
            "accent_color": ACCENT,
            "footer": f"{provider.name} · Continuing Medical Education · a fictional "
            "provider for the Equity Lens demo",
        },
    )
    storage = layout.logo.storage
    if not layout.logo.name or not storage.exists(layout.logo.name):
        if storage.exists(LOGO_NAME):
            layout.logo.name = LOGO_NAME
            layout.save(update_fields=["logo"])
        else:
            layout.logo.save(LOGO_NAME.rsplit("/", 1)[1], ContentFile(draw_logo(provider.name)))
    return layout
