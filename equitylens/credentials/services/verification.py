"""Public certificate verification: anyone (a licensing board, an employer) checks a number.

The answer comes only from the certificate's frozen snapshot and says only what the
certificate itself says: learner name, activity, completion date and credits. Nothing
about the learner's account (e-mail, board IDs, profile) is ever read here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from equitylens.credentials.models import Certificate

# Lookups allowed per IP address per minute; a setting of the same name overrides it.
CERTIFICATE_LOOKUPS_PER_MINUTE = 30
NUMBER_MAX_LENGTH = 20  # Certificate.number's max_length


class VerificationRateLimited(Exception):
    """Too many lookups from one address in the current minute; `retry_after` in seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("Too many certificate lookups")
        self.retry_after = retry_after


@dataclass(frozen=True)
class VerifiedCredit:
    label: str
    amount: str
    unit: str


@dataclass(frozen=True)
class VerifiedCertificate:
    """All a verifier learns: the number is valid, and these four facts."""

    number: str
    learner_name: str
    activity_title: str
    completion_text: str
    credits: tuple[VerifiedCredit, ...]


def verification_page_url() -> str:
    """The public address of the verification page, e.g. https://cme.example.org/verify/."""
    return f"{settings.SITE_URL}{reverse('credentials:verify')}"


def verification_url(number: str) -> str:
    """The address that checks one certificate (printed on it and in its QR code)."""
    return f"{verification_page_url()}?{urlencode({'number': number})}"


def normalize_certificate_number(text: str) -> str:
    """What the person typed, as stored: spaces removed, upper-case (" el-2026-0001 " →
    "EL-2026-0001")."""
    return "".join(text.split()).upper()


def verify_certificate(number: str) -> VerifiedCertificate | None:
    """The certificate with this number (normalized first), or None if there is none.

    Only an exact number matches: no partial matches, no hints. The result holds the
    learner's name, activity title, completion date text and the credits (label, amount,
    unit) exactly as frozen on the certificate when it was issued.
    """
    number = normalize_certificate_number(number)
    if not number or len(number) > NUMBER_MAX_LENGTH:
        return None
    certificate = (
        Certificate.objects.filter(number=number)
        .only("number", "learner_name", "activity_title", "completion_text", "credits")
        .first()
    )
    if certificate is None:
        return None
    credits = certificate.credits if isinstance(certificate.credits, list) else []
    return VerifiedCertificate(
        number=certificate.number,
        learner_name=certificate.learner_name,
        activity_title=certificate.activity_title,
        completion_text=certificate.completion_text,
        credits=tuple(
            VerifiedCredit(
                label=str(line.get("label", "")),
                amount=str(line.get("amount", "")),
                unit=str(line.get("unit", "")),
            )
            for line in credits
            if isinstance(line, dict)
        ),
    )


def note_lookup(ip_address: str | None) -> None:
    """Count one lookup from `ip_address`; raise VerificationRateLimited past the limit.

    The limit (CERTIFICATE_LOOKUPS_PER_MINUTE, default 30) applies per address per
    clock minute and is kept in Django's cache, so it holds across processes.
    """
    limit = getattr(settings, "CERTIFICATE_LOOKUPS_PER_MINUTE", CERTIFICATE_LOOKUPS_PER_MINUTE)
    now = time.time()
    minute = int(now // 60)
    key = f"certificate-lookups:{ip_address or 'unknown'}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    if count > limit:
        raise VerificationRateLimited(retry_after=max(1, int((minute + 1) * 60 - now)))
