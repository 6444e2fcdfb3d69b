"""Organizations: the accredited provider, health systems, clinics and their e-mail domains."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import DomainNameValidator
from django.db import transaction

from equitylens.accounts.models import Organization, OrganizationDomain, OrganizationKind
from equitylens.audit.services import log_action

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def accredited_provider() -> Organization | None:
    """The one accredited provider this deployment serves (None before setup)."""
    return Organization.objects.filter(kind=OrganizationKind.PROVIDER).first()


@dataclass(frozen=True)
class OrganizationDetails:
    """What a coordinator enters about an organization."""

    name: str
    slug: str
    kind: str
    short_name: str = ""
    domains: tuple[str, ...] = ()


@dataclass(frozen=True)
class SsoDetails:
    """An organization's OpenID Connect client; an empty secret keeps the current one."""

    issuer: str
    client_id: str
    secret: str = ""


def parse_domains(text: str) -> tuple[str, ...]:
    """Split e-mail domains typed one per line or separated by commas or spaces.

    Lower-cases them and drops a leading "@" and duplicates, keeping the order typed.
    """
    seen: dict[str, None] = {}
    for item in re.split(r"[\s,;]+", text):
        domain = item.strip().lower().lstrip("@")
        if domain:
            seen.setdefault(domain, None)
    return tuple(seen)


def _validate(details: OrganizationDetails, organization: Organization | None) -> None:
    errors: dict[str, list[str]] = {}
    others = Organization.objects.all()
    if organization is not None:
        others = others.exclude(pk=organization.pk)
    if not details.name.strip():
        errors["name"] = ["Name is required, e.g. “Riverbend Health”."]
    if not SLUG_RE.match(details.slug):
        errors["slug"] = [
            "Slug must be lower-case letters, digits and single hyphens, e.g. “riverbend-health”."
        ]
    elif others.filter(slug=details.slug).exists():
        errors["slug"] = [
            f"Slug “{details.slug}” is taken by another organization; choose another."
        ]
    elif organization is not None and organization.has_sso and details.slug != organization.slug:
        errors["slug"] = [
            "Slug can't change while single sign-on is set up: the identity provider knows "
            f"the redirect address with “{organization.slug}”. Remove SSO first."
        ]
    if details.kind not in OrganizationKind.values:
        errors["kind"] = ["Kind: choose one from the list."]
    elif (
        details.kind == OrganizationKind.PROVIDER
        and others.filter(kind=OrganizationKind.PROVIDER).exists()
    ):
        errors["kind"] = [
            "There is already an accredited provider; one deployment serves exactly one."
        ]
    domain_errors = []
    check_domain = DomainNameValidator(accept_idna=False)
    for domain in details.domains:
        try:
            check_domain(domain)
        except ValidationError:
            domain_errors.append(f"“{domain}” is not an e-mail domain; write it like example.org.")
            continue
        owner = (
            OrganizationDomain.objects.filter(domain=domain, organization__in=others)
            .select_related("organization")
            .first()
        )
        if owner is not None:
            domain_errors.append(
                f"“{domain}” already belongs to {owner.organization.name}; remove it there first."
            )
    if domain_errors:
        errors["domains"] = domain_errors
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_organization(
    organization: Organization | None,
    details: OrganizationDetails,
    *,
    sso: SsoDetails | None = None,
    remove_sso: bool = False,
    by: Any = None,
) -> Organization:
    """Create an organization (`organization` None) or change one, with its e-mail domains.

    Rules: the slug is unique, URL-safe and fixed while SSO is set up; there is at
    most one accredited provider; each e-mail domain belongs to one organization
    (a verified address in it proves membership). The domains given replace the
    current ones. `sso` sets up or changes single sign-on (see sso.configure_sso);
    `remove_sso` turns it off. Raises ValidationError keyed by field name; nothing is
    saved unless everything is valid. Logs ``organization.created`` or
    ``organization.updated``.
    """
    from equitylens.accounts.services import sso as sso_service

    details = OrganizationDetails(
        name=details.name.strip(),
        slug=details.slug.strip().lower(),
        kind=details.kind,
        short_name=details.short_name.strip(),
        domains=tuple(d.strip().lower().lstrip("@") for d in details.domains if d.strip()),
    )
    _validate(details, organization)
    created = organization is None
    if organization is None:
        organization = Organization()
    organization.name = details.name
    organization.slug = details.slug
    organization.kind = details.kind
    organization.short_name = details.short_name
    organization.save()
    OrganizationDomain.objects.filter(organization=organization).exclude(
        domain__in=details.domains
    ).delete()
    for domain in details.domains:
        OrganizationDomain.objects.get_or_create(organization=organization, domain=domain)
    log_action(
        by,
        "organization.created" if created else "organization.updated",
        organization,
        slug=organization.slug,
        domains=list(details.domains),
    )
    if remove_sso:
        sso_service.remove_sso(organization, by=by)
    elif sso is not None:
        try:
            sso_service.configure_sso(
                organization,
                issuer=sso.issuer,
                client_id=sso.client_id,
                secret=sso.secret,
                by=by,
            )
        except ValidationError as exc:
            field = _sso_field(exc)
            raise ValidationError({field: exc.messages}) from exc
    elif organization.sso_app is not None and organization.sso_app.name != organization.name:
        organization.sso_app.name = organization.name
        organization.sso_app.save(update_fields=["name"])
    return organization


def _sso_field(exc: ValidationError) -> str:
    """The form field an sso.configure_sso error belongs to (by its error code)."""
    return {"client_id": "sso_client_id", "secret": "sso_secret"}.get(
        getattr(exc, "code", None) or "", "sso_issuer"
    )
