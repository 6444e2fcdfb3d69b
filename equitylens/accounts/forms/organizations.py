"""The coordinator's organization form: details, e-mail domains and the SSO client."""

from __future__ import annotations

from typing import Any

from django import forms

from equitylens.accounts.models import Organization, OrganizationKind
from equitylens.accounts.services.organizations import (
    OrganizationDetails,
    SsoDetails,
    parse_domains,
)


class OrganizationForm(forms.Form):
    """Shapes input for services.organizations.save_organization, which holds the rules."""

    name = forms.CharField(label="Name", max_length=200, required=False)
    short_name = forms.CharField(
        label="Short name (optional)",
        max_length=60,
        required=False,
        help_text="Shown where space is short, e.g. “LMS”.",
    )
    slug = forms.CharField(
        label="Slug",
        max_length=50,
        required=False,
        help_text="Used in addresses, e.g. riverbend-health. Lower-case letters, digits, hyphens.",
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("", "Choose a kind"), *OrganizationKind.choices],
        required=False,
    )
    domains = forms.CharField(
        label="E-mail domains (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=(
            "One per line, e.g. riverbendhealth.example. A person with a verified address in "
            "one of them becomes a member."
        ),
    )
    sso_issuer = forms.CharField(
        label="SSO issuer URL (optional)",
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"spellcheck": "false"}),
        help_text="The OpenID Connect issuer, e.g. https://login.riverbendhealth.example.",
    )
    sso_client_id = forms.CharField(label="SSO client ID", max_length=191, required=False)
    sso_secret = forms.CharField(
        label="SSO client secret",
        max_length=191,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Leave empty to keep the current secret.",
    )
    remove_sso = forms.BooleanField(
        label="Turn off single sign-on for this organization", required=False
    )

    def __init__(self, *args: Any, organization: Organization | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.organization = organization
        if organization is None or not organization.has_sso:
            del self.fields["remove_sso"]
            self.fields[
                "sso_secret"
            ].help_text = "Given by your identity provider with the client ID."

    def details(self) -> OrganizationDetails:
        data = self.cleaned_data
        return OrganizationDetails(
            name=data["name"],
            slug=data["slug"],
            kind=data["kind"],
            short_name=data["short_name"],
            domains=parse_domains(data["domains"]),
        )

    def sso(self) -> SsoDetails | None:
        """The SSO client typed, or None when the SSO fields are all empty."""
        data = self.cleaned_data
        if not (data["sso_issuer"] or data["sso_client_id"] or data["sso_secret"]):
            return None
        return SsoDetails(data["sso_issuer"], data["sso_client_id"], data["sso_secret"])

    def wants_sso_removed(self) -> bool:
        return bool(self.cleaned_data.get("remove_sso"))


def initial_for(organization: Organization) -> dict[str, Any]:
    """The form's initial values for an existing organization (never the secret)."""
    app = organization.sso_app
    return {
        "name": organization.name,
        "short_name": organization.short_name,
        "slug": organization.slug,
        "kind": organization.kind,
        "domains": "\n".join(organization.domains.values_list("domain", flat=True)),
        "sso_issuer": (app.settings or {}).get("server_url", "") if app else "",
        "sso_client_id": app.client_id if app else "",
    }
