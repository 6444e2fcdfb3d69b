"""QR codes shown on screen: an SVG data URI (no file, no network, allowed by the CSP)."""

from __future__ import annotations

import segno


def qr_svg_data_uri(url: str) -> str:
    """The QR code of `url` as an SVG data URI for an <img src>, dark on white."""
    return str(segno.make(url, error="m").svg_data_uri(scale=8, border=2, light="#fff"))
