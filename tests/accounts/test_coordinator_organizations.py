"""Back office: coordinators list, add and edit organizations, their domains and SSO."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialApp
from django.urls import reverse

from equitylens.accounts.models import Organization
from equitylens.accounts.services.sso import configure_sso
from tests.factories import make_coordinator, make_domain, make_learner, make_organization

pytestmark = pytest.mark.django_db


def details(**changes) -> dict[str, str]:
    data = {
        "name": "Riverbend Health",
        "short_name": "",
        "slug": "riverbend-health",
        "kind": "health_system",
        "domains": "riverbendhealth.example\n@RBH.example",
        "sso_issuer": "",
        "sso_client_id": "",
        "sso_secret": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("url", ["coordinator:organizations", "coordinator:organization_create"])
def test_only_coordinators_with_two_factor_get_in(client, url):
    assert client.get(reverse(url))["Location"].startswith(reverse("account_login"))
    client.force_login(make_learner())
    assert client.get(reverse(url)).status_code == 403
    client.force_login(make_coordinator(with_totp=False))
    assert client.get(reverse(url))["Location"] == reverse("accounts:mfa_required")
    client.force_login(make_coordinator())
    assert client.get(reverse(url)).status_code == 200


def test_list_shows_kind_domains_sso_and_members(client):
    riverbend = make_organization("Riverbend Health", slug="riverbend-health")
    make_domain(riverbend, "riverbendhealth.example")
    configure_sso(riverbend, issuer="https://login.rbh.example", client_id="c", secret="s")
    client.force_login(make_coordinator())
    html = client.get(reverse("coordinator:organizations")).content.decode()
    assert "Riverbend Health</a>" in html and "riverbendhealth.example" in html
    assert "On (https://login.rbh.example)" in html


def test_adding_an_organization_with_domains_and_sso(client):
    client.force_login(make_coordinator())
    response = client.post(
        reverse("coordinator:organization_create"),
        details(sso_issuer="https://login.rbh.example/", sso_client_id="eq-1", sso_secret="s3"),
    )
    assert response["Location"] == reverse(
        "coordinator:organization_edit", args=["riverbend-health"]
    )
    org = Organization.objects.get(slug="riverbend-health")
    assert sorted(org.domains.values_list("domain", flat=True)) == [
        "rbh.example", "riverbendhealth.example",
    ]  # fmt: skip
    app = org.sso_app
    assert (app.provider, app.provider_id, app.client_id, app.secret) == (
        "openid_connect", "riverbend-health", "eq-1", "s3",
    )  # fmt: skip
    assert app.settings["server_url"] == "https://login.rbh.example"
    page = client.get(response["Location"]).content.decode()
    assert "http://127.0.0.1:8000/accounts/oidc/riverbend-health/login/callback/" in page
    assert "s3" not in page, "the secret is never shown again"


def test_editing_keeps_the_secret_when_left_empty_and_can_turn_sso_off(client):
    org = make_organization("Riverbend Health", slug="riverbend-health")
    configure_sso(org, issuer="https://login.rbh.example", client_id="eq-1", secret="s3")
    client.force_login(make_coordinator())
    url = reverse("coordinator:organization_edit", args=[org.slug])

    client.post(url, details(sso_issuer="https://idp.rbh.example", sso_client_id="eq-2"))
    app = SocialApp.objects.get(provider_id="riverbend-health")
    assert (app.client_id, app.secret, app.settings["server_url"]) == (
        "eq-2", "s3", "https://idp.rbh.example",
    )  # fmt: skip

    client.post(url, details(remove_sso="on"))
    org.refresh_from_db()
    assert org.sso_app is None
    assert not SocialApp.objects.filter(provider_id="riverbend-health").exists()


def test_problems_are_shown_on_their_fields_and_nothing_is_saved(client):
    other = make_organization("Northside Community Clinic", slug="northside")
    make_domain(other, "northside.example")
    client.force_login(make_coordinator())
    response = client.post(
        reverse("coordinator:organization_create"),
        details(slug="Bad Slug", domains="northside.example\nnot a domain",
                sso_issuer="http://idp.example", sso_client_id="x", sso_secret="y"),
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "Slug must be lower-case letters" in html
    assert "already belongs to Northside Community Clinic" in html
    assert not Organization.objects.filter(name="Riverbend Health").exists()


def test_a_bad_issuer_is_reported_on_the_issuer_field(client):
    client.force_login(make_coordinator())
    html = client.post(
        reverse("coordinator:organization_create"),
        details(sso_issuer="http://idp.example", sso_client_id="x", sso_secret="y"),
    ).content.decode()
    assert 'id="id_sso_issuer_error"' in html and "must use https://" in html
    assert not Organization.objects.filter(slug="riverbend-health").exists()
