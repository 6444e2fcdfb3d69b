"""Organization rules (services.organizations.save_organization)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from equitylens.accounts.models import Organization, OrganizationDomain
from equitylens.accounts.services.organizations import (
    OrganizationDetails,
    SsoDetails,
    parse_domains,
    save_organization,
)
from equitylens.audit.models import LogEntry
from tests.factories import make_domain, make_organization, make_provider

pytestmark = pytest.mark.django_db

RIVERBEND = OrganizationDetails(
    name="Riverbend Health", slug="riverbend-health", kind="health_system",
    domains=("riverbendhealth.example",),
)  # fmt: skip


def errors_of(organization, details, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        save_organization(organization, details, **kwargs)
    return raised.value.message_dict


def test_domains_are_parsed_from_lines_commas_and_at_signs():
    assert parse_domains("A.example, @b.example\n\nc.example a.example") == (
        "a.example", "b.example", "c.example",
    )  # fmt: skip


def test_creating_and_updating_replaces_the_domains_and_logs():
    org = save_organization(None, RIVERBEND)
    assert list(org.domains.values_list("domain", flat=True)) == ["riverbendhealth.example"]
    save_organization(
        org, OrganizationDetails("Riverbend Health", "riverbend-health", "health_system",
                                 domains=("rbh.example",)),
    )  # fmt: skip
    assert list(OrganizationDomain.objects.values_list("domain", flat=True)) == ["rbh.example"]
    assert [e.action for e in LogEntry.objects.order_by("id")] == [
        "organization.created", "organization.updated",
    ]  # fmt: skip


def test_a_domain_belongs_to_one_organization():
    northside = make_organization("Northside Community Clinic")
    make_domain(northside, "riverbendhealth.example")
    errors = errors_of(None, RIVERBEND)
    assert errors["domains"] == [
        "“riverbendhealth.example” already belongs to Northside Community Clinic; "
        "remove it there first."
    ]


def test_there_is_only_one_accredited_provider():
    make_provider()
    details = OrganizationDetails("Another Society", "another", "provider")
    assert "already an accredited provider" in errors_of(None, details)["kind"][0]


def test_the_slug_is_unique_and_url_safe():
    make_organization(slug="riverbend-health")
    assert "taken by another organization" in errors_of(None, RIVERBEND)["slug"][0]
    bad = OrganizationDetails("X", "Not OK!", "clinic")
    assert "lower-case letters" in errors_of(None, bad)["slug"][0]


def test_the_slug_cannot_change_while_sso_is_set_up():
    org = save_organization(None, RIVERBEND, sso=SsoDetails("https://login.rbh.example", "c", "s"))
    renamed = OrganizationDetails("Riverbend Health", "rbh", "health_system")
    assert "can't change while single sign-on is set up" in errors_of(org, renamed)["slug"][0]


def test_a_bad_sso_setting_saves_nothing_at_all():
    errors = errors_of(None, RIVERBEND, sso=SsoDetails("https://login.rbh.example", "c", ""))
    assert errors == {"sso_secret": ["Client secret is required for a new single sign-on client."]}
    assert not Organization.objects.exists()
