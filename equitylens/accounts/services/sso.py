"""Single sign-on: each organization may bring its own OpenID Connect identity provider.

An organization's client is an allauth SocialApp with provider "openid_connect",
provider_id = the organization's slug and settings {"server_url": <issuer>}. The
identity provider must allow the redirect URI returned by `redirect_uri`.

Linking rules (see docs/sso.md):
- A person who signs in through their organization's SSO becomes a member of that
  organization (source "sso"), once.
- If a local account already has the same e-mail address, and the identity provider
  vouches for the address, the SSO login is attached to that account — never a second
  account. The provider vouches when it sends ``email_verified: true`` or when the
  address is in one of the organization's own e-mail domains.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from equitylens.accounts.models import Membership, MembershipSource, Organization, User
from equitylens.accounts.services.memberships import email_domain, ensure_membership
from equitylens.audit.services import log_action

PROVIDER = "openid_connect"


@dataclass(frozen=True)
class SsoOption:
    """One "Sign in with <Organization>" button on the sign-in page."""

    name: str
    slug: str
    login_url: str


def login_path(organization: Organization) -> str:
    """The local URL that starts sign-in through `organization`'s identity provider (POST)."""
    return reverse("openid_connect_login", kwargs={"provider_id": organization.slug})


def redirect_uri(organization: Organization) -> str:
    """The redirect (callback) URI to register with the organization's identity provider."""
    path = reverse("openid_connect_callback", kwargs={"provider_id": organization.slug})
    return f"{settings.SITE_URL}{path}"


def sign_in_options() -> list[SsoOption]:
    """Organizations whose people can sign in through their own SSO, by name."""
    organizations = Organization.objects.filter(sso_app__isnull=False).order_by("name")
    return [SsoOption(org.name, org.slug, login_path(org)) for org in organizations]


def validate_issuer(issuer: str) -> str:
    """Check an issuer URL and return it without a trailing slash.

    It must be an absolute https URL; plain http is accepted only for an identity
    provider on this machine (127.0.0.1, ::1 or localhost), as in the demo and tests.
    Raises ValidationError naming the problem and the fix.
    """
    issuer = issuer.strip().rstrip("/")
    parts = urlsplit(issuer)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError(
            f"Issuer must be a full address such as https://login.example.org; "
            f"you entered {issuer!r}.",
            code="issuer",
        )
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise ValidationError(
            "Issuer must use https:// (plain http is allowed only for 127.0.0.1 or localhost).",
            code="issuer",
        )
    if parts.query or parts.fragment:
        raise ValidationError(
            "Issuer must not contain ? or #; use the address your provider calls its issuer.",
            code="issuer",
        )
    return issuer


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@transaction.atomic
def configure_sso(
    organization: Organization, *, issuer: str, client_id: str, secret: str = "", by: Any = None
) -> SocialApp:
    """Set up (or change) `organization`'s OpenID Connect client.

    Creates or updates the SocialApp (provider "openid_connect", provider_id = slug,
    settings.server_url = issuer) and links it to the organization. An empty
    `secret` keeps the current one; a new client needs a secret. Logs
    ``organization.sso_configured`` (never the secret). Raises ValidationError
    when the issuer, client ID or secret is unusable.
    """
    issuer = validate_issuer(issuer)
    client_id = client_id.strip()
    if not client_id:
        raise ValidationError(
            "Client ID is required: copy it from your identity provider.", code="client_id"
        )
    app = (
        organization.sso_app
        or SocialApp.objects.filter(provider=PROVIDER, provider_id=organization.slug).first()
    )
    if app is None and not secret:
        raise ValidationError(
            "Client secret is required for a new single sign-on client.", code="secret"
        )
    if app is None:
        app = SocialApp(provider=PROVIDER, provider_id=organization.slug)
    app.name = organization.name
    app.provider_id = organization.slug
    app.client_id = client_id
    if secret:
        app.secret = secret.strip()
    app.settings = {**(app.settings or {}), "server_url": issuer}
    app.save()
    if organization.sso_app_id != app.pk:
        organization.sso_app = app
        organization.save(update_fields=["sso_app"])
    log_action(by, "organization.sso_configured", organization, issuer=issuer, client_id=client_id)
    return app


@transaction.atomic
def remove_sso(organization: Organization, *, by: Any = None) -> None:
    """Turn off `organization`'s single sign-on and delete its client.

    People keep their accounts, memberships and SSO links (allauth keys a linked
    login by the slug, not by the client), so setting SSO up again with the same
    identity provider reconnects them. Logs ``organization.sso_removed``.
    """
    app = organization.sso_app
    if app is None:
        return
    organization.sso_app = None
    organization.save(update_fields=["sso_app"])
    app.delete()
    log_action(by, "organization.sso_removed", organization)


def organization_for_app(app: SocialApp | None) -> Organization | None:
    """The organization an allauth SocialApp signs people in for (None for other apps)."""
    if app is None or app.pk is None or app.provider != PROVIDER:
        return None
    return Organization.objects.filter(sso_app=app).first()


def organization_for_provider_id(provider_id: str) -> Organization | None:
    """The organization whose SSO client has this allauth provider_id (its slug)."""
    return Organization.objects.filter(
        slug=provider_id, sso_app__provider=PROVIDER, sso_app__provider_id=provider_id
    ).first()


def idp_vouches_for_email(organization: Organization, email: str, *, claimed: bool) -> bool:
    """Whether an e-mail address from `organization`'s identity provider counts as verified.

    True when the provider says so (`claimed`, the ``email_verified`` claim) or when
    the address is in one of the organization's own e-mail domains, which its
    identity provider is authoritative for. Only vouched-for addresses may attach an
    SSO login to an existing local account.
    """
    if claimed:
        return True
    domain = email_domain(email)
    return bool(domain) and organization.domains.filter(domain=domain).exists()


def record_sso_sign_in(user: User, organization: Organization) -> Membership:
    """Note that `user` proved membership of `organization` by signing in through its SSO.

    Ensures a Membership(source="sso"), keeping any existing membership as it is.
    """
    membership, _ = ensure_membership(user, organization, source=MembershipSource.SSO, by=user)
    return membership
