"""Configuring an organization's SSO: the service and `equitylens organization_sso`."""

from __future__ import annotations

from io import StringIO

import pytest
from allauth.socialaccount.models import SocialApp
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from equitylens.accounts.services.sso import configure_sso, redirect_uri, remove_sso
from equitylens.audit.models import LogEntry
from tests.factories import make_organization

pytestmark = pytest.mark.django_db


def test_configure_creates_the_openid_connect_client_named_by_the_slug():
    org = make_organization("Riverbend Health", slug="riverbend-health")
    app = configure_sso(org, issuer="https://login.rbh.example/", client_id="eq", secret="s")
    assert (app.provider, app.provider_id, app.name) == (
        "openid_connect", "riverbend-health", "Riverbend Health",
    )  # fmt: skip
    assert app.settings == {"server_url": "https://login.rbh.example"}
    org.refresh_from_db()
    assert org.sso_app == app
    entry = LogEntry.objects.get(action="organization.sso_configured")
    assert "s" not in entry.data.values(), "the secret is never logged"


def test_configuring_again_updates_the_same_client():
    org = make_organization(slug="riverbend-health")
    first = configure_sso(org, issuer="https://a.example", client_id="one", secret="s1")
    second = configure_sso(org, issuer="https://b.example", client_id="two")
    assert first.pk == second.pk and SocialApp.objects.count() == 1
    assert (second.client_id, second.secret) == ("two", "s1")


@pytest.mark.parametrize(
    ("issuer", "message"),
    [
        ("login.example.org", "must be a full address"),
        ("http://login.example.org", "must use https://"),
        ("https://login.example.org/?x=1", "must not contain"),
    ],
)
def test_unusable_issuers_are_refused(issuer, message):
    with pytest.raises(ValidationError) as raised:
        configure_sso(make_organization(), issuer=issuer, client_id="c", secret="s")
    assert message in raised.value.messages[0]
    assert not SocialApp.objects.exists()


@pytest.mark.parametrize("issuer", ["http://127.0.0.1:8001", "http://localhost:9400"])
def test_plain_http_is_allowed_only_on_this_machine(issuer):
    configure_sso(make_organization(), issuer=issuer, client_id="c", secret="s")


def test_a_new_client_needs_a_secret_and_every_client_an_id():
    with pytest.raises(ValidationError, match="Client secret is required"):
        configure_sso(make_organization(), issuer="https://a.example", client_id="c")
    with pytest.raises(ValidationError, match="Client ID is required"):
        configure_sso(make_organization(), issuer="https://a.example", client_id=" ", secret="s")


def test_redirect_uri_is_the_site_address_plus_the_callback():
    org = make_organization(slug="riverbend-health")
    assert (
        redirect_uri(org) == "http://127.0.0.1:8000/accounts/oidc/riverbend-health/login/callback/"
    )


def test_remove_turns_sso_off():
    org = make_organization(slug="riverbend-health")
    configure_sso(org, issuer="https://a.example", client_id="c", secret="s")
    remove_sso(org)
    org.refresh_from_db()
    assert org.sso_app is None and not SocialApp.objects.exists()


def test_command_configures_sso_and_prints_the_redirect_uri():
    org = make_organization(slug="riverbend-health")
    out = StringIO()
    call_command(
        "organization_sso", "riverbend-health", "--issuer", "https://login.rbh.example",
        "--client-id", "eq-demo", "--secret", "s3cret", stdout=out,
    )  # fmt: skip
    org.refresh_from_db()
    assert org.sso_app.client_id == "eq-demo" and org.sso_app.secret == "s3cret"
    assert "/accounts/oidc/riverbend-health/login/callback/" in out.getvalue()


def test_command_explains_unknown_slugs_and_bad_issuers():
    make_organization(slug="riverbend-health")
    with pytest.raises(CommandError, match=r"No organization with slug 'nope'.*riverbend-health"):
        call_command(
            "organization_sso", "nope", "--issuer", "https://a.example", "--client-id", "c"
        )
    with pytest.raises(CommandError, match="must use https"):
        call_command(
            "organization_sso", "riverbend-health", "--issuer", "http://a.example",
            "--client-id", "c", "--secret", "s",
        )  # fmt: skip


def test_command_can_remove_sso():
    org = make_organization(slug="riverbend-health")
    configure_sso(org, issuer="https://a.example", client_id="c", secret="s")
    call_command("organization_sso", "riverbend-health", "--remove", stdout=StringIO())
    org.refresh_from_db()
    assert org.sso_app is None
